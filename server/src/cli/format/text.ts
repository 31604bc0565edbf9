/** The default, human format: `path:line:col: B113 [severity medium, confidence low] CWE-400 message`. */
import type { ReportRow, ScanReport } from '../report';

export interface TextStyle {
  color: boolean;
  quiet: boolean;
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39] } as const;

export function formatText(report: ScanReport, style: TextStyle): string {
  const paint = (code: keyof typeof CODES, text: string): string => (style.color ? `\u001b[${CODES[code][0]}m${text}\u001b[${CODES[code][1]}m` : text);
  const severityColor = { high: 'red', medium: 'yellow', low: 'cyan' } as const;
  const lines = report.findings.map(
    (row: ReportRow) =>
      `${paint('bold', `${row.file}:${row.line}:${row.column}`)}: ${paint('bold', row.rule)} ` +
      `[severity ${paint(severityColor[row.severity], row.severity)}, confidence ${row.confidence}] CWE-${row.cwe} ${row.message}`,
  );
  if (!style.quiet) {
    const fixed = fixedLine(report);
    if (fixed) lines.push(fixed);
    lines.push(summary(report));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function summary(report: ScanReport): string {
  const { stats } = report;
  const files = `${stats.files} ${stats.files === 1 ? 'file' : 'files'}`;
  const found =
    stats.findings.total === 0
      ? `No findings in ${files}`
      : `Found ${stats.findings.total} ${stats.findings.total === 1 ? 'finding' : 'findings'} (high ${stats.findings.high}, medium ${stats.findings.medium}, low ${stats.findings.low}) in ${files}`;
  const extras = [`${stats.suppressed} suppressed`, `${stats.errors} ${stats.errors === 1 ? 'error' : 'errors'}`];
  if (stats.baseline) extras.push(`${stats.baseline.known} in the baseline`);
  return `${found}; ${extras.join(', ')} (${stats.seconds.toFixed(2)} s). ${stats.config ? `Config: ${stats.config}.` : 'No config file.'}`;
}

/** `Fixed 4 findings in 2 files (B108 1, B113 3).` after `--fix`. */
function fixedLine(report: ScanReport): string | undefined {
  const fixed = report.stats.fixed;
  if (!fixed) return undefined;
  if (fixed.fixes === 0) return 'No fixes applied.';
  const rules = Object.entries(fixed.rules).map(([rule, count]) => `${rule} ${count}`);
  return `Fixed ${fixed.fixes} ${fixed.fixes === 1 ? 'finding' : 'findings'} in ${fixed.files} ${fixed.files === 1 ? 'file' : 'files'} (${rules.join(', ')}).`;
}

/** One line per error, for standard error in text mode. */
export function formatErrors(report: ScanReport): string {
  return report.errors.map((error) => `${error.file}: error: ${error.message}\n`).join('');
}
