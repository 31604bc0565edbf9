/**
 * Python package versions (PEP 440), as far as rules need them: the release numbers, and
 * whether a pre-release comes before its release. `2.6` equals `2.6.0`; `2.6.0rc1` comes before
 * `2.6.0`; local labels (`+cu124`) are ignored.
 */
export interface Version {
  release: number[];
  /** A pre-release or dev release (`rc1`, `a2`, `.dev0`): earlier than the release itself. */
  pre: boolean;
}

export function parseVersion(text: string): Version | undefined {
  const match = /^\s*v?(?:\d+!)?(\d+(?:\.\d+)*)(.*)$/i.exec(text);
  if (!match) return undefined;
  const rest = match[2]!.replace(/\+.*$/, '');
  return { release: match[1]!.split('.').map(Number), pre: /^[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview|dev)\d*/i.test(rest) };
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b`. */
export function compareVersions(a: Version, b: Version): number {
  const length = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < length; i++) {
    const difference = (a.release[i] ?? 0) - (b.release[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return Number(b.pre) - Number(a.pre);
}

/** Whether `version` is `minimum` or newer; false when either does not parse. */
export function versionAtLeast(version: string | undefined, minimum: string): boolean {
  const a = version === undefined ? undefined : parseVersion(version);
  const b = parseVersion(minimum);
  return !!a && !!b && compareVersions(a, b) >= 0;
}
