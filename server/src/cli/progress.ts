/**
 * A one-line progress indicator on standard error, for scans long enough to wonder about: it
 * appears after `delayMs`, redraws at most every 100 ms, and erases itself when the scan ends,
 * so nothing of it remains in the terminal or in the report. Only on a terminal (never in a
 * pipe, a file or CI logs) and never with `--quiet`.
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const REDRAW_MS = 100;

export class Progress {
  private done = 0;
  private shown = false;
  private lastDraw = 0;
  private readonly started = Date.now();

  private constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
    private readonly delayMs: number,
  ) {}

  /** A progress indicator, or undefined when there must be none. */
  static create(stream: ProgressStream, total: number, options: { quiet: boolean; delayMs: number }): Progress | undefined {
    if (options.quiet || stream.isTTY !== true || total === 0) return undefined;
    return new Progress(stream, total, options.delayMs);
  }

  update(done: number): void {
    this.done = done;
    const now = Date.now();
    if (now - this.started < this.delayMs || (this.shown && now - this.lastDraw < REDRAW_MS && done < this.total)) return;
    this.lastDraw = now;
    this.shown = true;
    const percent = Math.floor((100 * done) / this.total);
    const line = `vigil: scanning ${done}/${this.total} files (${percent}%)`;
    const width = this.stream.columns || 80; // a pseudo-terminal may report 0
    this.stream.write(`\r${line.slice(0, Math.max(10, width - 1))}\u001b[K`);
  }

  /** Erase the line, if anything was drawn. */
  finish(): void {
    if (this.shown) this.stream.write('\r\u001b[K');
    this.shown = false;
  }
}
