/**
 * System packages for the real-editor suites (Neovim, Emacs, Chromium, …). The test command
 * must set up what it needs on a fresh machine: as root it installs Debian packages itself;
 * otherwise it names what is missing and fails under CI, or skips loudly on a developer's machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface Requirement {
  /** A command that must be on PATH afterwards, e.g. `nvim`. */
  command: string;
  /** The Debian packages that provide it. */
  packages: string[];
}

let updated = false;

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Make sure every requirement's command exists. Returns undefined when all are there, or the
 * reason they are not (the caller skips with it). Under CI a missing requirement throws.
 */
export function ensureSystemPackages(requirements: readonly Requirement[]): string | undefined {
  const missing = requirements.filter((requirement) => !onPath(requirement.command));
  if (missing.length === 0) return undefined;
  const packages = [...new Set(missing.flatMap((requirement) => requirement.packages))];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && onPath('apt-get')) {
    // Several test files may install at once: apt takes one at a time.
    const lock = openSync('/tmp/vigil-apt.lock', 'w');
    try {
      execFileSync('flock', ['/tmp/vigil-apt.lock', 'sh', '-c', `${updated ? '' : 'apt-get update -qq && '}DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages.join(' ')}`], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
      updated = true;
    } finally {
      closeSync(lock);
    }
    const still = requirements.filter((requirement) => !onPath(requirement.command));
    if (still.length === 0) return undefined;
    return fail(`apt-get installed ${packages.join(' ')} but ${still.map((r) => r.command).join(', ')} is still missing`);
  }
  return fail(`missing ${missing.map((r) => r.command).join(', ')}: install the Debian packages ${packages.join(' ')} (as root: apt-get install -y ${packages.join(' ')})`);
}

function fail(reason: string): string {
  if (process.env.CI) throw new Error(`${reason} (CI must have it)`);
  console.warn(`\n*** SKIPPING: ${reason} ***\n`);
  return reason;
}
