/**
 * Glob patterns the way VS Code's `files.exclude` reads them, for `files.exclude` and
 * `vigil.exclude`: matched against the path relative to the workspace folder with `/`
 * separators (or against the absolute path, for an absolute pattern). `*` and `?` stay within
 * one path segment and match dot-files too; `**` spans any number of segments; `{a,b}`
 * alternates (nested groups included); `[abc]`, `[a-z]`, `[!a]` and `[^a]` are classes.
 * A pattern matching a folder excludes everything below it.
 *
 * `files.exclude` maps patterns to `true`, `false` (switched off, e.g. by a workspace setting
 * over a user one) or `{ "when": "$(basename).ts" }`: excluded only when that sibling exists.
 * Whether it does is the caller's question to answer: the desktop looks on disk
 * (server/src/node/glob.ts), the browser client in the folder listing it already has
 * (client/src/browser/scan.ts). Paths are strings with `/` or `\` separators, nothing more.
 */

/** One compiled pattern: does it match this relative (or absolute) posix path? */
export type GlobMatcher = (path: string) => boolean;

export function compileGlob(pattern: string): GlobMatcher {
  const expressions = expandBraces(normalizePattern(pattern)).map((alternative) => new RegExp(`^${globBody(alternative)}$`));
  return (path) => expressions.some((expression) => expression.test(path));
}

function normalizePattern(pattern: string): string {
  let normalized = pattern.trim().replace(/\\/g, '/');
  while (normalized.length > 1 && normalized.endsWith('/')) normalized = normalized.slice(0, -1);
  if (normalized.startsWith('./')) normalized = normalized.slice(2);
  return normalized;
}

/** `a{b,c{d,e}}f` → `abf`, `acdf`, `acef`. An unbalanced brace is literal. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '{') depth++;
    else if (char === '}' && --depth === 0) {
      const options: string[] = [];
      let start = open + 1;
      for (const comma of commas) {
        options.push(pattern.slice(start, comma));
        start = comma + 1;
      }
      options.push(pattern.slice(start, i));
      const rest = expandBraces(pattern.slice(i + 1));
      const head = pattern.slice(0, open);
      return options.flatMap((option) => expandBraces(option).flatMap((expanded) => rest.map((tail) => head + expanded + tail)));
    } else if (char === ',' && depth === 1) commas.push(i);
  }
  // No closing brace: the `{` is an ordinary character.
  return expandBraces(pattern.slice(open + 1)).map((tail) => `${pattern.slice(0, open)}{${tail}`);
}

function globBody(pattern: string): string {
  const segments = pattern.split('/');
  let body = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      // Any number of whole segments, none included.
      body += last ? (index === 0 ? '.*' : '(?:/.*)?') : index === 0 ? '(?:.*/)?' : '(?:/.*)?/';
      return;
    }
    if (index > 0 && segments[index - 1] !== '**') body += '/';
    body += segmentBody(segment);
  });
  return body;
}

function segmentBody(segment: string): string {
  let body = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i]!;
    if (char === '*') {
      while (segment[i + 1] === '*') i++;
      body += '[^/]*';
    } else if (char === '?') {
      body += '[^/]';
    } else if (char === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) {
        body += '\\[';
        continue;
      }
      let inner = segment.slice(i + 1, close);
      const negated = inner.startsWith('!') || inner.startsWith('^');
      if (negated) inner = inner.slice(1);
      body += `[${negated ? '^/' : ''}${inner.replace(/[\\\]^]/g, (c) => `\\${c}`)}]`;
      i = close;
    } else {
      body += char.replace(/[.*+?^${}()|[\]\\/]/g, (c) => `\\${c}`);
    }
  }
  return body;
}

export type ExcludeValue = boolean | { when?: unknown };

/** Whether a file exists at this path (`/` separators), for `when` entries. */
export type SiblingExists = (path: string) => boolean;

/**
 * A set of exclusion patterns: `files.exclude`'s object form or a plain list (`vigil.exclude`,
 * project configuration). Relative patterns are matched against paths relative to `root`.
 */
export class ExcludeSet {
  private readonly entries: { match: GlobMatcher; absolute: boolean; when?: string }[] = [];

  constructor(
    private readonly root: string,
    patterns: Readonly<Record<string, ExcludeValue>> | readonly string[],
    private readonly siblingExists: SiblingExists,
  ) {
    const pairs: [string, ExcludeValue][] = Array.isArray(patterns) ? patterns.map((pattern) => [pattern, true]) : Object.entries(patterns);
    for (const [pattern, value] of pairs) {
      if (typeof pattern !== 'string' || pattern.trim() === '' || value === false || value === null || value === undefined) continue;
      const when = typeof value === 'object' && typeof value.when === 'string' ? value.when : undefined;
      const normalized = normalizePattern(pattern);
      this.entries.push({ match: compileGlob(normalized), absolute: normalized.startsWith('/') || /^[A-Za-z]:\//.test(normalized), when });
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** Whether `absolutePath` (a file or folder under or outside the root) is excluded. */
  excludes(absolutePath: string): boolean {
    if (this.entries.length === 0) return false;
    const absolute = toPosix(absolutePath);
    const root = toPosix(this.root).replace(/\/$/, '');
    const relative = absolute.startsWith(`${root}/`) ? absolute.slice(root.length + 1) : undefined;
    return this.entries.some(({ match, absolute: isAbsolute, when }) => {
      const candidate = isAbsolute ? absolute : relative;
      if (candidate === undefined || !match(candidate)) return false;
      return when === undefined || this.siblingExists(siblingPath(absolute, when));
    });
  }
}

/**
 * `when: "$(basename).ts"` for `dir/name.js`: `dir/name.ts`. The base name loses its last
 * extension (none for `.env`), as Node's `basename(path, extname(path))`.
 */
export function siblingPath(path: string, when: string): string {
  const slash = path.lastIndexOf('/');
  const file = path.slice(slash + 1);
  const dot = file.lastIndexOf('.');
  const name = dot > 0 ? file.slice(0, dot) : file;
  return path.slice(0, slash + 1) + when.replace(/\$\(basename\)/g, name).replace(/^(\.\/)+/, '');
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}
