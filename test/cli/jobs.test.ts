/**
 * `--jobs N`: the report does not depend on how many threads analysed the files: same
 * findings, errors, suppressions and stats, in the same order, in every format.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { discoverFiles } from '../../server/src/cli/files';
import { runScan, ScanPool, workerCount } from '../../server/src/cli/pool';
import { grammarsFor } from '../../server/src/cli/scan';
import { vigil } from './run';

/** Output with the only thing allowed to differ, the run time, blanked. */
function stable(format: string, stdout: string): string {
  if (format === 'text') return stdout.replace(/\(\d+\.\d+ s\)/, '(T s)');
  if (format === 'markdown') return stdout;
  const value = JSON.parse(stdout) as { stats?: { seconds?: number } };
  if (value.stats) value.stats.seconds = 0;
  return JSON.stringify(value);
}

describe('vigil scan --jobs', () => {
  let dir: string;
  before(() => {
    // Enough files that each of 3 workers gets many, in an order that interleaves languages,
    // file sizes and problems (a syntax error, invalid UTF-8, a binary file).
    dir = mkdtempSync(join(tmpdir(), 'vigil-jobs-'));
    for (let i = 0; i < 40; i++) {
      const sub = join(dir, `pkg${i % 7}`);
      mkdirSync(sub, { recursive: true });
      const calls = Array.from({ length: 1 + (i % 5) }, (_, k) => `requests.get(URL${k})${k % 3 === 0 ? '  # nosec B113 - fixture' : ''}`).join('\n');
      writeFileSync(join(sub, `m${i}.py`), `import requests\nimport yaml\n${calls}\nyaml.load(s)\n${i % 11 === 0 ? 'def broken(:\n' : ''}`);
      writeFileSync(join(sub, `c${i}.ts`), `import axios from 'axios';\nexport const r = axios.get(url${i});\n`);
    }
    writeFileSync(join(dir, 'latin.py'), Buffer.from('import requests\nx = "caf\xe9"\nrequests.get(u)\n', 'latin1'));
    writeFileSync(join(dir, 'blob.py'), Buffer.from([0x69, 0x00, 0x01]));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [format, counts] of [['json', [1, 2, 3]], ['sarif', [1, 3]], ['text', [1, 2]], ['markdown', [1, 2]]] as const) {
    it(`prints the same ${format} report with ${counts.join(', ')} jobs`, async () => {
      const runs = await Promise.all(counts.map((jobs) => vigil(['scan', '--format', format, '--jobs', String(jobs)], { cwd: dir })));
      for (const run of runs) assert.equal(run.code, 1, run.stderr);
      const [one, ...others] = runs.map((run) => stable(format, run.stdout));
      for (const other of others) assert.equal(other, one);
      assert.equal(runs[1]!.stderr, runs[0]!.stderr, 'the same errors, in the same order');
      assert.match(runs[0]!.stderr, /blob\.py: error: binary/);
    });
  }

  it('runScan returns reports in target order and reports progress once per file', async () => {
    const { targets } = discoverFiles(['.'], { cwd: dir, exclude: [] });
    const settings = { cwd: dir, options: { select: ['B113'], ignore: [] }, fix: 'none' as const, filter: { severity: 'low' as const, confidence: 'low' as const } };
    let calls = 0;
    let last = 0;
    const reports = await runScan({ targets, settings, grammars: grammarsFor(targets), distDir: undefined, jobs: 3, progress: (done) => ((calls += 1), (last = done)) });
    assert.deepEqual(
      reports.map((report) => report.file),
      targets.map((target) => target.path.slice(dir.length + 1)),
    );
    assert.deepEqual([calls, last], [targets.length, targets.length]);
  });

  it('a pool started before the walk stops the workers a small scan does not need', async () => {
    // `vigil scan DIR` starts one worker per core before it knows how many files DIR holds.
    const pool = ScanPool.start(3, undefined);
    try {
      const { targets } = discoverFiles(['pkg0'], { cwd: dir, exclude: [] });
      const settings = { cwd: dir, options: { select: ['B113'], ignore: [] }, fix: 'none' as const, filter: { severity: 'low' as const, confidence: 'low' as const } };
      const reports = await pool.run({ targets, settings, grammars: grammarsFor(targets), distDir: undefined, jobs: 2 });
      assert.deepEqual(
        reports.map((report) => report.file),
        targets.map((target) => target.path.slice(dir.length + 1)),
      );
      assert.ok(reports.every((report) => report.errors.length === 0 || /syntax error/.test(report.errors.join())));
      assert.ok(reports.some((report) => report.findings.some((finding) => finding.rule === 'B113')));
    } finally {
      await pool.close();
    }
  });

  it('a worker lost before the scan costs only its share: every file is still scanned', async () => {
    const pool = ScanPool.start(2, undefined);
    try {
      // As if one worker had crashed while the directories were walked.
      await (pool as unknown as { workers: import('node:worker_threads').Worker[] }).workers[0]!.terminate();
      const { targets } = discoverFiles(['.'], { cwd: dir, exclude: [] });
      const settings = { cwd: dir, options: { select: ['B113'], ignore: [] }, fix: 'none' as const, filter: { severity: 'low' as const, confidence: 'low' as const } };
      const reports = await pool.run({ targets, settings, grammars: grammarsFor(targets), distDir: undefined, jobs: 3 });
      assert.equal(reports.filter(Boolean).length, targets.length);
    } finally {
      await pool.close();
    }
  });

  it('uses workers by default only when there are enough files to share', () => {
    assert.equal(workerCount(undefined, 10), 1);
    assert.equal(workerCount(4, 10), 4, 'an explicit --jobs is honoured');
    assert.equal(workerCount(8, 3), 3, 'never more workers than files');
  });

  it('rejects --jobs 0 and non-numbers', async () => {
    for (const value of ['0', 'two', '-1', '1.5']) {
      const result = await vigil(['scan', `--jobs=${value}`]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, new RegExp(`^vigil: invalid value '${value.replace('.', '\\.')}' for --jobs`));
    }
  });
});
