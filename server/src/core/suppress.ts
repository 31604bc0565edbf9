/**
 * Writing a suppression: the edit that makes a finding a documented false positive. Editors
 * (the "Suppress … with a justification" code action), the CLI and tests share it.
 *
 * The comment goes at the end of the first line of the finding's statement, where Bandit (and
 * `DocumentAnalysis.result()`) look for it. An existing `nosec` on that line is extended instead
 * of adding a second one: its rule list gains the ID, its justification gains the reason.
 */
import type { Language } from './languages';
import type { Finding, Suppression, TextEdit } from './types';

/** The reason written when the user could not be asked for one (editors without a prompt). */
export const PLACEHOLDER_REASON = 'TODO: justify';

/** Hygiene findings are about a suppression comment itself; they cannot be suppressed by one. */
const UNSUPPRESSIBLE = new Set(['VG001', 'VG002']);

export type SuppressionTarget = Pick<Finding, 'ruleId' | 'statementStart'>;

/**
 * The edit that suppresses `target` with `reason`, or undefined when no comment can be written
 * there (a line continued with a backslash: a comment would break it) or the finding is a
 * suppression-hygiene finding. `suppressions` are the current result's (`result().suppressions`),
 * which know which `nosec` texts are real comments.
 *
 * VG001 ("nosec without a justification") is the one hygiene finding this helps with: its
 * suppression gets the reason, without adding VG001 to its rule list.
 */
export function suppressionEdit(
  text: string,
  language: Pick<Language, 'commentPrefix'>,
  target: SuppressionTarget,
  reason: string,
  suppressions: readonly Suppression[],
): TextEdit | undefined {
  const justification = cleanReason(reason);
  if (!justification) return undefined;
  const lineStart = text.lastIndexOf('\n', target.statementStart - 1) + 1;
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const existing = suppressions.find((suppression) => suppression.lineStart === lineStart && suppression.syntax === 'nosec');
  const addsId = !UNSUPPRESSIBLE.has(target.ruleId);
  if (!addsId && !(target.ruleId === 'VG001' && existing)) return undefined;
  if (existing) {
    // A bare `nosec` already covers every rule; naming one would narrow it.
    const ids = existing.ruleIds.length === 0 || !addsId || existing.ruleIds.includes(target.ruleId) ? existing.ruleIds : [...existing.ruleIds, target.ruleId];
    const reasons = existing.justification && existing.justification !== justification ? `${existing.justification}; ${justification}` : justification;
    return { start: existing.start, end: existing.end, newText: comment(language.commentPrefix, ids, reasons) };
  }
  const line = text.slice(lineStart, lineEnd);
  if (/\\\s*$/.test(line)) return undefined;
  const trimmedEnd = lineStart + line.replace(/[ \t]+$/, '').length;
  return { start: trimmedEnd, end: lineEnd, newText: `  ${comment(language.commentPrefix, [target.ruleId], justification)}` };
}

function comment(prefix: '#' | '//', ruleIds: readonly string[], justification: string): string {
  return `${prefix} nosec${ruleIds.length ? ` ${ruleIds.join(', ')}` : ''} - ${justification}`;
}

/** A justification is one line of a line comment: newlines become spaces. */
export function cleanReason(reason: string): string {
  return reason.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
