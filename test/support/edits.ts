import type { TextEdit } from '../../server/src/core/types';

/** Apply non-overlapping edits to a text (any order). Throws on overlap: a fix must never clash with itself. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let lastStart = Infinity;
  for (const edit of sorted) {
    if (edit.end > lastStart) throw new Error(`overlapping edits at ${edit.start}-${edit.end}`);
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    lastStart = edit.start;
  }
  return result;
}
