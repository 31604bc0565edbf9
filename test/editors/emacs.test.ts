/**
 * Vigil in a real Emacs (Debian's 28 with eglot 1.9), in batch mode: the configuration
 * docs/editors.md shows (test/editors/emacs/vigil.el, settings in the project's .dir-locals.el)
 * starts `node dist/server.js --stdio`; test.el opens a Python and a JavaScript file, waits for
 * the B113 flymake diagnostic, applies the fix through `eglot-code-actions`, saves, and waits
 * for the diagnostic to go away. This file checks what Emacs reported and what it wrote to disk.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureSystemPackages } from '../support/system';
import { ensureBuilt, ROOT } from '../server/lsp-client';
import { codeLines, documentedCode, runEditor } from './editor-process';

const HERE = join(__dirname, 'emacs');
/** Each wait inside Emacs; the script gives up on the whole run after twice that. */
const WAIT_MS = 15_000;
/** What test.el does first: Debian's ELPA packages on the load path (emacs -Q does not activate them). */
const LOAD_PATH = '(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*")) (add-to-list \'load-path dir))';

const skip = ensureSystemPackages([{ command: 'emacs', packages: ['emacs-nox', 'elpa-eglot'] }]) ?? eglotMissing();

/**
 * elpa-eglot installs no command, so ensureSystemPackages cannot see it: ask Emacs (Emacs 29
 * and later have eglot built in). Missing eglot fails under CI and skips loudly otherwise.
 */
function eglotMissing(): string | undefined {
  const probe = spawnSync('emacs', ['-Q', '--batch', '--eval', `(progn ${LOAD_PATH} (require 'eglot))`], { stdio: 'ignore', timeout: 30_000 });
  if (probe.status === 0) return undefined;
  const reason = 'Emacs cannot load eglot: install the Debian package elpa-eglot (as root: apt-get install -y elpa-eglot)';
  if (process.env.CI) throw new Error(`${reason} (CI must have it)`);
  console.warn(`\n*** SKIPPING: ${reason} ***\n`);
  return reason;
}

interface Diagnostic {
  code: string;
  source: string;
  message: string;
  /** Flymake's type: eglot-error, eglot-warning or eglot-note. */
  type: string;
  /** The text the diagnostic covers. */
  text: string;
  line: number;
  /** 0-based column in characters, as Emacs counts them. */
  col: number;
  end_line: number;
  end_col: number;
}

interface CaseResult {
  file: string;
  mode: string;
  before: Diagnostic[];
  all_before: Diagnostic[];
  prompt: string;
  offered: string[];
  fixed: string;
  after: Diagnostic[];
  modified: boolean;
}

interface Report {
  ok: boolean;
  error: string | null;
  events: string | null;
  steps: string[];
  cases: CaseResult[];
  servers: { name: string | null; language_id: string; modes: string[] }[];
}

/** Where `needle` starts on its line: 1-based line, 0-based column in characters (Emacs's). */
function charPosition(text: string, needle: string): { line: number; col: number } {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `sample contains ${needle}`);
  return { line: index + 1, col: [...lines[index]!.slice(0, lines[index]!.indexOf(needle))].length };
}


describe('docs/editors.md', () => {
  it('shows the eglot configuration and .dir-locals.el this suite runs', () => {
    // The test reads the server's path from the environment; the docs name a path.
    const tested = readFileSync(join(HERE, 'vigil.el'), 'utf8').replace('(or (getenv "VIGIL_SERVER") (expand-file-name "~/vigil/dist/server.js"))', '(expand-file-name "~/vigil/dist/server.js")');
    assert.deepEqual(documentedCode('## Emacs with eglot', 'elisp', ';'), codeLines(tested, ';'));
    assert.deepEqual(documentedCode('## Emacs with eglot', 'elisp', ';', 1), codeLines(readFileSync(join(HERE, 'workspace', '.dir-locals.el'), 'utf8'), ';'));
  });
});

