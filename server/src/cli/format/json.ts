/** `--format json`: `{findings, errors, stats}`; the finding fields are a contract (report.ts). */
import type { ReportRow, ScanReport } from '../report';

export function formatJson(report: ScanReport): string {
  const findings: ReportRow[] = report.findings.map((row) => ({
    file: row.file,
    line: row.line,
    column: row.column,
    endLine: row.endLine,
    endColumn: row.endColumn,
    rule: row.rule,
    name: row.name,
    severity: row.severity,
    confidence: row.confidence,
    cwe: row.cwe,
    message: row.message,
  }));
  return `${JSON.stringify({ findings, errors: report.errors, stats: report.stats }, null, 2)}\n`;
}
