/**
 * Scanning files: read, decode, decide whether the file can have findings at all, analyse, and
 * turn findings into report rows. `FileScanner.scan` maps one read file to a plain-data
 * `FileReport`, so the threads of a `--jobs` scan (pool.ts) can each run it.
 *
 * Not parsing what cannot matter (`Analyzer.mayHaveFindings`): a file whose text contains none
 * of the `triggers` words of the enabled rules is not parsed (rules without trigger words always
 * run). An unused `nosec` is itself a finding (VG002), so a file mentioning `nosec` is parsed
 * too. Syntax errors are therefore only reported for files that were parsed.
 *
 * With `--fix`, the scanner also fixes the file (fix.ts) and reports what is left afterwards.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Analyzer } from '../core/analyzer';
import type { GrammarName } from '../core/languages';
import type { AnalysisOptions } from '../core/options';
import type { Range } from '../core/ranges';
import type { Finding } from '../core/types';
import { createNodeHost } from '../node/host';
import { decodeSource, encodeSource } from './decode';
import { toPosix, type ScanTarget } from './files';
import { fixText, writeAtomically, type FixMode, type ReadStamp } from './fix';
import { LineIndex, lineCount } from './lines';
import { passes, type FileReport, type ReportFilter, type ScannedFinding } from './report';

/** Larger files are skipped with an error entry: generated or vendored, and slow to parse. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;


/** Plain data, so it can be handed to worker threads. */
export interface ScanSettings {
  cwd: string;
  /** What the analyser runs with (rules, B108's temp dirs, B113's timeout, …); `path` is set per file. */
  options: Partial<AnalysisOptions> & { select: string[]; ignore: string[] };
  fix: FixMode;
  /** Only reported findings are fixed. */
  filter: ReportFilter;
}

export type ReadResult = { target: ScanTarget; bytes: Uint8Array; stamp: ReadStamp } | { target: ScanTarget; error: string };

/**
 * Read one file. Synchronous: the files of a scan are small and mostly in the page cache, and
 * a read through the thread pool cost more in hand-offs than the read itself.
 */
