/**
 * Which files `vigil scan` reads, and what it does with files it cannot analyse, on trees made
 * in a temporary directory (outside any git repository) and on test/fixtures/cli-tree.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseExpectations } from '../support/expectations';
import { scanJson, vigil } from './run';
import { expectedFindings, key, SELECT } from './tree';

const FINDING = 'import requests\nrequests.get("https://example.com")  # expect: B113\n';

/** Write `files` under `root`; returns the `file:line: rule` keys their `# expect:` comments state. */
function makeTree(root: string, files: Record<string, string | Buffer>): string[] {
  const expected: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    if (typeof content === 'string') for (const e of parseExpectations(content)) expected.push(key({ file: path, line: e.line, rule: e.ruleId }));
  }
  return expected;
}

describe('vigil scan: which files are read', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'vigil-walk-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('always skips .git, node_modules, __pycache__ and virtual environments, without any .gitignore', async () => {
    const dir = join(root, 'skips');
    const wanted = makeTree(dir, { 'src/app.py': FINDING, 'src/lib/util.ts': '// expect: VG002\nexport const x = 1; // nosec B113\n' });
    makeTree(dir, {
      'node_modules/dep/index.py': FINDING.replace('# expect: B113', ''),
      'src/node_modules/dep/index.js': '// nosec B113\n',
      '.git/hooks/hook.py': FINDING.replace('# expect: B113', ''),
      '__pycache__/cached.py': FINDING.replace('# expect: B113', ''),
      'venv/pyvenv.cfg': 'home = /usr/bin\n',
      'venv/lib/python3.12/site-packages/pkg/mod.py': FINDING.replace('# expect: B113', ''),
    });
    const { json } = await scanJson(SELECT, { cwd: dir });
    assert.deepEqual(json.findings.map(key).sort(), wanted.sort());
    assert.equal(json.stats.files, 2);
  });

  it('scans files and directories named explicitly even when a .gitignore hides them', async () => {
    const { json } = await scanJson([...SELECT, 'ignored.py', 'build']);
    assert.deepEqual(json.findings.map((f) => f.file).sort(), ['build/generated.py', 'ignored.py']);
  });

  it('--exclude skips what its gitignore-style patterns match', async () => {
    const { json } = await scanJson([...SELECT, '--exclude', 'pkg/', '--exclude', '*.ts']);
    const want = expectedFindings().filter((f) => !f.file.startsWith('pkg/') && !f.file.endsWith('.ts'));
    assert.ok(want.length > 0);
    assert.deepEqual(json.findings.map(key).sort(), want.map(key).sort());
  });

  it('expands a glob PATH that does not exist as a file', async () => {
    const { json } = await scanJson([...SELECT, 'pkg/*.py']);
    const want = expectedFindings().filter((f) => /^pkg\/[^/]+\.py$/.test(f.file));
    assert.deepEqual(json.findings.map(key).sort(), want.map(key).sort());
  });

  it('scans an extensionless script by its #! line, and reports a file it cannot analyse', async () => {
    const dir = join(root, 'scripts');
    const wanted = makeTree(dir, { deploy: `#!/usr/bin/env python3\n${FINDING}`, 'notes.txt': 'requests.get(url)\n' });
    const { result, json } = await scanJson([...SELECT, 'deploy', 'notes.txt'], { cwd: dir });
    assert.deepEqual(json.findings.map(key), wanted);
    assert.deepEqual(json.errors.map((e) => e.file), ['notes.txt']);
    assert.match(json.errors[0]!.message, /not a Python or TypeScript\/JavaScript file/);
    assert.equal(result.code, 1);
  });
});

