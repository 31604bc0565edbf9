/** Offset ranges and the inclusive overlap test the incremental analyser is built on. */
export interface Range {
  start: number;
  end: number;
}

/**
 * Inclusive overlap: ranges that merely touch count as overlapping. Re-analysing a little too
 * much is harmless; both sides of the incremental bookkeeping (what to drop, what to recompute)
 * use this one test, so nothing dropped goes unrecomputed.
 */
export function touches(a: Range, b: Range): boolean {
  return a.start <= b.end && a.end >= b.start;
}

/** Merge overlapping or touching ranges into a sorted, disjoint list. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** Where an offset of the old text lands after replacing `[start, oldEnd)` by `newLength` characters. */
export function mapOffset(offset: number, start: number, oldEnd: number, newLength: number): number {
  if (offset <= start) return offset;
  if (offset >= oldEnd) return offset + newLength - (oldEnd - start);
  return start + newLength;
}
