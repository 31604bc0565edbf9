/**
 * B506 (TS/JS) knows that js-yaml's load() used the full schema by default before 4.0
 * (options.jsYamlVersion, read from the project's lock file or package.json).
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../../server/src/core/languages';
import { applyEdits } from '../support/edits';
import { testAnalyzer } from '../support/analyzer';

const TEXT = [
  "import yaml from 'js-yaml';",
  "import { load } from 'js-yaml';",
  'declare const text: string;',
  'declare const options: object;',
  'export const a = yaml.load(text);',
  'export const b = load(text, { filename: "app.yml" });',
  'export const c: unknown[] = [];',
  'yaml.loadAll(text, (doc) => c.push(doc));',
  'export const d = yaml.safeLoad(text);',
  'export const e = yaml.load(text, { schema: yaml.JSON_SCHEMA });',
  'export const f = yaml.load(text, options);',
  '',
].join('\n');

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

describe('B506 with the project js-yaml version', () => {
  it('reports load() and loadAll() without a schema when the project installs js-yaml 3', async () => {
    const analyzer = await testAnalyzer();
    const findings = analyzer.analyze(TEXT, LANGUAGES.typescript, { jsYamlVersion: '3.14.1' }).findings.filter((f) => f.ruleId === 'B506');
    assert.deepEqual(findings.map((f) => [lineOf(TEXT, f.start), TEXT.slice(f.start, f.end)]), [[5, 'yaml.load'], [6, 'load'], [8, 'yaml.loadAll']]);
    assert.match(findings[0]!.message, /3\.14\.1/);
  });

  it('reports nothing of the kind for js-yaml 4 or when the version is unknown', async () => {
    const analyzer = await testAnalyzer();
    for (const jsYamlVersion of ['4.1.0', '4.0.0', undefined]) {
      assert.deepEqual(analyzer.analyze(TEXT, LANGUAGES.typescript, { jsYamlVersion }).findings.filter((f) => f.ruleId === 'B506'), [], String(jsYamlVersion));
    }
  });

  it('fixes by calling safeLoad / safeLoadAll, and the result parses and is clean', async () => {
    const analyzer = await testAnalyzer();
    let text = TEXT;
    // One fix at a time, re-analysing between, as an editor applies them.
    for (let round = 0; round < 5; round++) {
      const document = analyzer.open(text, LANGUAGES.typescript, { jsYamlVersion: '3.14.1' });
      try {
        const finding = document.result().findings.find((f) => f.ruleId === 'B506');
        if (!finding) break;
        const [fix] = document.fixes(finding);
        assert.ok(fix, `a fix for ${text.slice(finding.start, finding.end)}`);
        text = applyEdits(text, fix.edits);
      } finally {
        document.dispose();
      }
    }
    assert.match(text, /yaml\.safeLoad\(text\)/);
    assert.match(text, /yaml\.safeLoadAll\(text, /);
    // The file's default import serves for the named `load` too.
    assert.match(text, /export const b = (?:yaml\.)?safeLoad\(text, \{ filename/);
    const after = analyzer.analyze(text, LANGUAGES.typescript, { jsYamlVersion: '3.14.1' });
    assert.deepEqual(after.findings.filter((f) => f.ruleId === 'B506'), []);
    assert.deepEqual(after.syntaxErrors, []);
  });
});
