/**
 * Running a real editor headless for the editor suites: in its own process group, killed with
 * everything it started (the language server) on timeout or when it exits; and the code
 * blocks of docs/editors.md, which the suites compare with the configurations they run.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../server/lsp-client';

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/** Run an editor in its own process group; on timeout kill the group (editor and servers). */
export function runEditor(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stderr = '';
    let timedOut = false;
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killGroup = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      killGroup(); // a server left behind by a failed run
      resolve({ status, signal, stderr, timedOut, ms: Math.round(performance.now() - started) });
    });
  });
}

/** Code lines (no blanks, no comment lines) of the `index`th `lang` block after `heading` in docs/editors.md. */
export function documentedCode(heading: string, lang: string, comment: string, index = 0): string[] {
  const markdown = readFileSync(join(ROOT, 'docs', 'editors.md'), 'utf8');
  const start = markdown.indexOf(`\n${heading}`);
  assert.ok(start >= 0, `docs/editors.md has a section "${heading}"`);
  const blocks = [...markdown.slice(start).matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))];
  assert.ok(blocks[index], `a ${lang} block under "${heading}"`);
  return codeLines(blocks[index]![1]!, comment);
}

export function codeLines(text: string, comment: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith(comment));
}
