/**
 * What a directory walk skips, shared by `vigil scan` and the editor's workspace scan so both
 * see the same files: directories never worth walking, and `.gitignore` files layered the way
 * git reads them (a deeper file's rule wins; `!` re-includes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Version-control metadata, dependencies and caches; virtualenvs are recognised by pyvenv.cfg. */
export const ALWAYS_SKIPPED_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__']);

/** The file that makes a directory a Python virtual environment, skipped like `node_modules`. */
export const VIRTUALENV_MARKER = 'pyvenv.cfg';

/** The rules of one `.gitignore`, relative to the directory holding it. */
export interface IgnoreLayer {
  base: string;
  rules: Ignore;
}

/** Whether the innermost .gitignore that says anything about `path` ignores it. */
export function gitignored(layers: readonly IgnoreLayer[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = relative(layer.base, path);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) continue;
    const result = layer.rules.test(toPosix(rel) + (isDir ? '/' : ''));
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
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
    return { base: dir, rules: ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

export async function readGitignore(dir: string): Promise<IgnoreLayer | undefined> {
  try {
    return { base: dir, rules: ignore().add(await readFile(join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
