/**
 * Bandit's suppression comments: `# nosec`, `# nosec B615`, `# nosec B615, B614 - reason`,
 * `# nosec assert_used` (a rule's name, as Bandit takes test names), and
 * `// nosec …` in TS/JS. Ruff users' `# noqa: S108` (or `# NOQA: E501, S108`) counts as a
 * `nosec B108` (Ruff's S codes are Bandit's IDs with an S); the other linters' codes in the list
 * are skipped. Text after ` - ` or ` -- ` is the justification.
 */
import type { Suppression } from './types';

/** `nosec` is lower case, as Bandit reads it; flake8 and Ruff read `noqa` in any case. */
const MARKER = /\b(nosec|[Nn][Oo][Qq][Aa])\b/g;
/** A rule ID after `nosec`: B615, VG101. */
const RULE_ID = /^[A-Z]{1,3}\d{3}$/;
/** A code after `noqa`, of any linter: E501, S108, PLR0913, FURB101. */
const NOQA_CODE = /^[A-Z]+\d+$/;
/** Ruff's codes for Bandit's checks: Bandit's IDs with an S. */
const RUFF_BANDIT_CODE = /^S\d{3}$/;

/**
 * Every suppression comment in `text`. `isComment(offset)` says whether an offset lies inside
 * a comment of the document's language, so a `nosec` inside a string does not count.
 * `ruleIdsByName` maps rule names (Bandit's test names, `assert_used`) to IDs: Bandit takes
 * either in a `nosec` list.
 */
export function findSuppressions(text: string, commentPrefix: '#' | '//', isComment: (offset: number) => boolean, ruleIdsByName: ReadonlyMap<string, string> = NO_NAMES): Suppression[] {
  const found: Suppression[] = [];
  for (const match of text.matchAll(MARKER)) {
    const at = match.index;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const prefixAt = text.lastIndexOf(commentPrefix, at);
    if (prefixAt < lineStart || !/^\s*$/.test(text.slice(prefixAt + commentPrefix.length, at))) continue;
    if (!isComment(at)) continue;
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = text.length;
    const end = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const parsed = parseSuppression(text.slice(at, end), ruleIdsByName);
    if (parsed) found.push({ ...parsed, start: prefixAt, end, lineStart, line: 0 });
  }
  return found;
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** Parse the text from `nosec`/`noqa` to the end of the comment. */
export function parseSuppression(comment: string, ruleIdsByName: ReadonlyMap<string, string> = NO_NAMES): Pick<Suppression, 'ruleIds' | 'justification' | 'syntax'> | undefined {
  const syntax = /^noqa/i.test(comment) ? 'noqa' : 'nosec';
  let rest = comment.slice(5).replace(/^:/, '');
  let justification: string | undefined;
  const dash = /\s(--?)\s/.exec(` ${rest}`);
  if (dash) {
    justification = ` ${rest}`.slice(dash.index + dash[0].length).trim() || undefined;
    rest = ` ${rest}`.slice(0, dash.index);
  }
  const words = rest.split(/[\s,]+/).filter(Boolean);
  const ruleIds = [];
  // Prose after the IDs without a dash is not a list of IDs: the list ends at the first word
  // that is not one.
  if (syntax === 'nosec') {
    for (const word of words) {
      const id = RULE_ID.test(word) ? word : ruleIdsByName.get(word);
      if (id === undefined) break;
      ruleIds.push(id);
    }
    return { ruleIds, justification, syntax };
  }
  for (const word of words) {
    if (!NOQA_CODE.test(word)) break;
    // Other linters' codes (E501, PLR0913) are skipped; a B code is taken as Bandit's.
    if (RUFF_BANDIT_CODE.test(word)) ruleIds.push(`B${word.slice(1)}`);
    else if (/^B\d{3}$/.test(word)) ruleIds.push(word);
  }
  // A bare `noqa`, or one for other linters' codes only, is not a security suppression.
  return ruleIds.length > 0 ? { ruleIds, justification, syntax } : undefined;
}

export function suppresses(suppression: Suppression, ruleId: string): boolean {
  return suppression.ruleIds.length === 0 || suppression.ruleIds.includes(ruleId);
}
