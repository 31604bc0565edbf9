/**
 * `--format markdown`: the security summary, checked against the JSON report of the same scan
 * of test/fixtures/cli-tree (every count, rule, file, waiver and error appears, and agrees).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { rulesById } from '../../server/src/core/rules/registry';
import { helpUri } from '../../server/src/cli/format/sarif';
import { scanJson, vigil, type JsonReport } from './run';
import { expectedSuppressed, SELECT } from './tree';

/** The rows of the Markdown table under `## heading`, as arrays of cell texts. */
function table(markdown: string, heading: string): string[][] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  assert.ok(section, `a "## ${heading}" section`);
  const rows = section.split('\n').filter((line) => line.startsWith('|'));
  return rows.slice(2).map((row) => row.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
}

describe('vigil scan --format markdown', () => {
  let markdown: string;
  let json: JsonReport;
  let code: number | null;

  before(async () => {
    const result = await vigil(['scan', ...SELECT, '--format', 'markdown']);
    markdown = result.stdout;
    code = result.code;
    json = (await scanJson(SELECT)).json;
  });

  it('exits like the other formats and starts with a one-line summary', () => {
    assert.equal(code, 1);
    const { stats } = json;
    assert.match(markdown, new RegExp(`^# Vigil security report\\n\\n\\*\\*${stats.findings.total} findings\\*\\* in ${stats.files} files \\(${stats.lines} lines\\); ${stats.suppressed} suppressed`));
  });

  it('counts findings by severity and confidence', () => {
    const rows = table(markdown, 'Severity and confidence');
    const levels = ['high', 'medium', 'low'] as const;
    for (const [index, severity] of levels.entries()) {
      const want = levels.map((confidence) => json.findings.filter((f) => f.severity === severity && f.confidence === confidence).length);
      assert.deepEqual(rows[index]!.slice(1).map(Number), [...want, want.reduce((a, b) => a + b, 0)], severity);
    }
    assert.equal(rows[3]!.at(-1), `**${json.stats.findings.total}**`);
  });

  it('lists every rule with its name, CWE link, documentation link and counts', () => {
    const rows = table(markdown, 'By rule');
    const suppressed = expectedSuppressed();
    const ids = [...new Set([...json.findings.map((f) => f.rule), ...suppressed.map((s) => s.rule)])].sort();
    assert.deepEqual(rows.map((row) => /^\[(\w+)\]/.exec(row[0]!)?.[1]).sort(), ids);
    for (const row of rows) {
      const id = /^\[(\w+)\]\(([^)]+)\)$/.exec(row[0]!)!;
      const rule = rulesById(id[1]!)[0]!;
      assert.equal(id[2], helpUri(rule));
      assert.equal(row[1], rule.meta.name);
      assert.equal(row[3], `[CWE-${rule.meta.cwe}](https://cwe.mitre.org/data/definitions/${rule.meta.cwe}.html)`);
      assert.equal(Number(row[4]), json.findings.filter((f) => f.rule === id[1]).length);
      assert.equal(Number(row[5]), suppressed.filter((s) => s.rule === id[1]).length);
    }
  });

  it('lists every file with findings, worst first', () => {
    const rows = table(markdown, 'By file');
    const files = [...new Set(json.findings.map((f) => f.file))];
    assert.deepEqual(rows.map((row) => row[0]!.replace(/`/g, '')).filter((file) => files.includes(file)).sort(), files.sort());
    for (const row of rows) {
      const file = row[0]!.replace(/`/g, '');
      assert.equal(Number(row[4]), json.findings.filter((f) => f.file === file).length, file);
    }
    const totals = rows.map((row) => Number(row[1]) * 1e6 + Number(row[2]) * 1e3 + Number(row[3]));
    assert.deepEqual(totals, [...totals].sort((a, b) => b - a));
  });

  it('lists every finding', () => {
    const section = markdown.split(/^## /m).find((part) => part.startsWith('Findings\n'))!;
    const items = section.split('\n').filter((line) => line.startsWith('- '));
    assert.deepEqual(
      items.map((item) => /^- `([^`]+)` \*\*(\w+)\*\*/.exec(item)!.slice(1).join(' ')),
      json.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`),
    );
  });

  it('lists every nosec waiver with its justification, and flags those without one', () => {
    const rows = table(markdown, 'Documented false positives');
    const want = expectedSuppressed();
    assert.deepEqual(rows.map((row) => row[3]).sort(), want.map((w) => w.justification ?? '⚠️ **none given**').sort());
    const missing = want.filter((w) => !w.justification).length;
    assert.ok(missing > 0, 'the tree has a waiver without a justification');
    assert.match(markdown, new RegExp(`\\*\\*${missing} without a justification\\*\\*`));
  });

  it('lists the errors, and prints the same report twice (no timings)', async () => {
    const section = markdown.split(/^## /m).find((part) => part.startsWith('Errors\n'))!;
    for (const error of json.errors) assert.ok(section.includes(`\`${error.file}\`: ${error.message}`), error.file);
    assert.equal((await vigil(['scan', ...SELECT, '--format', 'markdown'])).stdout, markdown);
  });

  it('keeps table cells intact when a justification holds a pipe or markup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-markdown-'));
    try {
      writeFileSync(join(dir, 'a.py'), 'import requests\nrequests.get(URL)  # nosec B113 - a | b <script>\n');
      const { stdout } = await vigil(['scan', '--select', 'B113', '--format', 'markdown'], { cwd: dir });
      const rows = table(stdout, 'Documented false positives');
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.length, 4, 'four cells: the pipe is escaped');
      assert.equal(rows[0]![3], 'a \\| b &lt;script&gt;');
      assert.match(stdout, /No findings in 1 file/);
      assert.match(stdout, /each with a justification/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
