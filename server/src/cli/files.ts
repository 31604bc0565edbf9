/**
 * Which files a scan reads. Each PATH argument is a file (always scanned, whatever its name,
 * .gitignore or --exclude say), a directory (walked), or, when no such path exists and it has
 * glob characters, a glob expanded with tinyglobby (for shells that do not expand globs).
 *
 * While walking a directory:
 * - only files with a supported extension (languages.ts) are taken;
 * - `.gitignore` files are honoured: the walked directory's, every nested one, and those of its
 *   parent directories up to the repository root (the nearest directory holding `.git`);
 *   later (deeper) files override earlier ones, negations included, as in git;
 * - `.git`, `.hg`, `.svn`, `node_modules` and `__pycache__` directories are always skipped, and
 *   so are Python virtual environments (directories holding `pyvenv.cfg`), even without a
 *   .gitignore: they hold other people's code, not the project's;
 * - `--exclude` patterns (gitignore syntax, relative to the current directory) and the
 *   configuration file's exclusions (`excluded`) skip what they match;
 * - symbolic links to files are followed, symbolic links to directories are not (no cycles).
 *
 * With `forceExclude`, exclusions apply to paths named explicitly too (pre-commit names every
 * staged file). A PATH that does not exist (or a glob matching nothing) is listed in `missing`.
 */
import { closeSync, openSync, readSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import ignore from 'ignore';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { languageForPath, LANGUAGES, type Language } from '../core/languages';
import { ALWAYS_SKIPPED_DIRS, ancestorLayers, gitignored, readGitignoreSync as readGitignore, toPosix, VIRTUALENV_MARKER, type IgnoreLayer } from '../node/gitignore';

export { ALWAYS_SKIPPED_DIRS, toPosix } from '../node/gitignore';

export interface ScanTarget {
  /** Absolute path. */
  path: string;
  language: Language;
}

export interface Discovery {
  targets: ScanTarget[];
  /** Files named explicitly that cannot be scanned (unsupported type). */
  errors: { path: string; message: string }[];
  /** PATH arguments that name nothing: the argument as given and why. */
  missing: { argument: string; message: string }[];
}

export interface DiscoveryOptions {
  cwd: string;
  /** `--exclude` patterns: gitignore syntax, relative to `cwd`. */
  exclude: readonly string[];
  /** Other exclusions (the configuration file's), by absolute path. */
  excluded?: (path: string, isDir: boolean) => boolean;
  forceExclude?: boolean;
}

export function discoverFiles(paths: readonly string[], options: DiscoveryOptions): Discovery {
  const excluded = ignore().add([...options.exclude]);
  const missing: Discovery['missing'] = [];
  const seen = new Set<string>();
  const targets: ScanTarget[] = [];
  const errors: Discovery['errors'] = [];
  const add = (path: string, language: Language): void => {
    if (seen.has(path)) return;
    seen.add(path);
    targets.push({ path, language });
  };
  const isExcluded = (path: string, isDir: boolean): boolean => {
    if (options.excluded?.(path, isDir)) return true;
    if (options.exclude.length === 0) return false;
    const rel = relative(options.cwd, path);
    // `ignore` only takes paths below its base; outside the current directory, match the
    // path relative to the filesystem root instead, so `--exclude '*.py'` still applies.
    const candidate = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : relative(resolve('/'), path);
    return candidate !== '' && excluded.ignores(toPosix(candidate) + (isDir ? '/' : ''));
  };

  for (const argument of paths) {
    const path = resolve(options.cwd, argument);
    let stats;
    try {
      stats = statSync(path);
    } catch {
      if (isDynamicPattern(argument)) {
        const matches = globSync(argument, { cwd: options.cwd, absolute: true, dot: false, ignore: [...ALWAYS_SKIPPED_DIRS].map((dir) => `**/${dir}/**`) });
        const layers = new Map<string, IgnoreLayer[]>();
        const ignoredByGit = (file: string): boolean => {
          const dir = dirname(file);
          if (!layers.has(dir)) layers.set(dir, [...ancestorLayers(dir), ...[readGitignore(dir)].filter((layer): layer is IgnoreLayer => layer !== undefined)]);
          return gitignored(layers.get(dir)!, file, false);
        };
        const files = matches.map((match) => resolve(match)).filter((match) => languageForPath(match) && !isExcluded(match, false) && !ignoredByGit(match)).sort();
        if (files.length === 0) missing.push({ argument, message: `no supported files match '${argument}'` });
        for (const file of files) add(file, languageForPath(file)!);
        continue;
      }
      missing.push({ argument, message: `no such file or directory: ${argument}` });
      continue;
    }
    if (options.forceExclude && isExcluded(path, stats.isDirectory())) continue;
    if (stats.isDirectory()) {
      // A directory named explicitly is scanned even when a parent's .gitignore ignores it.
      const layers = ancestorLayers(path);
      walk(path, gitignored(layers, path, true) ? [] : layers, { add, isExcluded, unreadable: (dir, message) => errors.push({ path: dir, message }) });
    } else if (!stats.isFile()) {
      // A FIFO or a device would block or never end; only regular files are read.
      errors.push({ path, message: 'not a regular file; skipped' });
    } else {
      const language = languageForPath(path) ?? languageFromShebang(path);
      if (language) add(path, language);
      else if (!seen.has(path)) errors.push({ path, message: 'not a Python or TypeScript/JavaScript file (by extension or #! line); skipped' });
    }
  }
  return { targets, errors, missing };
}

interface WalkContext {
  add(path: string, language: Language): void;
  isExcluded(path: string, isDir: boolean): boolean;
  unreadable(dir: string, message: string): void;
}

function walk(dir: string, layers: IgnoreLayer[], context: WalkContext, isRoot = true): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    // Its files cannot be scanned: say so, as for a file that cannot be read.
    context.unreadable(dir, `cannot read directory: ${(error as NodeJS.ErrnoException).code ?? String(error)}; skipped`);
    return;
  }
  // Decided from the listing, not by asking for each file: a walk of thousands of directories
  // would otherwise spend most of its time on failed look-ups.
  if (!isRoot && entries.some((entry) => entry.name === VIRTUALENV_MARKER)) return;
  const own = entries.some((entry) => entry.name === '.gitignore') ? readGitignore(dir) : undefined;
  const here = own ? [...layers, own] : layers;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // A link to a file is scanned (its target may be unreadable: that is reported later);
      // a link to a directory is not followed.
      let target;
      try {
        target = statSync(path);
      } catch {
        target = undefined;
      }
      isDir = false;
      isFile = target ? target.isFile() : true;
    }
    if (isDir) {
      if (ALWAYS_SKIPPED_DIRS.has(entry.name)) continue;
      if (gitignored(here, path, true) || context.isExcluded(path, true)) continue;
      walk(path, here, context, false);
    } else if (isFile) {
      const language = languageForPath(entry.name);
      if (!language || gitignored(here, path, false) || context.isExcluded(path, false)) continue;
      context.add(path, language);
    }
  }
}

/** A script without an extension: `#!/usr/bin/env python3` or `#!/usr/bin/env node`. */
function languageFromShebang(path: string): Language | undefined {
  const head = Buffer.alloc(200);
  let length = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const shebang = /^#!([^\n]*)/.exec(head.toString('latin1', 0, length))?.[1] ?? '';
  if (/\bpython[\d.]*\b/.test(shebang)) return LANGUAGES.python;
  if (/\b(?:tsx|ts-node|deno|bun)\b/.test(shebang)) return LANGUAGES.typescript;
  if (/\bnode\b/.test(shebang)) return LANGUAGES.javascript;
  return undefined;
}

