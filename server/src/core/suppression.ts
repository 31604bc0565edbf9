/**
 * Bandit's suppression comments: `# nosec`, `# nosec B615`, `# nosec B615, B614 - reason`, and
 * `// nosec …` in TS/JS. Ruff users' `# noqa: S108` counts as a `nosec B108` (Ruff's S codes are
 * Bandit's IDs with an S). Text after ` - ` or ` -- ` is the justification.
 */
import type { Suppression } from './types';

const MARKER = /\b(nosec|noqa)\b/g;
const RULE_ID = /^[A-Z]{1,3}\d{3}$/;

/**
 * Every suppression comment in `text`. `isComment(offset)` says whether an offset lies inside
 * a comment of the document's language, so a `nosec` inside a string does not count.
 */
export function findSuppressions(text: string, commentPrefix: '#' | '//', isComment: (offset: number) => boolean): Suppression[] {
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
    const parsed = parseSuppression(text.slice(at, end));
    if (parsed) found.push({ ...parsed, start: prefixAt, end, lineStart, line: 0 });
  }
  return found;
}

/** Parse the text from `nosec`/`noqa` to the end of the comment. */
export function parseSuppression(comment: string): Pick<Suppression, 'ruleIds' | 'justification' | 'syntax'> | undefined {
  const syntax = comment.startsWith('noqa') ? 'noqa' : 'nosec';
  let rest = comment.slice(5).replace(/^:/, '');
  let justification: string | undefined;
  const dash = /\s(--?)\s/.exec(` ${rest}`);
  if (dash) {
    justification = ` ${rest}`.slice(dash.index + dash[0].length).trim() || undefined;
    rest = ` ${rest}`.slice(0, dash.index);
  }
  const words = rest.split(/[\s,]+/).filter(Boolean);
  const ruleIds = [];
  for (const word of words) {
    if (!RULE_ID.test(word)) break; // prose after the IDs without a dash is not a list of IDs
    ruleIds.push(syntax === 'noqa' && word.startsWith('S') ? `B${word.slice(1)}` : word);
  }
  if (syntax === 'noqa') {
    // A bare `noqa`, or one for other linters' codes, is not a security suppression.
    const banditIds = ruleIds.filter((id) => id.startsWith('B'));
    return banditIds.length > 0 ? { ruleIds: banditIds, justification, syntax } : undefined;
  }
  return { ruleIds, justification, syntax };
}

export function suppresses(suppression: Suppression, ruleId: string): boolean {
  return suppression.ruleIds.length === 0 || suppression.ruleIds.includes(ruleId);
}
