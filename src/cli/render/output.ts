// Writing to stdout: with backpressure (a long enumeration is not buffered in memory), quiet
// when the reader goes away (`strata enumerate … | head`), and with the terminal facts the
// renderers need (colour, width).

let guarded = false;

/**
 * Makes a closed stdout (EPIPE: the reader of a pipe exited) end the process quietly instead of
 * crashing with a stack trace. Other write errors end it with exit code 1 and one line.
 */
export function guardStdout(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(0);
    process.stderr.write(`strata: cannot write the output: ${err.message}\n`);
    process.exit(1);
  });
}

/** Writes text to stdout, waiting for the stream to drain when its buffer is full. */
export async function write(text: string): Promise<void> {
  if (text === '') return;
  if (!process.stdout.write(text)) {
    await new Promise<void>((resolve) => {
      process.stdout.once('drain', resolve);
    });
  }
}

/** Writes lines (each ended by a newline). */
export function writeLines(lines: readonly string[]): Promise<void> {
  return write(lines.length ? lines.join('\n') + '\n' : '');
}

/** Pretty-printed JSON (2 spaces) and a newline. */
export function writeJson(value: unknown): Promise<void> {
  return write(JSON.stringify(value, null, 2) + '\n');
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

/** Colour only when stdout is a terminal and NO_COLOR is unset (https://no-color.org). */
export function stdoutStyle(): Style {
  const on = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  if (!on) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39) };
}

/** The width to wrap long messages at: the terminal's, else 100 columns. */
export function outputWidth(): number {
  const cols = process.stdout.isTTY ? process.stdout.columns : undefined;
  return Math.max(60, Math.min(cols ?? 100, 160));
}
