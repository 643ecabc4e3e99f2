// Plain-text tables and wrapped paragraphs. Column widths come from the content; colour codes
// (when a renderer uses any) do not count toward the width.

const ANSI = /\u001b\[[0-9;]*m/g;

export function visibleLength(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

export function pad(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(s)));
  return align === 'left' ? s + fill : fill + s;
}

export interface TableOptions {
  /** put before every line */
  indent?: string;
  /** spaces between columns */
  gap?: number;
  /** per column; left by default */
  align?: ('left' | 'right')[];
  /** minimum widths per column (e.g. for rows printed later with the same widths) */
  minWidths?: number[];
}

/** Widths of each column: the widest cell, header included. */
export function columnWidths(rows: readonly (readonly string[])[], minWidths: readonly number[] = []): number[] {
  const widths: number[] = [...minWidths];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell));
    });
  }
  return widths;
}

/** One table line; the last column is not padded (no trailing blanks). */
export function formatRow(row: readonly string[], widths: readonly number[], opts: TableOptions = {}): string {
  const gap = ' '.repeat(opts.gap ?? 2);
  const cells = row.map((cell, i) => {
    const align = opts.align?.[i] ?? 'left';
    const last = i === row.length - 1;
    return last && align === 'left' ? cell : pad(cell, widths[i] ?? 0, align);
  });
  return (opts.indent ?? '') + cells.join(gap).replace(/\s+$/, '');
}

/** A table: the header row, then every row, columns as wide as their widest cell. */
export function table(header: readonly string[] | null, rows: readonly (readonly string[])[], opts: TableOptions = {}): string[] {
  const all = header ? [header, ...rows] : rows;
  const widths = columnWidths(all, opts.minWidths);
  return all.map((row) => formatRow(row, widths, opts));
}

/**
 * Word-wraps `text` to `width` columns: the first line starts with `first`, the others with
 * `rest` (a hanging indent). Words longer than a line are not broken.
 */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    if (!empty && visibleLength(line) + 1 + visibleLength(word) > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** "1 host", "3 hosts" */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
