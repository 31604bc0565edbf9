/**
 * code-server — VS Code 1.100.3 served to a browser, with a Node extension host — installed from
 * the npm registry for the real-editor tests, into a cache outside the repository:
 * `$VIGIL_TEST_CACHE`, else `$XDG_CACHE_HOME/vigil-test`, else `~/.cache/vigil-test`.
 *
 * Offline means three things must be prepared (shared/REAL-CLIENTS.md tells how they were found):
 * @vscode/ripgrep downloads `rg` from GitHub in its postinstall, unless its cache in the temp
 * directory already holds the archive, so Debian's `rg` is packed there first; the kerberos and
 * node-pty addons build from source (pkg-config, libkrb5-dev, Node's headers); and npm must run
 * code-server's postinstall as root without asking.
 *
 * The install happens in a scratch folder renamed into place when it is complete, so a killed or
 * failed install never looks installed, and two processes installing at once both end up with
 * one complete copy.
 *
 * Run by hand to fill the cache ahead of time: `npx tsx scripts/editors/code-server.ts`.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** The last code-server whose `engines.node` accepts Node 20; it serves VS Code 1.100.3. */
export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
/** The @vscode/ripgrep that code-server 4.100.3 depends on, and the rg release it fetches. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';
const INSTALL_TIMEOUT_MS = 8 * 60_000;

export function cacheRoot(): string {
  if (process.env.VIGIL_TEST_CACHE) return process.env.VIGIL_TEST_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'vigil-test');
}

export interface CodeServerInstall {
  /** The `code-server` executable. */
  bin: string;
  /** True when this call installed it, false when it came from the cache. */
  installed: boolean;
}

/** The `rg` target name @vscode/ripgrep asks GitHub for on this machine. */
function ripgrepTarget(): string {
  if (process.platform !== 'linux') throw new Error(`the offline code-server install is written for Linux, not ${process.platform}`);
  if (process.arch === 'x64') return 'x86_64-unknown-linux-musl';
  if (process.arch === 'arm64') return 'aarch64-unknown-linux-musl';
  throw new Error(`no rg target known for ${process.arch}`);
}

function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** npm as the running npm (under `npm test`) or from PATH. */
function npmCommand(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /npm-cli\.js$/.test(execPath)) return [process.execPath, [execPath]];
  return ['npm', []];
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; log: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout ends node-gyp's compilers too.
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const append = (chunk: Buffer): void => {
      output += chunk.toString();
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, INSTALL_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      writeFileSync(options.log, output);
      if (status === 0) return resolve();
      const tail = output.trim().split('\n').slice(-15).join('\n');
      reject(new Error(`${[command, ...args].join(' ')} ${signal ? `was killed (${signal})` : `exited with ${status}`}; log: ${options.log}\n${tail}`));
    });
  });
}

/**
 * The code-server executable, installing it first when the cache lacks it. Needs `rg`,
 * `pkg-config`, the Kerberos headers, a C++ toolchain and the npm registry; throws with the
 * install log's tail when something is missing.
 */
export async function installCodeServer(options: { log?: (line: string) => void } = {}): Promise<CodeServerInstall> {
  const dir = join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
  const bin = join(dir, 'node_modules', '.bin', 'code-server');
  const marker = join(dir, 'installed.json');
  if (existsSync(marker) && existsSync(bin)) return { bin, installed: false };

  const rg = which('rg');
  if (!rg) throw new Error('rg (Debian package ripgrep) is needed to install code-server offline');
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const tmp = join(staging, 'tmp');
  const ripgrepCache = join(tmp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  mkdirSync(ripgrepCache, { recursive: true });
  try {
    // @vscode/ripgrep looks for `<os.tmpdir()>/vscode-ripgrep-cache-<version>/ripgrep-<release>-<target>.tar.gz`
    // before downloading; an archive holding Debian's rg satisfies it.
    execFileSync('tar', ['czf', join(ripgrepCache, `ripgrep-${RIPGREP_RELEASE}-${ripgrepTarget()}.tar.gz`), '-C', dirname(rg), 'rg']);
    writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ name: 'vigil-test-code-server', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2)}\n`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TMPDIR: tmp,
      npm_config_yes: 'true',
      // code-server's postinstall refuses to run as root without it.
      npm_config_unsafe_perm: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    // node-gyp would download Node's headers; build against the ones installed with Node instead.
    const headers = join(dirname(dirname(process.execPath)), 'include', 'node', 'node.h');
    if (!env.npm_config_nodedir && existsSync(headers)) env.npm_config_nodedir = dirname(dirname(process.execPath));
    const started = Date.now();
    options.log?.(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (about 2 minutes, once)`);
    const [npm, npmArgs] = npmCommand();
    await run(npm, [...npmArgs, 'install', '--foreground-scripts', '--no-package-lock'], { cwd: staging, env, log: join(staging, 'install.log') });
    const stagedBin = join(staging, 'node_modules', '.bin', 'code-server');
    const version = execFileSync(stagedBin, ['--version'], { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: tmp, XDG_DATA_HOME: tmp } });
    // The last line is `<version> <commit> with Code <vscode version>`; a first run also logs its config file.
    if (!version.trim().split('\n').at(-1)!.startsWith(`${CODE_SERVER_VERSION} `)) throw new Error(`code-server --version printed ${version.trim()}, expected ${CODE_SERVER_VERSION}`);
    rmSync(tmp, { recursive: true, force: true });
    writeFileSync(join(staging, 'installed.json'), `${JSON.stringify({ version: CODE_SERVER_VERSION, seconds: (Date.now() - started) / 1000 })}\n`);
    try {
      renameSync(staging, dir);
    } catch {
      // Another process finished first (the folder exists and is complete): use its copy.
      if (!existsSync(marker)) {
        rmSync(dir, { recursive: true, force: true });
        renameSync(staging, dir);
      }
    }
    options.log?.(`installed code-server ${CODE_SERVER_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
    return { bin, installed: true };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && /scripts[/\\]editors[/\\]code-server\.ts$/.test(process.argv[1])) {
  installCodeServer({ log: (line) => console.error(line) }).then(
    (install) => console.log(install.bin),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
