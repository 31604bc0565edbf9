/**
 * The extension inside real VS Code (@vscode/test-electron): activation, a diagnostic, a quick
 * fix, the suppression command. It needs VS Code, which is downloaded: where that fails (no
 * internet) the test is skipped, loudly, rather than passed.
 *
 * The suite (test/electron/suite/) runs in VS Code's extension host, so it is bundled to out/
 * first, like the extension.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { build } from 'esbuild';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const ROOT = join(__dirname, '..', '..');
const OUT = join(ROOT, 'out', 'test', 'electron');
/** Idle timeout of the download: here it fails fast (no DNS); elsewhere a stalled mirror should not hang the suite. */
const DOWNLOAD_TIMEOUT_MS = 15_000;

/** The oldest VS Code the extension supports (`engines.vscode`), unless VIGIL_VSCODE_VERSION says otherwise. */
function vscodeVersion(): string {
  const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { vscode: string } }).engines;
  return process.env.VIGIL_VSCODE_VERSION ?? engines.vscode.replace(/^[^\d]*/, '');
}

it('extension tests in VS Code (activation, diagnostic, quick fix, suppression)', { timeout: 10 * 60_000 }, async (t) => {
  let executable: string;
  try {
    executable = await Promise.race([
      downloadAndUnzipVSCode({ version: vscodeVersion(), timeout: DOWNLOAD_TIMEOUT_MS }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no progress in ${DOWNLOAD_TIMEOUT_MS * 4} ms`)), DOWNLOAD_TIMEOUT_MS * 4).unref()),
    ]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    t.skip(`VS Code could not be downloaded: ${reason}; these tests run where VS Code can be fetched`);
    return;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    t.skip('VS Code was downloaded but there is no display; run the tests under xvfb-run');
    return;
  }

  await build({
    entryPoints: [join(__dirname, 'suite', 'index.ts'), join(__dirname, 'suite', 'extension.ts')],
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const workspace = mkdtempSync(join(tmpdir(), 'vigil-electron-'));
  const userData = join(workspace, '.user-data');
  try {
    mkdirSync(join(workspace, 'src'));
    writeFileSync(join(workspace, 'src', 'app.py'), 'import requests\n\nrequests.get("https://example.com")\n');
    writeFileSync(join(workspace, 'src', 'other.py'), 'import requests as r\nr.post("https://example.com/upload")\n');
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(OUT, 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', userData],
      extensionTestsEnv: { VIGIL_TEST_WORKSPACE: workspace },
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
});