describe('Emacs 28 with eglot (batch)', { skip }, () => {
  const workspace = mkdtempSync(join(tmpdir(), 'vigil-emacs-'));
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('shows B113 in Python and JavaScript, applies the fix, saves it, and the diagnostic goes away', { timeout: 60_000 }, async (t) => {
    ensureBuilt();
    cpSync(join(HERE, 'workspace'), join(workspace, 'project'), { recursive: true });
    const project = join(workspace, 'project');
    const python = readFileSync(join(project, 'app.py'), 'utf8');
    const javascript = readFileSync(join(project, 'client.js'), 'utf8');
    // .dir-locals.el sets fix.timeoutSeconds = 10: the fixes' text shows it reached the server.
    const cases = [
      {
        file: 'app.py',
        code: 'B113',
        pick: 'Add timeout=10',
        preferred: true,
        mode: 'python-mode',
        callee: 'requests.get',
        original: python,
        expected: python.replace('requests.get(url)', 'requests.get(url, timeout=10)'),
      },
      {
        file: 'client.js',
        code: 'B113',
        pick: 'Add signal: AbortSignal.timeout(10000) (unsafe)',
        preferred: false,
        mode: 'js-mode',
        callee: 'fetch',
        original: javascript,
        expected: javascript.replace('fetch(url)', 'fetch(url, { signal: AbortSignal.timeout(10000) })'),
      },
    ];
    const resultPath = join(workspace, 'result.json');
    const env = {
      ...process.env,
      HOME: workspace, // no ~/.emacs.d from the machine, no state written there
      VIGIL_CONFIG: join(HERE, 'vigil.el'),
      VIGIL_SERVER: join(ROOT, 'dist', 'server.js'),
      VIGIL_RESULT: resultPath,
      VIGIL_CASES: JSON.stringify(cases.map(({ file, code, pick }) => ({ file, code, pick }))),
      VIGIL_TIMEOUT_MS: String(WAIT_MS),
    };
    const run = await runEditor('emacs', ['-Q', '--batch', '-l', join(HERE, 'test.el')], project, env, 2 * WAIT_MS + 10_000);
    t.diagnostic(`emacs ran for ${run.ms} ms`);

    const context = (): string => [`exit ${run.status} signal ${run.signal}${run.timedOut ? ' (killed after the timeout)' : ''}`, run.stderr.trim()].filter(Boolean).join('\n');
    assert.ok(existsSync(resultPath), `Emacs wrote no report\n${context()}`);
    const report = JSON.parse(readFileSync(resultPath, 'utf8')) as Report;
    assert.ok(report.ok, `${report.error}\nsteps: ${report.steps.join(' → ')}\n${context()}\neglot events:\n${report.events}`);
    assert.equal(run.status, 0, context());
    // One server per language, each sending the languageId of its own files.
    assert.deepEqual(
      report.servers.map((server) => `${server.name} ${server.language_id} ${server.modes.join(',')}`).sort(),
      ['vigil javascript js-mode', 'vigil python python-mode'],
    );

    for (const [index, expected] of cases.entries()) {
      const result = report.cases[index]!;
      assert.equal(result.mode, expected.mode);
      // Exactly one finding, on the callee, at Emacs's character columns (the Python line has
      // an astral character before it: two UTF-16 units, one Emacs character).
      const at = charPosition(expected.original, `${expected.callee}(url)`);
      assert.deepEqual(
        result.all_before.map((d) => ({ code: d.code, source: d.source, type: d.type, text: d.text, line: d.line, col: d.col, end_line: d.end_line, end_col: d.end_col })),
        [{ code: 'B113', source: 'vigil', type: 'eglot-warning', text: expected.callee, line: at.line, col: at.col, end_line: at.line, end_col: at.col + expected.callee.length }],
        `${expected.file}: diagnostics before the fix`,
      );
      assert.match(result.before[0]!.message, /without a timeout/);
      assert.deepEqual(result.offered, [expected.pick, 'Suppress B113 on this line with a justification…', 'Show documentation for B113'], `${expected.file}: the code action menu`);
      // Eglot offers the preferred action as the default; only the safe fix is preferred.
      assert.equal(result.prompt, `[eglot] Pick an action (default ${expected.pick}): `);
      assert.equal(result.fixed, expected.expected, `${expected.file}: buffer after the fix`);
      assert.deepEqual(result.after, [], `${expected.file}: diagnostics after the fix`);
      assert.equal(result.modified, false, `${expected.file}: saved`);
      assert.equal(readFileSync(join(project, expected.file), 'utf8'), expected.expected, `${expected.file}: on disk`);
    }
  });
});
