/**
 * Report rows: what the CLI prints for a finding (the core's `Finding` turned into 1-based
 * lines and columns of one file), and the scan's totals. Formatters read only these types.
 */
import { levelRank, type Confidence, type Severity } from '../core/types';

/** One finding as the JSON format prints it; the field set is a contract other tools rely on. */
export interface ReportRow {
  /** Relative to the current directory, with `/` separators. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  /** Exclusive: the column just after the last character, as in SARIF. */
  endColumn: number;
  rule: string;
  name: string;
  severity: Severity;
  confidence: Confidence;
  cwe: number;
  message: string;
}

/** A row plus what SARIF needs and JSON does not print. */
export interface ScannedFinding extends ReportRow {
  /** Stable across line moves: rule, normalised line text and occurrence index on such lines. */
  fingerprint: string;
  /** For findings a `nosec` covers: its justification, if it gives one. */
  justification?: string;
}

/** Everything one file contributed. Plain data, so a worker thread can produce it. */
export interface FileReport {
  file: string;
  lines: number;
  /** Whether the file was parsed (files that contain no rule's trigger word are not). */
  parsed: boolean;
  findings: ScannedFinding[];
  suppressed: ScannedFinding[];
  errors: string[];
  /** Fixes written to the file (`--fix`), in the order applied. */
  fixes?: { rule: string; title: string; applicability: 'safe' | 'unsafe' | 'display-only' }[];
}

export interface ReportError {
  file: string;
  message: string;
}

export interface ScanStats {
  /** Files read (parsed or found to contain no trigger word). */
  files: number;
  /** Files parsed and analysed. */
  parsed: number;
  lines: number;
  findings: { total: number; high: number; medium: number; low: number };
  /** Findings a `nosec` covers (after the severity/confidence filters). */
  suppressed: number;
  errors: number;
  seconds: number;
  /** The configuration file used (relative to the current directory), or null. */
  config: string | null;
  /** With `--fix`: what was written. */
  fixed?: { files: number; fixes: number; rules: Record<string, number> };
  /** With `--baseline`: the baseline file and how many findings it already had. */
  baseline?: { file: string; known: number };
}

/** What the report says about the run besides its findings. */
export interface RunInfo {
  config: string | null;
  fixing: boolean;
  baseline?: { file: string; known: number };
}

export interface ScanReport {
  findings: ScannedFinding[];
  suppressed: ScannedFinding[];
  errors: ReportError[];
  stats: ScanStats;
}

export interface ReportFilter {
  severity: Severity;
  confidence: Confidence;
}

export function passes(row: Pick<ReportRow, 'severity' | 'confidence'>, filter: ReportFilter): boolean {
  return levelRank(row.severity) >= levelRank(filter.severity) && levelRank(row.confidence) >= levelRank(filter.confidence);
}

export function buildReport(
  files: readonly FileReport[],
  otherErrors: readonly ReportError[],
  filter: ReportFilter,
  seconds: number,
  run: RunInfo = { config: null, fixing: false },
): ScanReport {
  const findings = files.flatMap((file) => file.findings.filter((row) => passes(row, filter)));
  const suppressed = files.flatMap((file) => file.suppressed.filter((row) => passes(row, filter)));
  const errors = [...otherErrors, ...files.flatMap((file) => file.errors.map((message) => ({ file: file.file, message })))];
  const count = (severity: Severity): number => findings.filter((row) => row.severity === severity).length;
  return {
    findings,
    suppressed,
    errors,
    stats: {
      files: files.length,
      parsed: files.filter((file) => file.parsed).length,
      lines: files.reduce((sum, file) => sum + file.lines, 0),
      findings: { total: findings.length, high: count('high'), medium: count('medium'), low: count('low') },
      suppressed: suppressed.length,
      errors: errors.length,
      seconds: Math.round(seconds * 1000) / 1000,
      config: run.config,
      ...(run.fixing ? { fixed: fixedStats(files) } : {}),
      ...(run.baseline ? { baseline: run.baseline } : {}),
    },
  };
}

function fixedStats(files: readonly FileReport[]): NonNullable<ScanStats['fixed']> {
  const rules: Record<string, number> = {};
  let fixes = 0;
  let fixedFiles = 0;
  for (const file of files) {
    if (!file.fixes?.length) continue;
    fixedFiles++;
    for (const fix of file.fixes) {
      rules[fix.rule] = (rules[fix.rule] ?? 0) + 1;
      fixes++;
    }
  }
  return { files: fixedFiles, fixes, rules: Object.fromEntries(Object.entries(rules).sort(([a], [b]) => a.localeCompare(b))) };
}

/** Whether the scan fails: a reported finding at or above the `--fail-on` severity. */
export function fails(report: ScanReport, failOn: Severity): boolean {
  return report.findings.some((row) => levelRank(row.severity) >= levelRank(failOn));
}

/** `a.py` before `b.py`, then by position. */
export function compareRows(a: ReportRow, b: ReportRow): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}
