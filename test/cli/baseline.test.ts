/**
 * `--baseline FILE`: only findings an earlier JSON or SARIF report does not have are reported,
 * however the code around them moved.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scanJson, vigil } from './run';

const BEFORE = ['import requests', '', 'def a(url):', '    return requests.get(url)', '', 'def b(url):', '    return requests.get(url)', '', 'requests.post(URL)', ''].join('\n');

/** The same findings, moved: lines inserted above, functions swapped, indentation changed. */
const MOVED = ['"""Now with a docstring."""', 'import requests', 'import os', '', '', 'def b(url):', '    # comment', '    return requests.get(url)', '', 'def a(url):', '    return requests.get(url)', '', 'if True:', '    requests.post(URL)', ''].join('\n');

describe('vigil scan --baseline', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-baseline-'));
    writeFileSync(join(dir, 'app.py'), BEFORE);
    writeFileSync(join(dir, 'other.py'), 'import requests\nrequests.get(URL)\n');
    for (const format of ['json', 'sarif']) {
      const result = await vigil(['scan', '--select', 'B113', '--format', format, '--output', `baseline.${format}`], { cwd: dir });
      assert.equal(result.code, 1, result.stderr);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['json', 'sarif']) {
    it(`a ${format} baseline: moved findings are known; new ones, and extra copies of known ones, are reported`, async () => {
      writeFileSync(join(dir, 'app.py'), MOVED);
      const moved = await scanJson(['--select', 'B113', '--baseline', `baseline.${format}`], { cwd: dir });
      assert.deepEqual(moved.json.findings, [], 'every finding moved but none is new');
      assert.equal(moved.result.code, 0, 'nothing new: the scan passes');
      assert.deepEqual((moved.json.stats as { baseline?: unknown }).baseline, { file: `baseline.${format}`, known: 4 });

      const grown = `${MOVED}requests.put(URL)\n\ndef c(url):\n    return requests.get(url)\n`;
      writeFileSync(join(dir, 'app.py'), grown);
      try {
        const added = await scanJson(['--select', 'B113', '--baseline', `baseline.${format}`], { cwd: dir });
        const lines = grown.split('\n');
        // The new put, and a third identical `return requests.get(url)` where there were two.
        const want = [lines.indexOf('requests.put(URL)') + 1, lines.lastIndexOf('    return requests.get(url)') + 1];
        assert.deepEqual(added.json.findings.map((f) => `${f.file}:${f.line}`), want.map((line) => `app.py:${line}`));
        assert.equal(added.result.code, 1);
      } finally {
        writeFileSync(join(dir, 'app.py'), BEFORE);
      }
    });
  }

  it('reports a finding in a file the baseline did not have, and a finding whose rule or file changed', async () => {
    writeFileSync(join(dir, 'new.py'), 'import requests\nrequests.get(URL)\n');
    const { json } = await scanJson(['--select', 'B113', '--baseline', 'baseline.sarif'], { cwd: dir });
    assert.deepEqual(json.findings.map((f) => f.file), ['new.py']);
    rmSync(join(dir, 'new.py'));
  });

  it('refuses a baseline that is not a report: exit 2, one line', async () => {
    writeFileSync(join(dir, 'junk.json'), '{"hello": 1}');
    writeFileSync(join(dir, 'broken.json'), '{"findings": [');
    for (const [file, message] of [['junk.json', /not a vigil JSON or SARIF report/], ['broken.json', /not JSON/], ['missing.json', /ENOENT/]] as const) {
      const result = await vigil(['scan', '--baseline', file], { cwd: dir });
      assert.equal(result.code, 2);
      assert.match(result.stderr, new RegExp(`^vigil: cannot read baseline .*${file.replace('.', '\\.')}: .*${message.source}.*\\n$`));
    }
  });
});
