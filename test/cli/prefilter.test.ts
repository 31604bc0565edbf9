/**
 * The scans' shortcut (`Analyzer.mayHaveFindings`) must never lose a finding: a file it says
 * needs no parse (none of the enabled rules' trigger words, no `nosec`) must have no findings
 * when analysed anyway. Checked for every finding of every fixture with only its rule enabled, so a rule
 * whose `triggers` miss a way it can fire fails here.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { LANGUAGES, languageForPath, type Language } from '../../server/src/core/languages';
import { nosecWithoutJustification } from '../../server/src/core/rules/hygiene/VG001-nosec-without-justification';
import { testAnalyzer } from '../support/analyzer';
import { FIXTURES } from '../support/fixtures';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return languageForPath(path) ? [path] : [];
  });
}

describe('scan prefilter', () => {
  it('parses every file where an enabled rule reports something', async () => {
    const analyzer = await testAnalyzer();
    const needsParse = (text: string, language: Language, select: string[]): boolean => analyzer.mayHaveFindings(text, language, { select });
    const lost: string[] = [];
    let skippable = 0;
    for (const path of sourceFiles(FIXTURES)) {
      const language = languageForPath(path)!;
      const text = readFileSync(path, 'utf8');
      const { findings, suppressed } = analyzer.analyze(text, language, { path });
      for (const finding of [...findings, ...suppressed]) {
        // Rules are independent, so a finding of rule R is also found with only R selected; VG001
        // needs another rule's finding, so it is checked with every rule enabled.
        const select = finding.ruleId === nosecWithoutJustification.meta.id ? [] : [finding.ruleId];
        if (!needsParse(text, language, select)) lost.push(`${relative(FIXTURES, path)}: ${finding.ruleId} at offset ${finding.start} would be lost: no trigger word in the file`);
      }
      if (!needsParse(text, language, [])) skippable++;
    }
    assert.deepEqual(lost, []);
    assert.ok(skippable > 0, 'some fixture needs no parse at all');
  });

  it('parses a file with an unused nosec and no trigger word, because VG002 reports it', async () => {
    const analyzer = await testAnalyzer();
    const text = 'answer = 42  # nosec B113\n';
    assert.equal(analyzer.mayHaveFindings(text, LANGUAGES.python, { select: ['VG002'] }), true);
    assert.equal(analyzer.mayHaveFindings(text, LANGUAGES.python, { select: ['B113'] }), false);
  });
});