describe('vigil scan: files it cannot analyse never stop the scan', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-bad-files-'));
  });
  after(() => {
    try {
      chmodSync(join(dir, 'locked.py'), 0o644);
    } catch {
      // not created (running as root)
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports binary, huge, unreadable and dangling files as errors and scans the rest', async () => {
    const wanted = makeTree(dir, {
      'ok.py': FINDING,
      'binary.py': Buffer.from([0x69, 0x6d, 0x70, 0x00, 0x01, 0x02, 0x0a]),
      'huge.py': `# requests\n${'x = 1\n'.repeat(1_000_000)}`,
      // UTF-16 with a byte-order mark is decoded, not mistaken for binary.
      'wide.py': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FINDING, 'utf16le')]),
    });
    wanted.push(...parseExpectations(FINDING).map((e) => key({ file: 'wide.py', line: e.line, rule: e.ruleId })));
    symlinkSync(join(dir, 'missing-target.py'), join(dir, 'dangling.py'));
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) {
      writeFileSync(join(dir, 'locked.py'), FINDING);
      chmodSync(join(dir, 'locked.py'), 0o000);
    }
    const { result, json } = await scanJson(SELECT, { cwd: dir });
    assert.deepEqual(json.findings.map(key).sort(), wanted.sort());
    const errors = Object.fromEntries(json.errors.map((e) => [e.file, e.message]));
    assert.deepEqual(Object.keys(errors).sort(), ['binary.py', 'dangling.py', 'huge.py', ...(asRoot ? [] : ['locked.py'])]);
    assert.match(errors['binary.py']!, /binary/);
    assert.match(errors['huge.py']!, /over the \d+ MB limit/);
    assert.match(errors['dangling.py']!, /cannot read: ENOENT/);
    if (!asRoot) assert.match(errors['locked.py']!, /cannot read: EACCES/);
    assert.equal(result.code, 1);
  });
});

describe('vigil scan: bad paths', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-bad-paths-'));
    makeTree(dir, { 'ok.py': FINDING });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scans the paths that exist, reports the one that does not, and exits 2', async () => {
    for (const format of ['json', 'text']) {
      const result = await vigil(['scan', '--select', 'B113', '--format', format, 'ok.py', 'nope.py', 'src/**/*.py'], { cwd: dir });
      assert.equal(result.code, 2, 'a PATH that names nothing is a usage error, even with findings');
      assert.deepEqual(result.stderr.trimEnd().split('\n'), ['nope.py: error: no such file or directory: nope.py', "src/**/*.py: error: no supported files match 'src/**/*.py'"]);
      if (format === 'json') {
        const json = JSON.parse(result.stdout) as { findings: { file: string }[]; errors: { file: string; message: string }[] };
        assert.deepEqual(json.findings.map((f) => f.file), ['ok.py'], 'the existing path is scanned');
        assert.deepEqual(json.errors.map((error) => error.file), ['nope.py', 'src/**/*.py']);
      } else {
        assert.match(result.stdout, /^ok\.py:2:1: B113 /);
      }
    }
  });

  it('reports a directory it cannot read', { skip: process.getuid?.() === 0 ? 'root reads every directory' : false }, async () => {
    makeTree(dir, { 'locked/inner.py': FINDING });
    chmodSync(join(dir, 'locked'), 0o000);
    try {
      const { json } = await scanJson(['--select', 'B113'], { cwd: dir });
      assert.deepEqual(json.errors.filter((e) => e.file === 'locked'), [{ file: 'locked', message: 'cannot read directory: EACCES; skipped' }]);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
    }
  });

  it('reports a FIFO named on the command line instead of waiting on it', { skip: spawnSync('mkfifo', ['--version']).status === 0 ? false : 'no mkfifo' }, async () => {
    spawnSync('mkfifo', [join(dir, 'pipe.py')]);
    const { result, json } = await scanJson(['--select', 'B113', 'pipe.py', 'ok.py'], { cwd: dir });
    assert.deepEqual(json.errors, [{ file: 'pipe.py', message: 'not a regular file; skipped' }]);
    assert.deepEqual(json.findings.map((f) => f.file), ['ok.py']);
    assert.equal(result.code, 1, 'a file that cannot be read does not change the exit code');
  });
});
