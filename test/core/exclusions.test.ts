/**
 * The platform-neutral halves of the workspace scans' exclusions (server/src/core/glob.ts,
 * server/src/core/gitignore.ts), as the browser client uses them: paths are a URI's path
 * (`/`-separated, the workspace folder possibly `/` itself), `.gitignore` texts are handed in,
 * and whether a `when` sibling exists is asked of a listing. The desktop wrappers over the same
 * code (server/src/node/glob.ts, gitignore.ts) are checked against them on a real folder.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gitignored, gitignoreLayer, posixRelative, type IgnoreLayer } from '../../server/src/core/gitignore';
import { ExcludeSet, siblingPath } from '../../server/src/core/glob';
import { ExcludeSet as DiskExcludeSet } from '../../server/src/node/glob';
import { gitignored as diskGitignored, readGitignoreSync } from '../../server/src/node/gitignore';

describe('ExcludeSet over paths that are not on disk', () => {
  // A github.dev folder: its URIs' paths are `/owner/repo/…`.
  const root = '/owner/repo';
  const present = new Set(['/owner/repo/src/a.ts', '/owner/repo/src/a.js', '/owner/repo/src/b.js']);
  const asked: string[] = [];
  const exists = (path: string): boolean => {
    asked.push(path);
    return present.has(path);
  };

  it('excludes a .js file only when its `when` sibling exists, asking for that sibling', () => {
    const set = new ExcludeSet(root, { '**/*.js': { when: '$(basename).ts' } }, exists);
    asked.length = 0;
    assert.equal(set.excludes('/owner/repo/src/a.js'), true, 'a.ts is there');
    assert.deepEqual(asked, ['/owner/repo/src/a.ts']);
    assert.equal(set.excludes('/owner/repo/src/b.js'), false, 'no b.ts');
    assert.equal(set.excludes('/owner/repo/src/a.ts'), false, 'the pattern does not match .ts');
  });

  it('honours false entries, relative and absolute patterns and plain lists (vigil.exclude)', () => {
    const set = new ExcludeSet(root, { 'out/**': true, 'legacy.py': false, '/owner/repo/gen': true }, exists);
    assert.equal(set.excludes('/owner/repo/out/x.py'), true);
    assert.equal(set.excludes('/owner/repo/legacy.py'), false, 'switched off');
    assert.equal(set.excludes('/owner/repo/gen'), true, 'absolute pattern');
    assert.equal(set.excludes('/other/out/x.py'), false, 'relative patterns apply under the folder only');
    const list = new ExcludeSet(root, ['vendor', '**/*_pb2.py'], exists);
    assert.equal(list.excludes('/owner/repo/vendor'), true);
    assert.equal(list.excludes('/owner/repo/api/user_pb2.py'), true);
    assert.equal(list.excludes('/owner/repo/api/user.py'), false);
  });

  it('matches relative patterns when the workspace folder is the root of its file system', () => {
    // test-web mounts the folder as `vscode-test-web://mount/`: its path is `/`.
    const set = new ExcludeSet('/', { 'build/**': true, '**/*.js': { when: '$(basename).ts' } }, (path) => path === '/src/a.ts');
    assert.equal(set.excludes('/build/x.py'), true);
    assert.equal(set.excludes('/src/a.js'), true);
    assert.equal(set.excludes('/src/build.py'), false);
  });

  it('names the sibling as Node names it: the last extension goes, a leading dot stays', () => {
    for (const path of ['/d/a.js', '/d/a.min.js', '/d/.env', '/d/..foo', '/d/Makefile', '/d/file.']) {
      const expected = join(dirname(path), `${basename(path, extname(path))}.ts`);
      assert.equal(siblingPath(path, '$(basename).ts'), expected, path);
    }
    assert.equal(siblingPath('/d/a.js', './$(basename).d.ts'), '/d/a.d.ts');
    assert.equal(siblingPath('C:/d/a.js', '$(basename).ts'), 'C:/d/a.ts');
  });
});

