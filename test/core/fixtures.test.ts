/**
 * Rule fixtures, strict both ways: every `# expect:` must be found on its line, and every
 * finding must be expected. Where a golden `.fixed` file exists, applying the fixes must
 * produce it exactly, parse without new syntax errors, and leave nothing fixable behind.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { describe, it } from 'node:test';
import { languageForPath } from '../../server/src/core/languages';
import type { Analyzer } from '../../server/src/core/analyzer';
import type { Language } from '../../server/src/core/languages';
import { testAnalyzer } from '../support/analyzer';
import { applyEdits } from '../support/edits';
import { parseExpectations } from '../support/expectations';
import { FIXTURES, fixtureFiles, goldenPath } from '../support/fixtures';

describe('rule fixtures', () => {
  for (const path of fixtureFiles()) {
    const name = relative(FIXTURES, path);
    const language = languageForPath(path)!;
    it(`${name}: findings match the inline expectations`, async () => {
      const analyzer = await testAnalyzer();
      const text = readFileSync(path, 'utf8');
      const result = analyzer.analyze(text, language, { path });
      assert.deepEqual(result.syntaxErrors, [], `${name} must parse without errors`);
      const actual = result.findings.map((finding) => `${lineOf(text, finding.start)}: ${finding.ruleId}`).sort(byLine);
      const expected = parseExpectations(text).map((e) => `${e.line}: ${e.ruleId}`).sort(byLine);
      assert.deepEqual(actual, expected, `findings (line: rule) of ${name}`);
    });

    const golden = goldenPath(path);
    if (existsSync(golden)) {
      it(`${name}: fixes produce ${basename(golden)}, which parses and has nothing left to fix`, async () => {
        const analyzer = await testAnalyzer();
        const fixed = applyAllFixes(analyzer, readFileSync(path, 'utf8'), language, path);
        assert.equal(fixed, readFileSync(golden, 'utf8'));
        const after = analyzer.open(fixed, language, { path });
        try {
          assert.deepEqual(after.result().syntaxErrors, [], 'the fixed file parses');
          const leftover = after.result().findings.filter((finding) => after.fixes(finding).length > 0);
          assert.deepEqual(leftover.map((f) => `${lineOf(fixed, f.start)}: ${f.ruleId}`), [], 'nothing fixable is left');
        } finally {
          after.dispose();
        }
      });
    }
  }
});

/**
 * Apply the preferred (first) fix of one finding at a time, re-analysing in between, the way a
 * user clicking through quick fixes would; stop when nothing fixable is left.
 */
export function applyAllFixes(analyzer: Analyzer, text: string, language: Language, path: string): string {
  for (let round = 0; round < 200; round++) {
    const document = analyzer.open(text, language, { path });
    try {
      const next = document.result().findings.map((finding) => document.fixes(finding)[0]).find((fix) => fix !== undefined);
      if (!next) return text;
      text = applyEdits(text, next.edits);
    } finally {
      document.dispose();
    }
  }
  throw new Error('fixes did not converge in 200 rounds: a fix leaves its finding fixable');
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function byLine(a: string, b: string): number {
  return parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b);
}
