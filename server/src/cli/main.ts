/**
 * `vigil`, the command-line scanner. Bundled to dist/cli.js (the .wasm files sit beside the
 * bundle, so `__dirname` is where the host finds them); run from source with
 * `npx tsx server/src/cli/main.ts` (the host then falls back to node_modules).
 *
 * Exit codes: 0 no reported finding at or above `--fail-on`, 1 such findings, 2 usage or
 * internal error. A PATH that does not exist is a usage error: the other paths are still
 * scanned and reported, then the exit code is 2. Problems with single files (unreadable,
 * binary, huge, not UTF-8, syntax errors) and a configuration file that does not parse never
 * change the exit code: they are reported, one line each on stderr and in `errors`.
 */
import { statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { isMainThread } from 'node:worker_threads';
import { configAnalysisOptions, configExcluder, loadProjectConfig, readConfigFile, type ProjectConfig } from '../node/config';
import { versionOptions } from '../core/options';
import { projectVersions } from '../node/project';
import { MAIN_HELP, parseCommand, SCAN_HELP, UsageError, type ScanCommand } from './args';
import { applyBaseline, loadBaseline } from './baseline';
import { discoverFiles, toPosix } from './files';
import { formatJson } from './format/json';
import { formatMarkdown } from './format/markdown';
import { formatSarif } from './format/sarif';
import { formatErrors, formatText } from './format/text';
import { ScanPool, workerCount } from './pool';
import { Progress, type ProgressStream } from './progress';
import { buildReport, compareRows, fails, passes, type FileReport, type ReportError } from './report';
import { FileScanner, grammarsFor, type ScanSettings } from './scan';
import { VERSION } from './version';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: ProgressStream;
  /** Where the .wasm files are when bundled. */
  distDir: string | undefined;
}

/** How long a scan runs before the progress line appears (ms); VIGIL_PROGRESS_DELAY_MS overrides. */
const PROGRESS_DELAY_MS = 1000;

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

/** The configuration a scan uses: `--config FILE`, none, or the nearest above the scanned paths. */
function projectConfig(command: ScanCommand, cwd: string): ProjectConfig | undefined {
  if (command.config === null) return undefined;
  if (command.config !== undefined) {
    const path = resolve(cwd, command.config);
    const config = readConfigFile(path);
    if (config.errors.some((error) => error.message.startsWith('cannot read'))) throw new UsageError(`cannot read config file ${command.config}`);
    // Like other tools' --config: relative exclusions are relative to where vigil runs.
    return { ...config, root: cwd };
  }
  return loadProjectConfig(startDirectory(command.paths, cwd));
}

/** Where the search for configuration (and the project's torch version) starts. */
function startDirectory(paths: readonly string[], cwd: string): string {
  const common = commonDirectory(paths.map((path) => resolve(cwd, path)));
  try {
    return statSync(common).isDirectory() ? common : dirname(common);
  } catch {
    return dirname(common);
  }
}

