import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { INJECTION_GRAMMARS, loadTheme, paint, type BaseScope, type Style } from './textmate';

const ROOT = join(__dirname, '..', '..');

describe('injection grammar files', () => {
  for (const contribution of INJECTION_GRAMMARS) {
    it(`${contribution.path} names its scope and injects only into comments`, () => {
      const grammar = JSON.parse(readFileSync(join(ROOT, contribution.path), 'utf8'));
      assert.equal(grammar.scopeName, contribution.scopeName);
      for (const selector of grammar.injectionSelector.split(',')) assert.match(selector.trim(), /^L:comment\.line\.[\w.-]+ - string$/);
    });
  }

  it('package.json contributes each of them (once contributes.grammars exists)', (t) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const contributed: unknown[] | undefined = manifest.contributes?.grammars;
    if (!contributed) return t.skip('package.json has no contributes.grammars yet');
    for (const expected of INJECTION_GRAMMARS) assert.deepEqual(contributed.find((entry) => (entry as { scopeName?: string }).scopeName === expected.scopeName), expected);
  });
});

/** VS Code's built-in themes, and two popular ones from the Marketplace. */
const THEMES = ['dark-plus', 'light-plus', 'monokai', 'solarized-dark', 'solarized-light', 'github-dark', 'one-dark-pro'];

const LINES: Record<string, { justified: string; unjustified: string }> = {
  'source.python': { justified: 'load(p)  # nosec B614 - weights we trained', unjustified: 'load(p)  # nosec B614' },
  'source.ts': { justified: 'eval(s); // nosec B307 - s is a literal', unjustified: 'eval(s); // nosec B307' },
};

/** Tokens of one colour are merged, so blanks around `text` may share its token. */
function styleOf(painted: { text: string; style: Style }[], text: string): Style {
  const token = painted.find((candidate) => candidate.text.trim() === text);
  assert.ok(token, `no token ${JSON.stringify(text)} in ${JSON.stringify(painted.map((candidate) => candidate.text))}`);
  return token.style;
}

describe('what a person sees in common themes', () => {
  for (const name of THEMES) {
    for (const [scopeName, { justified, unjustified }] of Object.entries(LINES)) {
      it(`${name}, ${scopeName}: nosec, IDs and justification stand out from the comment; a missing justification shows`, async () => {
        const theme = loadTheme(name);
        const withReason = await paint(scopeName as BaseScope, justified, theme);
        const withoutReason = await paint(scopeName as BaseScope, unjustified, theme);
        const comment = styleOf(withReason, scopeName === 'source.python' ? '#' : '//');
        const keyword = styleOf(withReason, 'nosec');
        const id = styleOf(withReason, justified.match(/B\d{3}/)![0]);
        const reason = styleOf(withReason, justified.slice(justified.lastIndexOf(' - ') + 3));
        assert.notEqual(keyword.foreground, comment.foreground, 'nosec looks like the comment');
        assert.notEqual(id.foreground, comment.foreground, 'the rule ID looks like the comment');
        assert.notEqual(id.foreground, keyword.foreground, 'the rule ID looks like nosec');
        assert.notEqual(reason.foreground, comment.foreground, 'the justification looks like the comment');
        assert.notDeepEqual(styleOf(withoutReason, 'nosec'), keyword, 'nosec without a justification looks like one with');
      });
    }
  }
});
