/**
 * The grammars highlight exactly what Vigil honours: for many spellings of a suppression comment,
 * what the tokens say (is it a suppression, which IDs, which justification, is one missing)
 * agrees with `findSuppressions`, the parser the analyser uses.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RULE_IDS_BY_NAME } from '../../server/src/core/rules/registry';
import { findSuppressions } from '../../server/src/core/suppression';
import { GRAMMAR_FILES, ruleIdPattern } from '../../scripts/grammar-names';
import { tokenize, type BaseScope, type Token } from './textmate';

const MARKERS = ['nosec', 'noqa', 'NOQA', 'NOSEC'];
const COLONS = ['', ':'];
const ID_LISTS = ['', ' B615', ' B615, B614', ' B615,B614', ',B615', ' S108', ' E501, S108', ' E501', ' b615', ' b615, B615', ' B615 note B614', ' PLR0913, S108', ' B615-x', ' SIM108', ' SIM108, S108', ' FURB101 S108 E501',
  ' assert_used', ' B615, hardcoded_tmp_directory', ' random value', ' xml_bad_cElementTree,B101', ' assert_used_not'];
const PROSE = ['', ' see docs'];
const SEPARATORS = ['', ' - ', ' -- ', ' -', '- ', ' --- ', ' -\t'];
const REASONS = ['', 'pinned revision', 'a - b', '  trailing  '];

function spellings(): string[] {
  const all = [];
  for (const marker of MARKERS)
    for (const colon of COLONS)
      for (const ids of ID_LISTS)
        for (const prose of PROSE)
          for (const separator of SEPARATORS) for (const reason of REASONS) all.push(`${marker}${colon}${ids}${prose}${separator}${reason}`);
  return all;
}

/** Comment openings Vigil reads a marker after, and ones it does not. */
const OPENINGS = {
  '#': ['# ', '#', '#   ', '## ', '# note # '],
  '//': ['// ', '//', '/// ', '// note // '],
};
const NOT_OPENINGS = {
  '#': ['# see ', '# TODO '],
  '//': ['// see ', '/* '],
};

interface Highlighted {
  syntax: string;
  ruleIds: string[];
  justification: string | undefined;
  missingJustification: boolean;
}

/** What the tokens of one comment line say about its first suppression. */
function readTokens(tokens: readonly Token[]): Highlighted | undefined {
  const has = (token: Token, scope: string) => token.scopes.includes(scope);
  const marker = tokens.find((token) => has(token, 'keyword.other.nosec.vigil') || has(token, 'keyword.other.noqa.vigil'));
  if (!marker) return undefined;
  const syntax = has(marker, 'keyword.other.nosec.vigil') ? 'nosec' : 'noqa';
  const ruleIds = tokens
    .filter((token) => has(token, 'variable.other.constant.rule-id.vigil'))
    .map((token) => (syntax === 'noqa' ? token.text.replace(/^S/, 'B') : (RULE_IDS_BY_NAME.get(token.text) ?? token.text)));
  const justification = tokens.filter((token) => has(token, 'string.unquoted.justification.vigil')).map((token) => token.text);
  return {
    syntax,
    ruleIds,
    justification: justification.length > 0 ? justification.join('') : undefined,
    missingJustification: has(marker, 'invalid.deprecated.missing-justification.vigil'),
  };
}

/** What the analyser makes of the same line, as the grammar should show it. */
function readAnalyser(line: string, prefix: '#' | '//'): Highlighted | undefined {
  const [found] = findSuppressions(line, prefix, () => true, RULE_IDS_BY_NAME);
  if (!found) return undefined;
  return { syntax: found.syntax, ruleIds: found.ruleIds, justification: found.justification, missingJustification: found.justification === undefined };
}

async function compare(scopeName: BaseScope, prefix: '#' | '//'): Promise<number> {
  // Every spelling after the usual opening; a spread sample of them after the others.
  const [usual, ...others] = OPENINGS[prefix];
  const sample = spellings().filter((_, index) => index % 23 === 0);
  const lines = [
    ...spellings().map((spelling) => usual + spelling),
    ...others.flatMap((opening) => sample.map((spelling) => opening + spelling)),
    ...NOT_OPENINGS[prefix].flatMap((opening) => ['nosec B615 - reason', 'nosec', 'noqa: S108'].map((spelling) => opening + spelling)),
  ];
  const tokens = await tokenize(scopeName, lines.join('\n'), { independent: true });
  const byLine = new Map<number, Token[]>();
  for (const token of tokens) byLine.set(token.line, [...(byLine.get(token.line) ?? []), token]);
  let suppressions = 0;
  lines.forEach((line, index) => {
    const expected = readAnalyser(line, prefix);
    if (expected) suppressions++;
    assert.deepEqual(readTokens(byLine.get(index) ?? []), expected, `${scopeName}: ${JSON.stringify(line)}`);
  });
  return suppressions;
}

describe('highlighting agrees with the suppressions Vigil honours', () => {
  it('the grammars know every rule name (run `npm run docs` after adding or renaming a rule)', () => {
    for (const file of GRAMMAR_FILES) {
      const text = readFileSync(file, 'utf8');
      assert.equal(text.split(JSON.stringify(ruleIdPattern()).slice(1, -1)).length - 1, 3, `${file} is stale`);
    }
  });

  it('in Python comments', async () => {
    const suppressions = await compare('source.python', '#');
    assert.ok(suppressions > 1500, `only ${suppressions} of the spellings are suppressions`);
  });

  for (const scopeName of ['source.ts', 'source.tsx', 'source.js', 'source.js.jsx'] as const) {
    it(`in ${scopeName} line comments`, async () => {
      const suppressions = await compare(scopeName, '//');
      assert.ok(suppressions > 1500, `only ${suppressions} of the spellings are suppressions`);
    });
  }
});
