// The human report of `strata enumerate`: a numbered table streamed as combinations are found,
// and the progress line shown on a terminal during long runs.
import type { Image } from '../../model/types.js';
import { addOnText, componentsText, packageText, solutionsText } from './image.js';
import { columnWidths, formatRow, type TableOptions } from './table.js';

export const ENUMERATE_HEADER = ['#', 'BASE IMAGE', 'ADD-ON', 'PACKAGE', 'SOLUTIONS', 'COMPONENTS'];
export const ENUMERATE_TABLE: TableOptions = { indent: '', gap: 2, align: ['right'] };

export function enumerateRow(image: Image, rank: number): string[] {
  return [
    String(rank),
    image.base_image.version,
    addOnText(image.add_on),
    packageText(image.hardware_support),
    solutionsText(image.solutions),
    componentsText(image.components),
  ];
}

/**
 * A table printed while its rows arrive: the first rows are held back briefly so that the
 * column widths fit them; later rows use the same widths (a wider cell just pushes the rest).
 */
export class StreamingTable {
  private held: string[][] = [];
  private widths: number[] | null = null;
  private readonly started = Date.now();

  constructor(
    private readonly emit: (lines: string[]) => Promise<void>,
    private readonly header: string[],
    private readonly opts: TableOptions,
    /** hold at most this many rows, or this long, before fixing the widths */
    private readonly holdRows = 200,
    private readonly holdMs = 300,
  ) {}

  async add(row: string[]): Promise<void> {
    if (this.widths) return this.emit([formatRow(row, this.widths, this.opts)]);
    this.held.push(row);
    if (this.held.length >= this.holdRows || Date.now() - this.started >= this.holdMs) await this.flush();
  }

  /** Prints what is held (with the header); to be called once more at the end. */
  async flush(): Promise<void> {
    if (this.widths) return;
    const rows = [this.header, ...this.held];
    this.widths = columnWidths(rows);
    this.held = [];
    await this.emit(rows.map((r) => formatRow(r, this.widths!, this.opts)));
  }

  get printedHeader(): boolean {
    return this.widths !== null;
  }
}

/** "found 12,345 combinations (4,321/s)" on stderr, redrawn in place at most every 250 ms. */
export class Progress {
  private shown = false;
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private count = 0;
  private readonly started = Date.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly everyMs = 250,
  ) {
    this.timer = setInterval(() => this.draw(), everyMs);
    this.timer.unref();
  }

  /** Only on a terminal: elsewhere progress lines would end up in logs. */
  static forStderr(): Progress | null {
    return process.stderr.isTTY ? new Progress(process.stderr) : null;
  }

  update(count: number): void {
    this.count = count;
    if (Date.now() - this.last >= this.everyMs) this.draw();
  }

  private draw(): void {
    const now = Date.now();
    const elapsed = now - this.started;
    if (elapsed < this.everyMs) return; // short runs show nothing
    this.last = now;
    const rate = Math.round((this.count * 1000) / elapsed);
    const secs = (elapsed / 1000).toFixed(1);
    this.stream.write(
      `\r\u001b[2Kfound ${this.count.toLocaleString('en-US')} combinations (${rate.toLocaleString('en-US')}/s, ${secs} s)…`,
    );
    this.shown = true;
  }

  /** Erases the progress line (before other output goes to the same terminal). */
  clear(): void {
    if (this.shown) {
      this.stream.write('\r\u001b[2K');
      this.shown = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }
}
