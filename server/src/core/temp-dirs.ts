/** B108's test of whether a path lies in a shared temp directory, for every language. */

/** The configured temp directory `text` lies in (a whole path segment), if any. */
export function tempDirOf(text: string, tmpDirs: readonly string[]): string | undefined {
  for (const configured of tmpDirs) {
    const dir = configured.length > 1 ? configured.replace(/[\\/]+$/, '') : configured;
    if (dir && (text === dir || text.startsWith(`${dir}/`))) return dir;
  }
  return undefined;
}
