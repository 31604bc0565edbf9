/**
 * Which files "Vigil: Scan Workspace" reads under a workspace folder: every file with a
 * supported extension (languages.ts), except
 * - what `.gitignore` files ignore: the folder's, nested ones, and those of its parents up to
 *   the repository root (the nearest folder holding `.git`); deeper files override shallower
 *   ones, negations included, as in git;
 * - `.git`, `.hg`, `.svn`, `node_modules` and `__pycache__` folders and Python virtual
 *   environments (folders holding `pyvenv.cfg`): other people's code, like `vigil scan`;
 * - what the exclusion sets say (`files.exclude`, `vigil.exclude`, project configuration),
 *   tested on every folder before entering it and on every file.
 * Links to files are followed; links to folders are not (no cycles).
 *
 * The same rules decide whether one file belongs to the scan (`isWorkspaceFile`), for files
 * created or renamed after a scan.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { languageForPath } from '../core/languages';
import { ALWAYS_SKIPPED_DIRS, ancestorLayers, gitignored, readGitignore, readGitignoreSync, VIRTUALENV_MARKER, type IgnoreLayer } from './gitignore';

/** Whether the user's exclusions (`files.exclude`, `vigil.exclude`, project configuration) hide a path. */
export type Excluded = (path: string, isDir: boolean) => boolean;

export interface ListOptions {
  excluded: Excluded;
  /** Checked between folders: a cancelled listing returns what it found so far. */
  isCancelled?: () => boolean;
}

/** Every scannable file under `root`: absolute paths, sorted. */
export async function listWorkspaceFiles(root: string, options: ListOptions): Promise<string[]> {
  const files: string[] = [];
  const { excluded } = options;
  const walk = async (dir: string, layers: readonly IgnoreLayer[], isRoot: boolean): Promise<void> => {
    if (options.isCancelled?.()) return;
    let names: import('node:fs').Dirent[];
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable: nothing to scan in it
    }
    // From the listing rather than a failed look-up per folder.
    if (!isRoot && names.some((entry) => entry.name === VIRTUALENV_MARKER)) return;
    const own = names.some((entry) => entry.name === '.gitignore') ? await readGitignore(dir) : undefined;
    const here = own ? [...layers, own] : layers;
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subfolders: string[] = [];
    for (const entry of names) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED_DIRS.has(entry.name) || gitignored(here, path, true) || excluded(path, true)) continue;
        subfolders.push(path);
      } else if (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path)))) {
        if (!languageForPath(entry.name) || gitignored(here, path, false) || excluded(path, false)) continue;
        files.push(path);
      }
    }
    for (const folder of subfolders) await walk(folder, here, false);
  };
  await walk(root, ancestorLayers(root), true);
  return files.sort();
}

/** Whether `path` is a file `listWorkspaceFiles(root, …)` would list (it need not exist). */
export function isWorkspaceFile(root: string, path: string, excluded: Excluded): boolean {
  const rel = relative(root, path);
  if (!rel || rel.startsWith('..') || isAbsolute(rel) || !languageForPath(path)) return false;
  if (excluded(path, false)) return false;
  let layers = ancestorLayers(root);
  let dir = root;
  const parts = rel.split(sep);
  for (let i = 0; i < parts.length; i++) {
    const own = readGitignoreSync(dir);
    if (own) layers = [...layers, own];
    const next = join(dir, parts[i]!);
    const last = i === parts.length - 1;
    if (!last) {
      if (ALWAYS_SKIPPED_DIRS.has(parts[i]!) || existsSync(join(next, VIRTUALENV_MARKER))) return false;
      if (gitignored(layers, next, true) || excluded(next, true)) return false;
    } else if (gitignored(layers, next, false)) {
      return false;
    }
    dir = next;
  }
  return true;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

