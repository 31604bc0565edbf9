/**
 * The pieces the workspace scan and the settings are made of, without a server: `files.exclude`
 * globs, the walk over a folder, the settings keys package.json declares, and how explicit
 * settings, project configuration and defaults combine.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadProjectConfig } from '../../server/src/node/config';
import { ExcludeSet, compileGlob } from '../../server/src/node/glob';
import { cacheDirectory } from '../../server/src/node/scan-cache';
import { SETTING_KEYS, parseSettings, withProjectConfig } from '../../server/src/node/settings';
import { isWorkspaceFile, listWorkspaceFiles } from '../../server/src/node/workspace-files';
import { ROOT } from './lsp-client';

const temporary: string[] = [];
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-tree-'));
  temporary.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe('files.exclude globs', () => {
  const cases: [pattern: string, path: string, matches: boolean][] = [
    ['**/node_modules', 'node_modules', true],
    ['**/node_modules', 'a/b/node_modules', true],
    ['**/node_modules', 'a/node_modules_old', false],
    ['build', 'build', true],
    ['build', 'src/build', false],
    ['**/*.py', '.hidden.py', true],
    ['*.py', 'src/a.py', false],
    ['src/**/gen', 'src/gen', true],
    ['src/**/gen', 'src/a/b/gen', true],
    ['src/**', 'src/x/y.py', true],
    ['**/*.{js,ts}', 'lib/a.ts', true],
    ['**/*.{js,ts}', 'lib/a.tsx', false],
    ['**/{a,b{1,2}}.py', 'x/b2.py', true],
    ['test_[!x]*.py', 'test_a.py', true],
    ['test_[!x]*.py', 'test_x.py', false],
    ['file?.py', 'file1.py', true],
    ['file?.py', 'file10.py', false],
    ['a.b', 'axb', false],
  ];
  for (const [pattern, path, matches] of cases) {
    it(`${pattern} ${matches ? 'matches' : 'does not match'} ${path}`, () => assert.equal(compileGlob(pattern)(path), matches));
  }

  it('an ExcludeSet takes true, false and `when` entries, relative and absolute patterns', () => {
    const root = tree({ 'a.js': '', 'a.ts': '', 'b.js': '', 'out/x.py': '' });
    const set = new ExcludeSet(root, { '**/*.js': { when: '$(basename).ts' }, out: true, 'b.js': false, [`${root}/a.ts`]: true });
    assert.equal(set.excludes(join(root, 'a.js')), true, 'a.ts exists');
    assert.equal(set.excludes(join(root, 'b.js')), false, 'no b.ts; and b.js: false');
    assert.equal(set.excludes(join(root, 'out')), true);
    assert.equal(set.excludes(join(root, 'a.ts')), true, 'absolute pattern');
    assert.equal(new ExcludeSet(root, ['out/**']).excludes(join(root, 'out', 'x.py')), true);
    assert.equal(new ExcludeSet(root, ['out/**']).excludes('/elsewhere/out/x.py'), false, 'relative patterns apply under the root only');
  });
});

describe('the workspace walk', () => {
  it('lists supported files, honouring nested .gitignore files and skipping venvs, node_modules and linked folders', () => {
    const root = tree({
      '.gitignore': 'build/\n*.gen.py\n',
      'a.py': '',
      'README.md': '',
      'build/b.py': '',
      'x.gen.py': '',
      'pkg/.gitignore': '!keep.gen.py\n',
      'pkg/keep.gen.py': '',
      'pkg/c.ts': '',
      '.venv/pyvenv.cfg': '',
      '.venv/lib/site.py': '',
      'node_modules/m/index.js': '',
      '.github/scripts/ci.py': '',
    });
    symlinkSync(join(root, 'pkg'), join(root, 'linked'));
    symlinkSync(join(root, 'a.py'), join(root, 'alias.py'));
    return listWorkspaceFiles(root, { excluded: () => false }).then((files) => {
      assert.deepEqual(
        files.map((file) => file.slice(root.length + 1)),
        ['.github/scripts/ci.py', 'a.py', 'alias.py', 'pkg/c.ts', 'pkg/keep.gen.py'],
      );
      assert.equal(isWorkspaceFile(root, join(root, 'pkg', 'keep.gen.py'), () => false), true);
      assert.equal(isWorkspaceFile(root, join(root, 'build', 'new.py'), () => false), false, 'in an ignored folder');
      assert.equal(isWorkspaceFile(root, join(root, '.venv', 'lib', 'new.py'), () => false), false, 'in a virtual environment');
      assert.equal(isWorkspaceFile(root, join(root, 'pkg', 'new.py'), (path) => path.endsWith('pkg')), false, 'in an excluded folder');
    });
  });
});

describe('settings', () => {
  it('package.json contributes exactly the keys the server reads', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
    const contributed = Object.keys(manifest.contributes.configuration.properties).map((key) => key.replace(/^vigil\./, ''));
    assert.deepEqual(contributed.sort(), [...SETTING_KEYS].sort());
  });

  it('records which keys the client set, nested or dotted, ignoring values of the wrong type', () => {
    assert.deepEqual(parseSettings({ rules: { ignore: ['b113'] }, severity: 'HIGH', 'fix.timeoutSeconds': 5, confidence: 'sure' }).explicit, ['rules.ignore', 'severity', 'fix.timeoutSeconds']);
    assert.deepEqual(parseSettings(null).explicit, []);
  });

  it('explicit settings win over the project file, which wins over defaults; ignore and exclude add up', () => {
    const root = tree({ 'pyproject.toml': '[tool.vigil]\nseverity = "high"\nconfidence = "medium"\nignore = ["B101"]\nselect = ["B113", "B101"]\ntimeout-seconds = 9\n' });
    const config = loadProjectConfig(root);
    const merged = withProjectConfig(parseSettings({ severity: 'low', rules: { ignore: ['B108'] } }), config);
    assert.equal(merged.severity, 'low', 'set explicitly');
    assert.equal(merged.confidence, 'medium', 'from the project');
    assert.deepEqual(merged.rules.select, ['B113', 'B101'], 'from the project');
    assert.deepEqual(merged.rules.ignore.sort(), ['B101', 'B108']);
    assert.equal(merged.fix.timeoutSeconds, 9);
    assert.equal(withProjectConfig(parseSettings({}), loadProjectConfig(tree({}))).severity, 'low', 'no project file: defaults');
  });
});

describe('scan cache location', () => {
  it('is the platform cache directory, never the workspace', () => {
    assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/x/cache' }, 'linux'), '/x/cache/vigil/scan-cache');
    assert.match(cacheDirectory({}, 'linux'), /\/\.cache\/vigil\/scan-cache$/);
    assert.match(cacheDirectory({}, 'darwin'), /\/Library\/Caches\/vigil\/scan-cache$/);
    assert.equal(cacheDirectory({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32').replace(/\\/g, '/'), 'C:/Users/u/AppData/Local/vigil/scan-cache');
  });
});
