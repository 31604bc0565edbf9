/**
 * `--format markdown`: a security summary to commit or attach to a review. Totals by severity
 * and confidence, then by rule (with CWE and documentation links) and by file, every finding,
 * and every `nosec` waiver with its justification ("documented false positives"), flagging
 * waivers that give none. No timestamps or timings: the same code gives the same report, so a
 * committed report changes only when the findings do.
 */
import { rulesById } from '../../core/rules/registry';
import type { Confidence, Severity } from '../../core/types';
import type { ScanReport, ScannedFinding } from '../report';
import { helpUri } from './sarif';

const LEVELS_DOWN = ['high', 'medium', 'low'] as const;

export function formatMarkdown(report: ScanReport): string {
  const { stats } = report;
  const out: string[] = ['# Vigil security report', ''];
  const files = `${stats.files} ${stats.files === 1 ? 'file' : 'files'}`;
  const unjustified = report.suppressed.filter((row) => !row.justification);
  out.push(
    `${stats.findings.total === 0 ? 'No findings' : `**${stats.findings.total} ${plural(stats.findings.total, 'finding')}**`} in ${files} (${stats.lines} lines); ` +
      `${stats.suppressed} suppressed with \`nosec\`${unjustified.length > 0 ? ` (${unjustified.length} without a justification)` : ''}; ` +
      `${stats.errors} ${plural(stats.errors, 'error')}.` +
      (stats.config ? ` Configuration: \`${stats.config}\`.` : ''),
    '',
  );
  if (stats.baseline) out.push(`Only findings not in the baseline \`${stats.baseline.file}\` are listed (${stats.baseline.known} known ${plural(stats.baseline.known, 'finding')} left out).`, '');

  out.push('## Severity and confidence', '');
  out.push('| Severity | High confidence | Medium confidence | Low confidence | Total |', '| --- | ---: | ---: | ---: | ---: |');
  const count = (severity?: Severity, confidence?: Confidence): number =>
    report.findings.filter((row) => (!severity || row.severity === severity) && (!confidence || row.confidence === confidence)).length;
  for (const severity of LEVELS_DOWN) out.push(`| ${capitalize(severity)} | ${LEVELS_DOWN.map((confidence) => count(severity, confidence)).join(' | ')} | ${count(severity)} |`);
  out.push(`| **Total** | ${LEVELS_DOWN.map((confidence) => count(undefined, confidence)).join(' | ')} | **${count()}** |`, '');

  const rules = [...new Set([...report.findings, ...report.suppressed].map((row) => row.rule))].sort();
  if (rules.length > 0) {
    out.push('## By rule', '');
    out.push('| Rule | Name | Severity | CWE | Findings | Suppressed |', '| --- | --- | --- | --- | ---: | ---: |');
    const byRule = (rule: string): [ScannedFinding[], ScannedFinding[]] => [report.findings.filter((row) => row.rule === rule), report.suppressed.filter((row) => row.rule === rule)];
    const ordered = rules.sort((a, b) => byRule(b)[0].length - byRule(a)[0].length || a.localeCompare(b));
    for (const id of ordered) {
      const [found, waived] = byRule(id);
      const rule = rulesById(id)[0];
      const sample = found[0] ?? waived[0]!;
      const link = rule ? `[${id}](${helpUri(rule)})` : id;
      out.push(`| ${link} | ${cell(sample.name)} | ${sample.severity} | [CWE-${sample.cwe}](https://cwe.mitre.org/data/definitions/${sample.cwe}.html) | ${found.length} | ${waived.length} |`);
    }
    out.push('');
  }

  const byFile = [...new Set([...report.findings, ...report.suppressed].map((row) => row.file))];
  if (byFile.length > 0) {
    out.push('## By file', '');
    out.push('| File | High | Medium | Low | Total | Suppressed |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    const rows = byFile.map((file) => ({ file, found: report.findings.filter((row) => row.file === file), waived: report.suppressed.filter((row) => row.file === file).length }));
    const score = (found: ScannedFinding[]): number[] => LEVELS_DOWN.map((severity) => found.filter((row) => row.severity === severity).length);
    rows.sort((a, b) => compareScores(score(b.found), score(a.found)) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    for (const { file, found, waived } of rows) out.push(`| \`${cell(file)}\` | ${score(found).join(' | ')} | ${found.length} | ${waived} |`);
    out.push('');
  }

  if (report.findings.length > 0) {
    out.push('## Findings', '');
    for (const row of report.findings) {
      out.push(`- \`${cell(row.file)}:${row.line}:${row.column}\` **${row.rule}** ${row.severity} severity, ${row.confidence} confidence (CWE-${row.cwe}): ${inline(row.message)}`);
    }
    out.push('');
  }

  out.push('## Documented false positives', '');
  if (report.suppressed.length === 0) {
    out.push('No finding is suppressed with `nosec`.', '');
  } else {
    out.push(
      `${report.suppressed.length} ${plural(report.suppressed.length, 'finding')} suppressed with \`nosec\`` +
        (unjustified.length > 0 ? `; **${unjustified.length} without a justification** (write one after \` - \`: \`# nosec B113 - why\`).` : ', each with a justification.'),
      '',
    );
    out.push('| Location | Rule | Severity | Justification |', '| --- | --- | --- | --- |');
    for (const row of report.suppressed) {
      out.push(`| \`${cell(row.file)}:${row.line}\` | ${row.rule} | ${row.severity} | ${row.justification ? cell(row.justification) : '⚠️ **none given**'} |`);
    }
    out.push('');
  }

  if (report.errors.length > 0) {
    out.push('## Errors', '', 'These files were scanned only in part, or not at all:', '');
    for (const error of report.errors) out.push(`- \`${cell(error.file)}\`: ${inline(error.message)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function capitalize(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

/** Text inside a table cell: no pipes or line breaks that would end it. */
function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

/** Text on one Markdown line, with HTML-significant characters escaped. */
function inline(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
