/**
 * The pieces of a real VS Code session for the tests: the packaged extension (`npm run package`),
 * a code-server with fresh user data and an extensions folder of its own, and Debian's Chromium
 * driven by playwright-core.
 *
 * Every process started here gets its own process group and is ended by that group's ID: on
 * `stop()`, and as a last resort when the test process exits, so a failing test leaves no
 * server or browser behind.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const ROOT = join(__dirname, '..', '..', '..');
export const CHROMIUM = '/usr/bin/chromium';

/** Process groups still running; killed when the test process exits, whatever happened. */
const groups = new Set<number>();
process.on('exit', () => {
  for (const pid of groups) signalGroup(pid, 'SIGKILL');
});
// A signal would end the process without 'exit' handlers: end the groups, then die of it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    for (const pid of groups) signalGroup(pid, 'SIGKILL');
    process.kill(process.pid, signal);
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Starts `command` as the leader of a new process group that `stopGroup` ends. */
function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): ChildProcess {
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) groups.add(child.pid);
  return child;
}

/** SIGTERM to the whole group, SIGKILL after `graceMs` if the leader has not exited. */
async function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || !groups.has(pid)) return;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  // Whatever the leader left behind in its group (extension hosts, language servers, renderers).
  signalGroup(pid, 'SIGKILL');
  groups.delete(pid);
}

/** Collects a child's output and resolves once a line matches `ready` (or rejects on exit/timeout). */
function waitForOutput(child: ChildProcess, ready: RegExp, what: string, timeoutMs: number): { match: Promise<RegExpMatchArray>; output: () => string } {
  let output = '';
  const match = new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${timeoutMs} ms:\n${output.slice(-2000)}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const found = output.match(ready);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${signal ?? code}) before it was ready:\n${output.slice(-2000)}`));
    });
  });
  match.catch(() => undefined);
  return { match, output: () => output };
}

/**
 * `npm run package` — the production bundles and `vigil.vsix` from @vscode/vsce — in a copy of
 * the sources, so the working tree's development build in dist/ (which other tests run
 * concurrently) is never rewritten. Returns the .vsix path.
 */
export function packageExtension(scratch: string): string {
  const copy = join(scratch, 'package');
  mkdirSync(copy, { recursive: true });
  for (const name of ['package.json', 'README.md', 'LICENSE', '.vscodeignore', 'esbuild.mjs', 'tsconfig.json', 'tsconfig.base.json', 'client', 'server', 'syntaxes', 'docs']) {
    cpSync(join(ROOT, name), join(copy, name), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const npm = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['npm'];
  execFileSync(npm[0]!, [...npm.slice(1), 'run', '--silent', 'package'], { cwd: copy, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  return join(copy, 'vigil.vsix');
}

export interface CodeServer {
  port: number;
  /** The folder holding user data, extensions and XDG folders of this server. */
  dir: string;
  extensionsDir: string;
  /** A path on the server as the `vscode-remote://` URI the workbench's payload needs. */
  remote(path: string): string;
  /** The workbench URL opening `folder`, with an optional extension-test payload. */
  url(folder: string, payload?: [string, string][]): string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A code-server on a free loopback port with user data, extensions and XDG folders under `dir`,
 * after installing `vsix` into its extensions folder the way a user does (`--install-extension`).
 * User settings keep files from being saved behind the test's back and skip the welcome page.
 */
export async function startCodeServer(options: { bin: string; dir: string; vsix: string; env?: NodeJS.ProcessEnv }): Promise<CodeServer> {
  const { bin, dir } = options;
  const userData = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    `${JSON.stringify({ 'files.autoSave': 'off', 'workbench.startupEditor': 'none', 'extensions.ignoreRecommendations': true, 'workbench.tips.enabled': false, 'security.workspace.trust.enabled': false, 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false }, null, 2)}\n`,
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    // The extension host inherits it: the suite checks the extension it tests was loaded from here.
    VIGIL_TEST_EXTENSIONS_DIR: extensionsDir,
  };
  const common = ['--user-data-dir', userData, '--extensions-dir', extensionsDir];
  execFileSync(bin, [...common, '--install-extension', options.vsix], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });

  const child = spawnGroup(bin, ['--bind-addr', '127.0.0.1:0', '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ...common], env);
  const started = waitForOutput(child, /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/, 'code-server', 60_000);
  let port: number;
  try {
    port = Number((await started.match)[1]);
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
  const remote = (path: string): string => `vscode-remote://127.0.0.1:${port}${path}`;
  return {
    port,
    dir,
    extensionsDir,
    remote,
    url: (folder, payload) => `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`,
    output: started.output,
    stop: () => stopGroup(child),
  };
}

export interface Chromium {
  browser: Browser;
  context: BrowserContext;
  stop(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with a fresh profile, started here (so its process group is ours
 * to end) and driven by playwright-core over the DevTools protocol. The flags keep it from
 * reaching for the network this machine does not have.
 */
export async function launchChromium(profile: string): Promise<Chromium> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--window-size=1280,800',
    `--user-data-dir=${profile}`,
    '--remote-debugging-port=0',
    'about:blank',
  ];
  const child = spawnGroup(CHROMIUM, args, process.env);
  const started = waitForOutput(child, /DevTools listening on (ws:\/\/\S+)/, 'Chromium', 30_000);
  try {
    const browser = await chromium.connectOverCDP((await started.match)[1]!);
    const context = browser.contexts()[0] ?? (await browser.newContext());
    return {
      browser,
      context,
      stop: async () => {
        await browser.close().catch(() => undefined);
        await stopGroup(child);
      },
    };
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
}
