/**
 * Runs `vigil` as a subprocess, the way users and CI run it: the bundle (dist/cli.js) when it is
 * at least as new as every source file, else the TypeScript entry point through tsx.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = join(__dirname, '..', '..');
export const TREE = join(ROOT, 'test', 'fixtures', 'cli-tree');
const BUNDLE = join(ROOT, 'dist', 'cli.js');
const ENTRY = join(ROOT, 'server', 'src', 'cli', 'main.ts');
/** By URL, so scans may run in directories outside the repository. */
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const useBundle = existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= Math.max(newestSource(join(ROOT, 'server', 'src')), statSync(join(ROOT, 'package.json')).mtimeMs);

/** How the tests run the CLI, for test names. */
export const CLI_KIND = useBundle ? 'dist/cli.js' : 'server/src/cli/main.ts via tsx';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Node arguments that start the CLI. */
export function cliCommand(): string[] {
  return useBundle ? [BUNDLE] : ['--import', TSX, ENTRY];
}

export function vigil(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const command = cliCommand();
  const env = { ...process.env, NO_COLOR: '', ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...args], { cwd: options.cwd ?? TREE, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `vigil scan --format json …`, parsed. */
export async function scanJson(args: readonly string[], options: { cwd?: string } = {}): Promise<{ result: CliResult; json: JsonReport }> {
  const result = await vigil(['scan', '--format', 'json', ...args], options);
  let json: JsonReport;
  try {
    json = JSON.parse(result.stdout) as JsonReport;
  } catch {
    throw new Error(`vigil printed no JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return { result, json };
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  name: string;
  severity: 'low' | 'medium' | 'high';
  confidence: 'low' | 'medium' | 'high';
  cwe: number;
  message: string;
}

export interface JsonReport {
  findings: JsonFinding[];
  errors: { file: string; message: string }[];
  stats: {
    files: number;
    parsed: number;
    lines: number;
    findings: { total: number; high: number; medium: number; low: number };
    suppressed: number;
    errors: number;
    seconds: number;
  };
}
