/**
 * The packaged extension in real VS Code: code-server 4.100.3 (VS Code 1.100.3 with a Node
 * extension host) with `vigil.vsix` installed through `--install-extension`, in Debian's
 * Chromium driven by playwright-core.
 *
 * 1. test/electron/suite, the mocha suite written for @vscode/test-electron, runs inside the
 *    extension host (the `extensionTestsPath` payload VS Code's own browser tests use).
 * 2. A person's path through the UI: click the file in the Explorer, see the squiggle and its
 *    hover, open the quick-fix menu with Ctrl+., pick the fix, save. Screenshots of each step go
 *    to test-results/code-server/.
 *
 * Everything runs on copies of test/editors/code-server/workspace in a temp folder. What it
 * needs is installed by the test (Debian packages as root; code-server into a cache outside
 * the repository, see scripts/editors/code-server.ts); when that is impossible it fails under
 * CI and skips loudly elsewhere.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { CODE_SERVER_VERSION, installCodeServer, VSCODE_VERSION } from '../../scripts/editors/code-server';
import { ensureSystemPackages } from '../support/system';
import { launchChromium, packageExtension, ROOT, startCodeServer, type Chromium, type CodeServer } from './code-server/harness';

const WORKSPACE = join(__dirname, 'code-server', 'workspace');
const SCREENSHOTS = join(ROOT, 'test-results', 'code-server');
const SUITE_TIMEOUT_MS = 180_000;

/** Fails under CI (which must be able to install everything), skips loudly elsewhere. */
function unavailable(reason: string): string {
  if (process.env.CI) throw new Error(`${reason} (CI must have it)`);
  console.warn(`\n*** SKIPPING the code-server tests: ${reason} ***\n`);
  return reason;
}

