/**
 * Vigil in a real Neovim (Debian's 0.7), headless: the configuration docs/editors.md shows
 * (test/editors/neovim/init.lua) starts `node dist/server.js --stdio`; test.lua opens a Python
 * and a TypeScript file, waits for the B113 diagnostic, applies the fix through
 * `vim.lsp.buf.code_action()`, saves, and waits for the diagnostic to go away. This file checks
 * what Neovim reported and what it wrote to disk.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureSystemPackages } from '../support/system';
import { ensureBuilt, ROOT } from '../server/lsp-client';
import { codeLines, documentedCode, runEditor } from './editor-process';

const HERE = join(__dirname, 'neovim');
/** Each wait inside Neovim; the script gives up on the whole run after twice that. */
const WAIT_MS = 15_000;

const skip = ensureSystemPackages([{ command: 'nvim', packages: ['neovim'] }]);

interface Diagnostic {
  code: string;
  source: string;
  message: string;
  severity: number;
  line: number;
  /** 0-based byte column, as Neovim stores it. */
  col: number;
  end_line: number;
  end_col: number;
}

interface CaseResult {
  file: string;
  filetype: string;
  before: Diagnostic[];
  all_before: Diagnostic[];
  offered: string[];
  fixed: string;
  after: Diagnostic[];
  modified: boolean;
}

interface Report {
  ok: boolean;
  error?: string;
  steps: string[];
  notifications: { message: string; level: number }[];
  cases: CaseResult[];
  clients?: number;
  client_name?: string;
}

/** Where `needle` starts on its line: 1-based line, 0-based UTF-8 byte column (Neovim's). */
function bytePosition(text: string, needle: string): { line: number; col: number; endCol: number } {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `sample contains ${needle}`);
  const col = Buffer.byteLength(lines[index]!.slice(0, lines[index]!.indexOf(needle)));
  return { line: index + 1, col, endCol: col + Buffer.byteLength(needle) };
}


describe('docs/editors.md', () => {
  it('shows the Neovim 0.7 configuration this suite runs', () => {
    // The test reads the server's path from the environment; the docs name a path.
    const tested = readFileSync(join(HERE, 'init.lua'), 'utf8').replace('vim.env.VIGIL_SERVER or ', '');
    assert.deepEqual(documentedCode('## Neovim 0.7', 'lua', '--'), codeLines(tested, '--'));
  });
});

describe('Neovim 0.7 with vim.lsp (headless)', { skip }, () => {
  const workspace = mkdtempSync(join(tmpdir(), 'vigil-neovim-'));
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('shows B113 in Python and TypeScript, applies the fix, saves it, and the diagnostic goes away', { timeout: 60_000 }, async (t) => {
    ensureBuilt();
    cpSync(join(HERE, 'workspace'), join(workspace, 'project'), { recursive: true });
    const project = join(workspace, 'project');
    const python = readFileSync(join(project, 'app.py'), 'utf8');
    const typescript = readFileSync(join(project, 'client.ts'), 'utf8');
    // init.lua sets fix.timeoutSeconds = 10: the fixes' text shows the setting reached the server.
    const cases = [
      {
        file: 'app.py',
        code: 'B113',
        pick: 'Add timeout=10',
        filetype: 'python',
        callee: 'requests.get',
        expected: python.replace('requests.get(url)', 'requests.get(url, timeout=10)'),
      },
      {
        file: 'client.ts',
        code: 'B113',
        pick: 'Add signal: AbortSignal.timeout(10000) (unsafe)',
        filetype: 'typescript',
        callee: 'fetch',
        expected: typescript.replace('fetch(url)', 'fetch(url, { signal: AbortSignal.timeout(10000) })'),
      },
    ];
    const resultPath = join(workspace, 'result.json');
    const xdg = join(workspace, 'xdg');
    const env = {
      ...process.env,
      VIGIL_INIT: join(HERE, 'init.lua'),
      VIGIL_SERVER: join(ROOT, 'dist', 'server.js'),
      VIGIL_RESULT: resultPath,
      VIGIL_CASES: JSON.stringify(cases.map(({ file, code, pick }) => ({ file, code, pick }))),
      VIGIL_TIMEOUT_MS: String(WAIT_MS),
      XDG_CONFIG_HOME: join(xdg, 'config'),
      XDG_DATA_HOME: join(xdg, 'data'),
      XDG_STATE_HOME: join(xdg, 'state'),
      XDG_CACHE_HOME: join(xdg, 'cache'),
    };
    const run = await runEditor('nvim', ['--headless', '--clean', '-c', `luafile ${join(HERE, 'test.lua')}`], project, env, 2 * WAIT_MS + 10_000);
    t.diagnostic(`nvim ran for ${run.ms} ms`);

    const lspLog = join(xdg, 'cache', 'nvim', 'lsp.log');
    const context = (): string =>
      [`exit ${run.status} signal ${run.signal}${run.timedOut ? ' (killed after the timeout)' : ''}`, run.stderr.trim(), existsSync(lspLog) ? `lsp.log:\n${readFileSync(lspLog, 'utf8').slice(-4000)}` : ''].filter(Boolean).join('\n');
    assert.ok(existsSync(resultPath), `Neovim wrote no report\n${context()}`);
    const report = JSON.parse(readFileSync(resultPath, 'utf8')) as Report;
    assert.ok(report.ok, `${report.error}\nsteps: ${report.steps.join(' → ')}\nnotifications: ${JSON.stringify(report.notifications)}\n${context()}`);
    assert.equal(run.status, 0, context());
    assert.equal(report.clients, 1, 'one server for both files');
    assert.equal(report.client_name, 'vigil');

    for (const [index, expected] of cases.entries()) {
      const result = report.cases[index]!;
      const original = expected.file === 'app.py' ? python : typescript;
      assert.equal(result.filetype, expected.filetype);
      // Exactly one finding in the buffer, on the callee, at Neovim's byte columns (the Python
      // line has non-ASCII text before it, so UTF-16 → bytes conversion must be right).
      const at = bytePosition(original, `${expected.callee}(url)`);
      assert.deepEqual(
        result.all_before.map((d) => ({ code: d.code, source: d.source, line: d.line, col: d.col, end_line: d.end_line, end_col: d.end_col, severity: d.severity })),
        [{ code: 'B113', source: 'vigil', line: at.line, col: at.col, end_line: at.line, end_col: at.col + Buffer.byteLength(expected.callee), severity: 2 }],
        `${expected.file}: diagnostics before the fix`,
      );
      assert.match(result.before[0]!.message, /without a timeout/);
      assert.deepEqual(result.offered, [expected.pick, 'Suppress B113 on this line with a justification…', 'Show documentation for B113'], `${expected.file}: the code action menu`);
      assert.equal(result.fixed, expected.expected, `${expected.file}: buffer after the fix`);
      assert.deepEqual(result.after, [], `${expected.file}: diagnostics after the fix`);
      assert.equal(result.modified, false, `${expected.file}: saved`);
      assert.equal(readFileSync(join(project, expected.file), 'utf8'), expected.expected, `${expected.file}: on disk`);
    }
  });
});
