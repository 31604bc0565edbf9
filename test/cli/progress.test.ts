/**
 * The progress line: on standard error when it is a terminal, erased when the scan ends; never
 * in a pipe, a file or with --quiet. A terminal comes from util-linux `script`.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Progress } from '../../server/src/cli/progress';
import { cliCommand, TREE, vigil } from './run';
import { SCANNED } from './tree';

const hasScript = spawnSync('script', ['--version']).status === 0;

/** Run `vigil ARGS > out.json` with stderr on a terminal; returns what the terminal showed and the JSON. */
function onTerminal(args: string[]): { terminal: string; json: { stats: { files: number } } } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-progress-'));
  try {
    const out = join(dir, 'out.json');
    const line = [process.execPath, ...cliCommand(), 'scan', '--format', 'json', ...args].map((part) => `'${part}'`).join(' ');
    const terminal = spawnSync('script', ['-qec', `${line} > '${out}'`, '/dev/null'], {
      cwd: TREE,
      encoding: 'utf8',
      env: { ...process.env, VIGIL_PROGRESS_DELAY_MS: '0', NODE_OPTIONS: '' },
    }).stdout;
    return { terminal, json: JSON.parse(readFileSync(out, 'utf8')) as { stats: { files: number } } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('progress on standard error', () => {
  it('counts files on a terminal, then erases itself', { skip: hasScript ? false : 'util-linux `script` is not installed' }, () => {
    const { terminal, json } = onTerminal(['--select', 'B113']);
    const total = SCANNED.length;
    assert.equal(json.stats.files, total, 'stdout still holds the report');
    assert.match(terminal, new RegExp(`\\rvigil: scanning ${total}/${total} files \\(100%\\)\\u001b\\[K`));
    const afterLast = terminal.slice(terminal.lastIndexOf('(100%)'));
    assert.match(afterLast, /\r\u001b\[K/, 'the line is erased at the end');
  });

  it('is silent with --quiet', { skip: hasScript ? false : 'util-linux `script` is not installed' }, () => {
    assert.doesNotMatch(onTerminal(['--select', 'B113', '--quiet']).terminal, /scanning/);
  });

  it('is silent when standard error is not a terminal', async () => {
    const result = await vigil(['scan', '--select', 'B113', '--format', 'json'], { env: { VIGIL_PROGRESS_DELAY_MS: '0' } });
    assert.doesNotMatch(result.stderr, /scanning|\r/);
  });

  it('waits before appearing, and redraws at most every 100 ms', () => {
    const writes: string[] = [];
    const stream = { isTTY: true, columns: 80, write: (text: string) => writes.push(text) };
    const late = Progress.create(stream, 10, { quiet: false, delayMs: 60_000 })!;
    for (let done = 1; done <= 10; done++) late.update(done);
    late.finish();
    assert.deepEqual(writes, [], 'a scan shorter than the delay shows nothing');
    const soon = Progress.create(stream, 1000, { quiet: false, delayMs: 0 })!;
    for (let done = 1; done <= 1000; done++) soon.update(done);
    soon.finish();
    assert.ok(writes.length >= 2 && writes.length < 50, `${writes.length} writes for 1000 quick files`);
    assert.match(writes.at(-2)!, /1000\/1000 files \(100%\)/, 'the last count drawn is the final one');
    assert.equal(Progress.create({ ...stream, isTTY: false }, 10, { quiet: false, delayMs: 0 }), undefined);
  });
});
