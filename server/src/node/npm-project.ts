/**
 * What an npm project installs, for rules whose verdict depends on a package's major version:
 * js-yaml's `load()` parses with the unsafe full schema by default before 4.0 (B506).
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compare, minVersion, validRange } from 'semver';

/** The files `minimumNpmVersion` reads, as globs for an editor to watch. */
export const NPM_VERSION_SOURCES = ['**/{package.json,package-lock.json,npm-shrinkwrap.json}'];

export function isNpmVersionSource(path: string): boolean {
  return ['package.json', 'package-lock.json', 'npm-shrinkwrap.json'].includes(basename(path));
}

/**
 * The lowest version of the npm package `name` that the project at `root` installs, or
 * undefined when that cannot be told.
 *
 * A lock file wins (`npm-shrinkwrap.json`, else `package-lock.json`): the version at the top of
 * `node_modules`, which is what the project's own `require(name)` loads. Otherwise the floor of
 * the range `package.json` declares in `dependencies`, `devDependencies`, `optionalDependencies`
 * or `peerDependencies` (`^3.13.1` → 3.13.1). Ranges with no floor (`*`, `latest`, a git URL or
 * a local path) give undefined: any version may be installed, most likely the newest.
 */
export function minimumNpmVersion(root: string, name: string): string | undefined {
  for (const lock of ['npm-shrinkwrap.json', 'package-lock.json']) {
    const locked = lockedVersion(readJson(join(root, lock)), name);
    if (locked !== undefined) return locked;
  }
  const manifest = readJson(join(root, 'package.json'));
  const floors = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']
    .map((field) => record(manifest?.[field])[name])
    .filter((range): range is string => typeof range === 'string')
    .map(rangeFloor);
  if (floors.length === 0 || floors.includes(undefined)) return undefined;
  return (floors as string[]).sort(compare)[0];
}

/** `packages["node_modules/<name>"]` (lockfile v2 and v3), else `dependencies[<name>]` (v1). */
function lockedVersion(lock: Record<string, unknown> | undefined, name: string): string | undefined {
  const version = record(record(lock?.packages)[`node_modules/${name}`]).version ?? record(record(lock?.dependencies)[name]).version;
  return typeof version === 'string' && validRange(version) ? version : undefined;
}

/** The lowest version a range admits, unless it admits any (`*`, `x`, ``): then undefined. */
function rangeFloor(range: string): string | undefined {
  const trimmed = range.trim();
  if (trimmed === '' || /^[*xX]$/.test(trimmed) || !validRange(trimmed)) return undefined;
  return minVersion(trimmed)?.version;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return record(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
