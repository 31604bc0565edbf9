/**
 * The pre-commit hook: .pre-commit-hooks.yaml is valid and runs `vigil scan` on the staged files
 * pre-commit selects; installing the package the way pre-commit does (`npm pack`, then a global
 * install of the tarball) gives a working `vigil` command that honours the project's exclusions.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ROOT } from './run';

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  types_or?: string[];
  minimum_pre_commit_version?: string;
}

const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; name: string; version: string };

describe('.pre-commit-hooks.yaml', () => {
  it('declares one node hook running `vigil scan` on Python and TS/JS files', () => {
    assert.ok(Array.isArray(hooks));
    const hook = hooks.find((candidate) => candidate.id === 'vigil');
    assert.ok(hook, 'a hook with id vigil');
    assert.equal(hook.language, 'node');
    assert.match(hook.entry, /^vigil scan(?: |$)/);
    assert.ok(hook.entry.split(' ')[0]! in packageJson.bin, 'the entry is a bin of package.json');
    // Tags of pre-commit's `identify`: .py → python, .pyi → pyi, .ts → ts, .tsx → tsx, .js → javascript, .jsx → jsx.
    for (const tag of ['python', 'pyi', 'ts', 'tsx', 'javascript', 'jsx']) assert.ok(hook.types_or?.includes(tag), tag);
    // types_or needs pre-commit 2.9.0.
    const [major, minor] = (hook.minimum_pre_commit_version ?? '0').split('.').map(Number);
    assert.ok(major! > 2 || (major === 2 && minor! >= 9), hook.minimum_pre_commit_version);
  });
});

const bundle = join(ROOT, 'dist', 'cli.js');
const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });

describe('installing the hook as pre-commit does', { skip: !existsSync(bundle) ? 'dist/cli.js is not built (npm run build)' : npm.status !== 0 ? 'npm is not available' : false }, () => {
  it('npm pack ships the bundle and its wasm; the installed `vigil` scans the files it is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-precommit-'));
    try {
      const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(pack.status, 0, pack.stderr);
      const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
      const files = info!.files.map((file) => file.path);
      for (const needed of [packageJson.bin.vigil!.replace(/^\.\//, ''), 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm', 'dist/tree-sitter-tsx.wasm']) {
        assert.ok(files.includes(needed), `${needed} is in the package`);
      }
      assert.ok(!files.some((file) => file.startsWith('test/') || file.startsWith('node_modules/')), 'no tests or dependencies');

      const prefix = join(dir, 'prefix');
      const install = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(dir, info!.filename)], { encoding: 'utf8' });
      assert.equal(install.status, 0, install.stderr);

      // A project as pre-commit sees it: a config excluding tests/, and staged files named on the command line.
      const project = join(dir, 'project');
      mkdirSync(join(project, 'tests'), { recursive: true });
      writeFileSync(join(project, 'pyproject.toml'), '[tool.bandit]\nexclude_dirs = ["tests"]\n');
      writeFileSync(join(project, 'app.py'), 'import requests\nrequests.get(URL)\n');
      writeFileSync(join(project, 'tests', 'test_app.py'), 'import requests\nrequests.get(URL)\n');
      writeFileSync(join(project, 'web.ts'), 'export const n = 1;\n');
      const hook = hooks.find((candidate) => candidate.id === 'vigil')!;
      const [command, ...args] = hook.entry.split(' ');
      const run = spawnSync(join(prefix, 'bin', command!), [...args, '--select', 'B113', 'app.py', 'tests/test_app.py', 'web.ts'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /^app\.py:2:1: B113 /m);
      assert.doesNotMatch(run.stdout, /tests\/test_app\.py/, 'the project excludes tests/');
      assert.match(run.stdout, /in 2 files;.* Config: pyproject\.toml\.$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
