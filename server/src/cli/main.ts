/**
 * `vigil`, the command-line scanner. Bundled to dist/cli.js (the .wasm files sit beside the
 * bundle, so `__dirname` is where the host finds them); run from source with
 * `npx tsx server/src/cli/main.ts` (the host then falls back to node_modules).
 *
 * Exit codes: 0 no reported finding at or above `--fail-on`, 1 such findings, 2 usage or
 * internal error. Problems with single files never change the exit code: they are reported.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { MAIN_HELP, parseCommand, SCAN_HELP, UsageError, type ScanCommand } from './args';
import { discoverFiles, toPosix } from './files';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatErrors, formatText } from './format/text';
import { buildReport, compareRows, fails, type FileReport } from './report';
import { FileScanner, grammarsFor, scanTargets } from './scan';
import { VERSION } from './version';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Where the .wasm files are when bundled. */
  distDir: string | undefined;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    if (argv.length === 0) {
      io.stderr.write(MAIN_HELP);
      return 2;
    }
    const command = parseCommand(argv);
    switch (command.command) {
      case 'help':
        io.stdout.write(command.topic === 'scan' ? SCAN_HELP : MAIN_HELP);
        return 0;
      case 'version':
        io.stdout.write(`vigil ${VERSION}\n`);
        return 0;
      case 'scan':
        return await scan(command, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`vigil: ${error.message}\n`);
    } else {
      io.stderr.write(`vigil: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    return 2;
  }
}

async function scan(command: ScanCommand, io: CliIo): Promise<number> {
  const started = performance.now();
  const discovery = discoverFiles(command.paths, { cwd: io.cwd, exclude: command.exclude });
  const settings = { cwd: io.cwd, select: command.select, ignore: command.ignore };
  let reports: FileReport[] = [];
  if (discovery.targets.length > 0) {
    const scanner = await FileScanner.create(settings, grammarsFor(discovery.targets), io.distDir);
    reports = await scanTargets(discovery.targets, (read) => scanner.scan(read));
  }
  const otherErrors = discovery.errors.map((error) => ({ file: toPosix(relative(io.cwd, error.path)), message: error.message }));
  const report = buildReport(reports, otherErrors, { severity: command.severity, confidence: command.confidence }, (performance.now() - started) / 1000);
  report.findings.sort(compareRows);
  report.suppressed.sort(compareRows);

  const noColor = (io.env.NO_COLOR ?? '') !== '';
  let output: string;
  switch (command.format) {
    case 'json':
      output = formatJson(report);
      break;
    case 'sarif':
      output = formatSarif(report, settings);
      break;
    case 'text':
      output = formatText(report, { color: !command.output && io.stdout.isTTY === true && !noColor, quiet: command.quiet });
      io.stderr.write(formatErrors(report));
      break;
  }
  if (command.output) {
    try {
      writeFileSync(command.output, output);
    } catch (error) {
      throw new UsageError(`cannot write ${command.output}: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    io.stdout.write(output);
  }
  return fails(report, command.failOn) ? 1 : 0;
}

if (require.main === module) {
  // A reader that closes the pipe early (`vigil scan | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  void main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr, distDir: __dirname }).then((code) => {
    process.exitCode = code;
  });
}
