/** B108's test of whether a path lies in a shared temp directory, for every language. */

/** The configured temp directory `text` lies in (a whole path segment), if any. */
export function tempDirOf(text: string, tmpDirs: readonly string[]): string | undefined {
  for (const configured of tmpDirs) {
    const dir = withoutTrailingSlash(configured);
    if (dir && (text === dir || text.startsWith(`${dir}/`))) return dir;
  }
  return undefined;
}

/**
 * Whether a literal's source text contains a configured temp directory at all: a cheap test
 * that lets the rules pass over the many strings of a file that cannot be a temp path.
 */
export function mentionsTempDir(source: string, tmpDirs: readonly string[]): boolean {
  return tmpDirs.some((configured) => {
    const dir = withoutTrailingSlash(configured);
    return dir !== '' && source.includes(dir);
  });
}

function withoutTrailingSlash(dir: string): string {
  return dir.length > 1 ? dir.replace(/[\\/]+$/, '') : dir;
}