/** The deepest directory holding every path (a glob's fixed prefix stands for the glob). */
function commonDirectory(paths: string[]): string {
  const dirs = paths.map((path) => {
    const fixed = path.split(/[*?{[]/)[0]!;
    return fixed === path ? path : dirname(`${fixed}x`);
  });
  let common = dirs[0]!.split(/[\\/]/);
  for (const dir of dirs.slice(1)) {
    const parts = dir.split(/[\\/]/);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  // A file's configuration is its directory's; loadProjectConfig starts there.
  return common.join('/') || '/';
}

async function scan(command: ScanCommand, io: CliIo): Promise<number> {
  // The wasm runtime compiles on V8's background threads, and workers start loading, while the
  // configuration is read and the directories are walked. A failure here shows again, with
  // its message, when the scan needs the runtime.
  FileScanner.prepare(io.distDir).catch(() => undefined);
  const pool = ScanPool.start(likelyWorkers(command, io.cwd), io.distDir);
  try {
    return await scanWith(pool, command, io);
  } finally {
    await pool.close();
  }
}

/** Workers worth starting before the files are known: a directory scan is usually large. */
function likelyWorkers(command: ScanCommand, cwd: string): number {
  if (command.jobs !== undefined) return command.jobs - 1;
  const walks = command.paths.some((path) => {
    try {
      return statSync(resolve(cwd, path)).isDirectory();
    } catch {
      return false;
    }
  });
  return walks ? availableParallelism() - 1 : 0;
}

async function scanWith(pool: ScanPool, command: ScanCommand, io: CliIo): Promise<number> {
  const started = performance.now();
  const config = projectConfig(command, io.cwd);
  const rel = (path: string): string => toPosix(relative(io.cwd, path)) || '.';
  const configErrors: ReportError[] = (config?.errors ?? []).map((error) => ({ file: rel(error.file), message: error.message }));
  const fromConfig = config?.options ?? { excludes: [] };
  const severity = command.severity ?? fromConfig.severity ?? 'low';
  const confidence = command.confidence ?? fromConfig.confidence ?? 'low';
  const failOn = command.failOn ?? fromConfig.failOn ?? 'low';
  const baseline = command.baseline === undefined ? undefined : loadBaseline(resolve(io.cwd, command.baseline), command.baseline);

  const discovery = discoverFiles(command.paths, {
    cwd: io.cwd,
    exclude: command.exclude,
    excluded: config ? configExcluder(config) : undefined,
    forceExclude: command.forceExclude,
  });
  if (discovery.missing.length === command.paths.length) throw new UsageError(discovery.missing[0]!.message);

  const projectRoot = config?.root ?? startDirectory(command.paths, io.cwd);
  const settings: ScanSettings = {
    cwd: io.cwd,
    options: {
      ...(config ? configAnalysisOptions(config) : {}),
      select: command.select ?? fromConfig.select ?? [],
      ignore: command.ignore ?? fromConfig.ignore ?? [],
      ...versionOptions(projectVersions(projectRoot)),
    },
    fix: command.fix,
    filter: { severity, confidence },
  };
  const delay = Number(io.env.VIGIL_PROGRESS_DELAY_MS);
  const progress = Progress.create(io.stderr, discovery.targets.length, { quiet: command.quiet, delayMs: Number.isFinite(delay) && delay >= 0 ? delay : PROGRESS_DELAY_MS });
  let reports: FileReport[];
  try {
    reports = await pool.run({
      targets: discovery.targets,
      settings,
      grammars: grammarsFor(discovery.targets),
      distDir: io.distDir,
      jobs: workerCount(command.jobs, discovery.targets.length),
      progress: progress && ((done) => progress.update(done)),
    });
  } finally {
    progress?.finish();
  }

  let known = 0;
  if (baseline) {
    for (const report of reports) report.findings = report.findings.filter((row) => passes(row, settings.filter));
    known = applyBaseline(baseline, reports);
  }
  const otherErrors: ReportError[] = [
    ...configErrors,
    ...discovery.missing.map((missing) => ({ file: missing.argument, message: missing.message })),
    ...discovery.errors.map((error) => ({ file: rel(error.path), message: error.message })),
  ];
  const report = buildReport(reports, otherErrors, settings.filter, (performance.now() - started) / 1000, {
    config: config?.file ? rel(config.file) : null,
    fixing: command.fix !== 'none',
    baseline: baseline && command.baseline !== undefined ? { file: command.baseline, known } : undefined,
  });
  report.findings.sort(compareRows);
  report.suppressed.sort(compareRows);

  const noColor = (io.env.NO_COLOR ?? '') !== '';
  let output: string;
  switch (command.format) {
    case 'json':
      output = formatJson(report);
      break;
    case 'sarif':
      output = formatSarif(report, { cwd: io.cwd, select: settings.options.select, ignore: settings.options.ignore });
      break;
    case 'markdown':
      output = formatMarkdown(report);
      break;
    case 'text':
      output = formatText(report, { color: !command.output && io.stdout.isTTY === true && !noColor, quiet: command.quiet });
      break;
  }
  // Every format: one line per problem on stderr, so a person sees them whatever stdout holds.
  io.stderr.write(formatErrors(report));
  if (command.output) {
    try {
      writeFileSync(command.output, output);
    } catch (error) {
      throw new UsageError(`cannot write ${command.output}: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    io.stdout.write(output);
  }
  if (discovery.missing.length > 0) return 2;
  return fails(report, failOn) ? 1 : 0;
}

if (require.main === module && isMainThread) {
  // A scan is over in seconds, and TurboFan's inlining costs more compile time than it wins
  // back in that time: on Django, 0.25 s less CPU and 7% less wall time with two jobs. The flag
  // only changes what the optimising compiler inlines, and is set before any code is hot; it
  // holds for the worker threads too (V8 flags are per process).
  setFlagsFromString('--no-turbo-inlining');
  // A reader that closes the pipe early (`vigil scan | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  void main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr, distDir: __dirname }).then((code) => {
    process.exitCode = code;
  });
}
