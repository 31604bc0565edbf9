/**
 * What a directory walk skips, whatever reads the directories: folders never worth walking, and
 * `.gitignore` files layered the way git reads them (a deeper file's rule wins; `!` re-includes),
 * given their text. The desktop walks (server/src/node/gitignore.ts and its callers) read the
 * files from disk, the browser client (client/src/browser/scan.ts) through `vscode.workspace.fs`.
 */
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

/** The layer of the `.gitignore` in `base` whose text is `text`. */
export function gitignoreLayer(base: string, text: string): IgnoreLayer {
  return { base, rules: ignore().add(text) };
}

/** `path` relative to `base` with `/` separators, or undefined when it is not below `base`. */
export type Relativize = (base: string, path: string) => string | undefined;

/** For paths that are `/`-separated strings, as a URI's path: `/a/b` below `/a` is `b`. */
export function posixRelative(base: string, path: string): string | undefined {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return path.length > prefix.length && path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

/** Whether the innermost .gitignore that says anything about `path` ignores it. */
export function gitignored(layers: readonly IgnoreLayer[], path: string, isDir: boolean, relativize: Relativize = posixRelative): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = relativize(layer.base, path);
    if (rel === undefined) continue;
    const result = layer.rules.test(rel + (isDir ? '/' : ''));
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}
