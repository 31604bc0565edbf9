/**
 * Applying fixes in bulk (fix-all in the editor, on save; `--fix` in a CLI). Only `safe` fixes
 * qualify, and only a finding's preferred (first) fix. They are applied one at a time with a
 * re-analysis in between, the way a person clicking through quick fixes would, so two fixes
 * that both add `import tempfile` do not add it twice.
 */
import type { Analyzer } from './analyzer';
import type { Language } from './languages';
import type { AnalysisOptions } from './options';
import type { Finding, Fix, TextEdit } from './types';

/** Far more than any real file needs; stops a fix that fails to remove its finding. */
const MAX_ROUNDS = 1000;

export interface BulkFixResult {
  text: string;
  /** How many fixes were applied. */
  applied: number;
}

/** The preferred fix of a finding, if it may be applied without a person looking at it. */
export function preferredSafeFix(fixes: readonly Fix[]): Fix | undefined {
  const first = fixes[0];
  return first?.applicability === 'safe' ? first : undefined;
}

/**
 * Apply every finding's preferred fix that is safe, re-analysing after each. `include` limits
 * which findings are fixed (an editor fixes only what its severity/confidence filters show).
 */
export function applySafeFixes(
  analyzer: Analyzer,
  text: string,
  language: Language,
  options: Partial<AnalysisOptions> = {},
  include: (finding: Finding) => boolean = () => true,
): BulkFixResult {
  const document = analyzer.open(text, language, options);
  let applied = 0;
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let fix: Fix | undefined;
      for (const finding of document.result().findings) {
        if (!include(finding)) continue;
        fix = preferredSafeFix(document.fixes(finding));
        if (fix) break;
      }
      if (!fix) break;
      // Back to front, so each edit's offsets still hold when it is applied.
      for (const edit of [...fix.edits].sort((a, b) => b.start - a.start || b.end - a.end)) document.edit(edit.start, edit.end, edit.newText);
      document.reanalyze();
      applied++;
    }
    return { text: document.text, applied };
  } finally {
    document.dispose();
  }
}

/** One edit turning `before` into `after`: the span between their common prefix and suffix. */
export function replacementEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // Never split a surrogate pair: an LSP client converts offsets to UTF-16 positions as-is, but
  // a half pair in newText is not valid text.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { start: prefix, end: before.length - suffix, newText: after.slice(prefix, after.length - suffix) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