describe(`VS Code ${VSCODE_VERSION} (code-server ${CODE_SERVER_VERSION}) with the packaged extension`, () => {
  let skipReason: string | undefined;
  let scratch: string | undefined;
  let server: CodeServer | undefined;
  let browser: Chromium | undefined;
  const timings: string[] = [];

  async function timed<T>(what: string, step: () => Promise<T> | T): Promise<T> {
    const started = Date.now();
    const result = await step();
    timings.push(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  }

  /** A fresh copy of the fixture workspace: the editor may write to it, the repository never changes. */
  function copyWorkspace(name: string): string {
    const copy = join(scratch!, name);
    cpSync(WORKSPACE, copy, { recursive: true });
    return copy;
  }

  before(
    async () => {
      skipReason = ensureSystemPackages([
        { command: 'chromium', packages: ['chromium'] },
        // Installing code-server offline: Debian's rg stands in for the download, the Kerberos
        // and node-pty addons compile from source.
        { command: 'rg', packages: ['ripgrep'] },
        { command: 'pkg-config', packages: ['pkg-config'] },
        { command: 'krb5-config', packages: ['libkrb5-dev'] },
        { command: 'g++', packages: ['g++'] },
        { command: 'make', packages: ['make'] },
      ]);
      if (skipReason) return;
      let bin: string;
      try {
        const install = await timed('code-server install (or cache check)', () => installCodeServer({ log: (line) => console.log(line) }));
        bin = install.bin;
      } catch (error) {
        skipReason = unavailable(`code-server ${CODE_SERVER_VERSION} could not be installed: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      scratch = mkdtempSync(join(tmpdir(), 'vigil-code-server-'));
      const vsix = await timed('npm run package', () => packageExtension(scratch!));
      server = await timed('install the .vsix and start code-server', () => startCodeServer({ bin, dir: join(scratch!, 'server'), vsix }));
      browser = await timed('start Chromium', () => launchChromium(join(scratch!, 'chromium-profile')));
    },
    { timeout: 9 * 60_000 },
  );

  after(async () => {
    await browser?.stop();
    await server?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    if (timings.length) console.log(`code-server timings: ${timings.join('; ')}`);
  });

  it('the extension tests pass in the extension host (test/electron/suite)', { timeout: SUITE_TIMEOUT_MS + 60_000 }, async (t) => {
    if (skipReason) return t.skip(skipReason);
    // The suite goes inside the installed extension's folder, as it sits inside the extension
    // folder under test-electron: VS Code hands each extension its own `vscode` API object,
    // chosen by the path of the file that requires it, and the suite stubs `showInputBox` on
    // the object the extension uses.
    const installed = readdirSync(server!.extensionsDir).find((name) => name.startsWith('vigil-security.vigil-'));
    assert.ok(installed, `vigil.vsix was installed into ${server!.extensionsDir}`);
    const suite = join(server!.extensionsDir, installed, '.vigil-test');
    await timed('bundle the mocha suite', () =>
      build({
        entryPoints: [join(ROOT, 'test', 'electron', 'suite', 'index.ts'), join(ROOT, 'test', 'electron', 'suite', 'extension.ts')],
        outdir: suite,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode', 'mocha'],
        logLevel: 'warning',
      }),
    );
    symlinkSync(join(ROOT, 'node_modules'), join(suite, 'node_modules'), 'dir');
    const workspace = copyWorkspace('suite-workspace');
    // VS Code runs extension tests on behalf of a development extension: an empty one stands in,
    // so the extension under test stays the installed package.
    const harness = join(scratch!, 'test-harness-extension');
    mkdirSync(harness);
    writeFileSync(join(harness, 'package.json'), JSON.stringify({ name: 'vigil-test-harness', publisher: 'vigil-test', version: '0.0.0', engines: { vscode: '^1.100.0' } }));
    const page = await browser!.context.newPage();
    const log: string[] = [];
    try {
      let finish!: (code: number | string) => void;
      const exit = new Promise<number | string>((resolve) => (finish = resolve));
      // mocha's reporter prints through console.log: printf-style arguments, colours.
      await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => log.push(format(...args).replace(/\x1b\[[0-9;]*m/g, '')));
      await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
      const timer = setTimeout(() => finish(`no result in ${SUITE_TIMEOUT_MS / 1000} s`), SUITE_TIMEOUT_MS);
      await page.goto(
        server!.url(workspace, [
          ['extensionDevelopmentPath', server!.remote(harness)],
          ['extensionTestsPath', server!.remote(join(suite, 'index.js'))],
          ['skipWelcome', 'true'],
        ]),
      );
      const code = await timed('mocha suite in the extension host', () => exit);
      clearTimeout(timer);
      const report = log.join('\n');
      assert.equal(code, 0, `the extension tests failed (exit ${code}):\n${report}\n--- code-server ---\n${server!.output().slice(-3000)}`);
      // A suite that ran nothing would also exit 0.
      assert.match(report, /\d+ passing/, report);
      assert.doesNotMatch(report, /\d+ failing/, report);
      t.diagnostic(report.match(/\d+ passing.*$/m)?.[0] ?? '');
    } finally {
      await page.close();
    }
  });

  it('a person sees the squiggle, opens the quick-fix menu with Ctrl+. and applies the fix', { timeout: 120_000 }, async (t) => {
    if (skipReason) return t.skip(skipReason);
    const workspace = copyWorkspace('ui-workspace');
    const appFile = join(workspace, 'src', 'app.py');
    mkdirSync(SCREENSHOTS, { recursive: true });
    const page = await browser!.context.newPage();
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(server!.url(workspace));
      await timed('UI: open app.py from the Explorer and wait for the squiggle', async () => {
        await page.getByRole('treeitem', { name: 'src', exact: true }).click({ timeout: 60_000 });
        await page.getByRole('treeitem', { name: 'app.py', exact: true }).click();
        await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 60_000 });
      });
      const editor = page.locator('.monaco-editor[data-uri$="app.py"]');
      assert.equal(await editor.locator('.squiggly-warning').count(), 1, 'one finding in app.py: B113');
      // The squiggle is drawn under the text, which takes the mouse: aim at its middle.
      const box = (await editor.locator('.squiggly-warning').first().boundingBox())!;
      const squiggle = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

      // Hovering the squiggle shows the finding with its rule ID.
      await page.mouse.move(squiggle.x, squiggle.y);
      const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'B113' });
      await hover.first().waitFor({ timeout: 15_000 });
      assert.match(await hover.first().innerText(), /requests\.get without a timeout/);
      await shoot(page, '1-diagnostic');

      // Ctrl+. at the squiggle lists the fix first, then the suppression and the docs.
      await page.keyboard.press('Escape');
      await page.mouse.click(squiggle.x, squiggle.y);
      await page.keyboard.press('Control+.');
      const menu = page.locator('.action-widget');
      const fix = menu.locator('.monaco-list-row', { hasText: 'Add timeout=30' });
      await fix.waitFor({ timeout: 15_000 });
      const items = await menu.locator('.monaco-list-row.action').allInnerTexts();
      assert.ok(items.some((item) => item.startsWith('Suppress B113')), `the menu offers the suppression: ${JSON.stringify(items)}`);
      await shoot(page, '2-quick-fix-menu');

      // The menu lays a pointer block over the workbench until the mouse moves, as a hand would.
      const item = (await fix.boundingBox())!;
      await page.mouse.move(item.x + item.width / 2, item.y + item.height / 2);
      await fix.click();
      await editor.locator('.squiggly-warning').first().waitFor({ state: 'detached', timeout: 15_000 });
      // The editor renders spaces as no-break spaces.
      const shown = (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
      assert.match(shown, /requests\.get\("https:\/\/example\.com", timeout=30\)/);
      await page.keyboard.press('Control+S');
      await waitFor(() => readFileSync(appFile, 'utf8').includes('timeout=30'), 'the saved file has the fix');
      assert.equal(readFileSync(appFile, 'utf8'), 'import requests\n\nrequests.get("https://example.com", timeout=30)\n');
      await shoot(page, '3-fixed');
    } catch (error) {
      await shoot(page, 'failure').catch(() => undefined);
      throw error;
    } finally {
      await page.close();
    }
  });
});

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
