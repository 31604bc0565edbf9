/**
 * Suppression hygiene: a `nosec` without a reason (VG001) and one that suppresses nothing
 * (VG002) are findings too. They depend on every other finding of the file, so the analyser
 * reports them after the rules ran, not from a rule's `check`.
 */
import type { AnalysisOptions } from './options';
import { nosecWithoutJustification } from './rules/hygiene/VG001-nosec-without-justification';
import { unusedNosec } from './rules/hygiene/VG002-unused-nosec';
import type { Finding, Fix, RuleMeta, Suppression } from './types';

export function suppressionHygiene(suppressions: readonly Suppression[], used: ReadonlySet<Suppression>, options: AnalysisOptions): Finding[] {
  const enabled = (meta: RuleMeta): boolean => !options.ignore.includes(meta.id) && (options.select.length === 0 || options.select.includes(meta.id));
  const findings: Finding[] = [];
  for (const suppression of suppressions) {
    const ids = suppression.ruleIds.length > 0 ? suppression.ruleIds.join(', ') : 'every rule';
    if (!used.has(suppression)) {
      if (enabled(unusedNosec.meta) && suppression.syntax === 'nosec') {
        findings.push(hygieneFinding(unusedNosec.meta, suppression, `This suppression (${ids}) suppresses nothing on its line; remove it.`));
      }
    } else if (suppression.justification === undefined && enabled(nosecWithoutJustification.meta)) {
      findings.push(hygieneFinding(nosecWithoutJustification.meta, suppression, `Suppression of ${ids} has no justification: add one after " - ".`));
    }
  }
  return findings;
}

function hygieneFinding(meta: RuleMeta, suppression: Suppression, message: string): Finding {
  const range = { start: suppression.start, end: suppression.end };
  return {
    ruleId: meta.id,
    name: meta.name,
    message,
    severity: meta.severity,
    confidence: meta.confidence,
    cwe: meta.cwe,
    ...range,
    anchor: { ...range, type: 'comment' },
    statementStart: suppression.lineStart,
    fixable: meta.id === unusedNosec.meta.id,
  };
}

export function isHygieneFinding(finding: Finding): boolean {
  return finding.ruleId === unusedNosec.meta.id || finding.ruleId === nosecWithoutJustification.meta.id;
}

/** "Remove unused suppression": the comment goes, with the spaces before it. */
export function hygieneFixes(finding: Finding, text: string): Fix[] {
  if (finding.ruleId !== unusedNosec.meta.id) return [];
  let start = finding.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  // A comment alone on its line takes its line with it.
  const end = start === lineStart && text[finding.end] === '\n' ? finding.end + 1 : finding.end;
  return [{ title: 'Remove unused suppression', applicability: 'safe', edits: [{ start, end, newText: '' }] }];
}
