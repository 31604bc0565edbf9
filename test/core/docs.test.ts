import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderRuleDocs } from '../../server/src/core/docs';
import { ALL_RULES } from '../../server/src/core/rules/registry';

const SECTIONS = ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## Fix safety', '## References'];

describe('rule documentation', () => {
  for (const rule of ALL_RULES) {
    it(`${rule.meta.id} (${rule.family}) documents every section`, () => {
      const missing = SECTIONS.filter((section) => !rule.docs.includes(section));
      assert.deepEqual(missing, [], `${rule.meta.id} docs lack sections`);
    });
  }

  it('docs/rules/ is up to date with the rules (run `npm run docs` after changing a rule)', () => {
    for (const [name, text] of renderRuleDocs()) {
      let committed = '';
      try {
        committed = readFileSync(join(__dirname, '..', '..', 'docs', 'rules', name), 'utf8');
      } catch {
        // reported by the assertion below
      }
      assert.equal(committed, text, `docs/rules/${name} is stale`);
    }
  });

  it('rule IDs are unique per language and follow the documented scheme', () => {
    const seen = new Set<string>();
    for (const rule of ALL_RULES) {
      const key = `${rule.family}:${rule.meta.id}`;
      assert.ok(!seen.has(key), `${key} registered twice`);
      seen.add(key);
      assert.match(rule.meta.id, /^(B\d{3}|VG\d{3})$/);
    }
  });
});
