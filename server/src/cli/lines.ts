/**
 * The CLI's one conversion point from the core's offsets (UTF-16 code units, JavaScript string
 * indices) to 1-based line and column numbers. Lines end at `\n`, `\r\n` or a lone `\r`, as in
 * LSP and SARIF, so a line number here is the one an editor shows. Columns count UTF-16 code
 * units, as SARIF's `columnKind: utf16CodeUnits` declares.
 */
export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-16 code units. */
  column: number;
}

/** `new LineIndex(text).lineCount`, without indexing the lines: a native search per line break. */
export function lineCount(text: string): number {
  let count = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  // A lone `\r` (old Mac line ends) ends a line too; `\r\n` was counted at its `\n`.
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) if (text.charCodeAt(at + 1) !== 10) count++;
  return count;
}

export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i);
      if (char === 10 /* \n */) this.starts.push(i + 1);
      else if (char === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The position of `offset`; an offset past the end maps to the end of the last line. */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: clamped - this.starts[low]! + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = this.starts[line];
    let end = next === undefined ? this.text.length : next;
    if (next !== undefined) end -= this.text[end - 2] === '\r' && this.text[end - 1] === '\n' ? 2 : 1;
    return this.text.slice(start, end);
  }
}