describe('.gitignore layers given their text', () => {
  // The folder's .gitignore and a nested one, as the browser client reads them.
  const layers = (root: string): IgnoreLayer[] => [gitignoreLayer(root, 'build/\n*.gen.py\n/local.py\n'), gitignoreLayer(`${root === '/' ? '' : root}/pkg`, '!keep.gen.py\nsecret.py\n')];

  for (const root of ['/', '/owner/repo']) {
    const at = (rel: string): string => (root === '/' ? `/${rel}` : `${root}/${rel}`);
    describe(`in a folder whose path is ${root}`, () => {
      it('ignores what the folder .gitignore names, directory-only patterns only for folders', () => {
        assert.equal(gitignored(layers(root), at('build'), true), true);
        assert.equal(gitignored(layers(root), at('build'), false), false, '`build/` names folders only');
        assert.equal(gitignored(layers(root), at('src/x.gen.py'), false), true);
        assert.equal(gitignored(layers(root), at('local.py'), false), true);
        assert.equal(gitignored(layers(root), at('src/local.py'), false), false, '`/local.py` is anchored to its folder');
        assert.equal(gitignored(layers(root), at('src/app.py'), false), false);
      });

      it('lets the deeper .gitignore win, negations included, and only below its own folder', () => {
        assert.equal(gitignored(layers(root), at('pkg/keep.gen.py'), false), false, 're-included by pkg/.gitignore');
        assert.equal(gitignored(layers(root), at('pkg/other.gen.py'), false), true);
        assert.equal(gitignored(layers(root), at('pkg/secret.py'), false), true);
        assert.equal(gitignored(layers(root), at('secret.py'), false), false, "pkg/.gitignore says nothing about its parent's files");
        assert.equal(gitignored(layers(root), at('pkgs/secret.py'), false), false, 'a folder whose name starts like pkg is not below it');
      });
    });
  }

  it('relativizes only paths strictly below the base', () => {
    assert.equal(posixRelative('/a/b', '/a/b/c/d.py'), 'c/d.py');
    assert.equal(posixRelative('/', '/c.py'), 'c.py');
    assert.equal(posixRelative('/a/b', '/a/b'), undefined);
    assert.equal(posixRelative('/a/b', '/a/bc/d.py'), undefined);
    assert.equal(posixRelative('/a/b', '/a/d.py'), undefined);
  });
});

describe('the desktop wrappers decide as the shared code does', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-exclusions-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const files: Record<string, string> = { '.gitignore': 'build/\n*.gen.py\n', 'pkg/.gitignore': '!keep.gen.py\n', 'src/a.ts': '', 'src/a.js': '', 'src/b.js': '' };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }

  it('reads the same .gitignore layers from disk', () => {
    const fromDisk = [readGitignoreSync(root)!, readGitignoreSync(join(root, 'pkg'))!];
    const fromText = [gitignoreLayer(root, files['.gitignore']!), gitignoreLayer(join(root, 'pkg'), files['pkg/.gitignore']!)];
    for (const [rel, isDir] of [['build', true], ['build', false], ['x.gen.py', false], ['pkg/keep.gen.py', false], ['pkg/y.gen.py', false], ['src/a.ts', false]] as const) {
      const path = join(root, rel);
      assert.equal(diskGitignored(fromDisk, path, isDir), gitignored(fromText, path, isDir), rel);
    }
    assert.equal(diskGitignored(fromDisk, join(root, 'pkg', 'keep.gen.py'), false), false);
    assert.equal(diskGitignored(fromDisk, join(root, 'x.gen.py'), false), true);
  });

  it('looks up `when` siblings on disk', () => {
    const set = new DiskExcludeSet(root, { '**/*.js': { when: '$(basename).ts' } });
    assert.equal(set.excludes(join(root, 'src', 'a.js')), true);
    assert.equal(set.excludes(join(root, 'src', 'b.js')), false);
  });
});
