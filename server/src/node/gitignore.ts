/**
 * What a directory walk skips, shared by `vigil scan` and the editor's workspace scan so both
 * see the same files: core/gitignore.ts, with `.gitignore` files read from disk, parents' too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { gitignored as gitignoredBy, gitignoreLayer, type IgnoreLayer } from '../core/gitignore';

export { ALWAYS_SKIPPED_DIRS, VIRTUALENV_MARKER, type IgnoreLayer } from '../core/gitignore';

/** Whether the innermost .gitignore that says anything about `path` (a native path) ignores it. */
export function gitignored(layers: readonly IgnoreLayer[], path: string, isDir: boolean): boolean {
  return gitignoredBy(layers, path, isDir, nativeRelative);
}

function nativeRelative(base: string, path: string): string | undefined {
  const rel = relative(base, path);
  return !rel || rel.startsWith('..') || isAbsolute(rel) ? undefined : toPosix(rel);
}

/** The .gitignore files of `dir`'s parents, outermost first, up to the repository root. */
export function ancestorLayers(dir: string): IgnoreLayer[] {
  if (existsSync(join(dir, '.git'))) return [];
  const parents: string[] = [];
  for (let current = dir; ; ) {
    const parent = dirname(current);
    if (parent === current) return []; // not inside a repository: parents' .gitignore do not apply
    parents.push(parent);
    if (existsSync(join(parent, '.git'))) break;
    current = parent;
  }
  return parents
    .reverse()
    .map(readGitignoreSync)
    .filter((layer): layer is IgnoreLayer => layer !== undefined);
}

export function readGitignoreSync(dir: string): IgnoreLayer | undefined {
  try {
    return gitignoreLayer(dir, readFileSync(join(dir, '.gitignore'), 'utf8'));
  } catch {
    return undefined;
  }
}

export async function readGitignore(dir: string): Promise<IgnoreLayer | undefined> {
  try {
    return gitignoreLayer(dir, await readFile(join(dir, '.gitignore'), 'utf8'));
  } catch {
    return undefined;
  }
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