export function readTarget(target: ScanTarget): ReadResult {
  let fd: number | undefined;
  try {
    // Non-blocking, so opening a FIFO returns at once (a blocking open would wait for a writer);
    // fstat then tells what was opened. The flag changes nothing for regular files.
    fd = openSync(target.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { target, error: 'not a regular file; skipped' };
    if (stats.size > MAX_FILE_BYTES) {
      return { target, error: `file is ${(stats.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit; skipped` };
    }
    return { target, bytes: readFileSync(fd), stamp: { size: stats.size, mtimeMs: stats.mtimeMs } };
  } catch (error) {
    return { target, error: `cannot read: ${describe(error)}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export class FileScanner {
  /** What the analyser logged (a rule that threw) while analysing the current file. */
  private logs: string[] = [];

  private constructor(
    private readonly analyzer: Analyzer,
    private readonly settings: ScanSettings,
  ) {
  }

  /** Load the runtime and the grammars the targets need (wasm from `distDir` when bundled). */
  static async create(settings: ScanSettings, grammars: readonly GrammarName[], distDir: string | undefined): Promise<FileScanner> {
    const logs: string[] = [];
    const host = createNodeHost({ distDir, log: (message) => logs.push(message.split('\n')[0]!) });
    const scanner = new FileScanner(await Analyzer.create(host, grammars), settings);
    scanner.logs = logs;
    return scanner;
  }

  /** Load the wasm runtime ahead of `create`: a worker does it while the main thread walks. */
  static async prepare(distDir: string | undefined): Promise<void> {
    await Analyzer.create(createNodeHost({ distDir }), []);
  }

  /** Analyse one read file. Never throws: every problem becomes an entry of `errors`. */
  scan(read: ReadResult): FileReport {
    const file = toPosix(relative(this.settings.cwd, read.target.path));
    const report: FileReport = { file, lines: 0, parsed: false, findings: [], suppressed: [], errors: [] };
    if ('error' in read) {
      report.errors.push(read.error);
      return report;
    }
    const decoded = decodeSource(read.bytes, read.target.language.family);
    if (!decoded.ok) {
      report.errors.push(decoded.reason);
      return report;
    }
    if (decoded.warning) report.errors.push(decoded.warning);
    const text = decoded.text;
    report.lines = countLines(text);
    if (!this.analyzer.mayHaveFindings(text, read.target.language, this.settings.options)) return report;
    report.parsed = true;
    this.logs.length = 0;
    try {
      const options = { ...this.settings.options, path: read.target.path };
      const outcome = fixText(this.analyzer, text, read.target.language, options, this.settings.fix, (finding) => passes(finding, this.settings.filter));
      let result = outcome.result;
      let reportedText = text;
      if ('refused' in outcome) report.errors.push(outcome.refused);
      if (outcome.changed) {
        const problem = this.write(read, decoded.encoding, text, outcome.text);
        if (problem) {
          report.errors.push(problem);
          result = this.analyzer.analyze(text, read.target.language, options);
        } else {
          reportedText = outcome.text;
          report.lines = countLines(outcome.text);
          report.fixes = outcome.fixes.map((fix) => ({ rule: fix.rule, title: fix.title, applicability: fix.applicability }));
        }
      }
      // Most files have nothing to report: their lines are only counted, not indexed.
      const reported = result.findings.length + result.suppressed.length + result.syntaxErrors.length > 0 ? new LineIndex(reportedText) : undefined;
      const rows = reported === undefined ? [] : toRows(file, reported, [...result.findings.map((finding) => ({ finding, suppressed: false })), ...result.suppressed.map((finding) => ({ finding, suppressed: true }))]);
      report.findings = rows.filter((row) => !row.suppressed).map((row) => row.row);
      report.suppressed = rows.filter((row) => row.suppressed).map((row) => row.row);
      if (result.syntaxErrors.length > 0) {
        report.errors.push(`syntax error: ${describeLines(result.syntaxErrors, reported!)} did not parse; findings there may be missing`);
      }
    } catch (error) {
      report.errors.push(`internal error while analysing: ${describe(error)}`);
    }
    for (const message of this.logs) report.errors.push(`internal error: ${message}`);
    return report;
  }

  /** Write fixed text back as the file was encoded; a one-line reason when it cannot be. */
  private write(read: Extract<ReadResult, { bytes: Uint8Array }>, encoding: Parameters<typeof encodeSource>[1], before: string, after: string): string | undefined {
    const original = encodeSource(before, encoding);
    if (!original || Buffer.compare(Buffer.from(original), Buffer.from(read.bytes)) !== 0) {
      return `cannot write ${encoding.name}${encoding.bom ? ' with a byte-order mark' : ''} back byte for byte; not fixed`;
    }
    const bytes = encodeSource(after, encoding);
    if (!bytes) return `the fixed text cannot be written as ${encoding.name}; not fixed`;
    try {
      writeAtomically(read.target.path, bytes, read.stamp);
      return undefined;
    } catch (error) {
      return `cannot write the fixed file: ${describe(error)}`;
    }
  }
}

/** Lines of `text` as a person counts them: a final line break does not start another line. */
function countLines(text: string): number {
  return text.length === 0 ? 0 : lineCount(text) - (/[\r\n]$/.test(text) ? 1 : 0);
}

/** The grammars a set of targets needs; each grammar costs start-up time to load. */
export function grammarsFor(targets: readonly ScanTarget[]): GrammarName[] {
  return [...new Set(targets.map((target) => target.language.grammar))];
}

interface Row {
  row: ScannedFinding;
  suppressed: boolean;
}

function toRows(file: string, lines: LineIndex, findings: { finding: Finding; suppressed: boolean }[]): Row[] {
  findings.sort((a, b) => a.finding.start - b.finding.start || a.finding.ruleId.localeCompare(b.finding.ruleId));
  const occurrences = new Map<string, number>();
  return findings.map(({ finding, suppressed }) => {
    const start = lines.position(finding.start);
    const end = lines.position(finding.end);
    const normalized = lines.lineText(start.line).trim().replace(/\s+/g, ' ');
    const key = `${finding.ruleId}\u0000${normalized}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    const row: ScannedFinding = {
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      rule: finding.ruleId,
      name: finding.name,
      severity: finding.severity,
      confidence: finding.confidence,
      cwe: finding.cwe,
      message: finding.message,
      fingerprint: createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32),
    };
    if (suppressed && finding.suppressedBy?.justification !== undefined) row.justification = finding.suppressedBy.justification;
    return { row, suppressed };
  });
}

/** `line 3` / `lines 3, 7-9`. */
function describeLines(ranges: readonly Range[], lines: LineIndex): string {
  const spans: [number, number][] = [];
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const first = lines.position(range.start).line;
    const last = lines.position(Math.max(range.start, range.end - 1)).line;
    const previous = spans[spans.length - 1];
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else spans.push([first, last]);
  }
  const single = spans.length === 1 && spans[0]![0] === spans[0]![1];
  return `${single ? 'line' : 'lines'} ${spans.map(([first, last]) => (first === last ? `${first}` : `${first}-${last}`)).join(', ')}`;
}

function describe(error: unknown): string {
  // Node's file-system errors end with the syscall and the path (", open '/abs/x.py'"): the
  // report already names the file.
  return error instanceof Error ? error.message.replace(/, \w+ '.*'$/, '') : String(error);
}
