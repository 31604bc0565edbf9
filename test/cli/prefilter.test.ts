/**
 * The scan's shortcut must never lose a finding: a file the prefilter says needs no parse
 * (none of the enabled rules' trigger words, no `nosec`) must have no findings when analysed
 * anyway. Checked for every finding of every fixture with only its rule enabled, so a rule
 * whose `triggers` miss a way it can fire fails here.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { languageForPath } from '../../server/src/core/languages';
import { nosecWithoutJustification } from '../../server/src/core/rules/hygiene/VG001-nosec-without-justification';
import { Prefilter } from '../../server/src/cli/scan';
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
    const everything = new Prefilter({ select: [], ignore: [] });
    const lost: string[] = [];
    let skippable = 0;
    for (const path of sourceFiles(FIXTURES)) {
      const language = languageForPath(path)!;
      const text = readFileSync(path, 'utf8');
      const { findings, suppressed } = analyzer.analyze(text, language, { path });
      for (const finding of [...findings, ...suppressed]) {
        // Rules are independent, so a finding of rule R is also found with only R selected; VG001
        // needs another rule's finding, so it is checked with every rule enabled.
        const alone = finding.ruleId === nosecWithoutJustification.meta.id ? everything : new Prefilter({ select: [finding.ruleId], ignore: [] });
        if (!alone.needsParse(text, language.family)) lost.push(`${relative(FIXTURES, path)}: ${finding.ruleId} at offset ${finding.start} would be lost: no trigger word in the file`);
      }
      if (!everything.needsParse(text, language.family)) skippable++;
    }
    assert.deepEqual(lost, []);
    assert.ok(skippable > 0, 'some fixture needs no parse at all');
  });

  it('parses a file with an unused nosec and no trigger word, because VG002 reports it', () => {
    const text = 'answer = 42  # nosec B113\n';
    assert.equal(new Prefilter({ select: ['VG002'], ignore: [] }).needsParse(text, 'python'), true);
    assert.equal(new Prefilter({ select: ['B113'], ignore: [] }).needsParse(text, 'python'), false);
  });
});
