// The entry of `strata sat` alone, bundled by scripts/build-sat.mjs into one CommonJS file
// (dist/cli/sat.cjs) that bin/strata.js loads with require: a one-shot solve then starts without
// Node's ESM loader, the other commands' modules, or a stdout stream (each costs milliseconds
// that native solvers do not pay). Help, errors and output are those of `strata sat` in main.ts.
import { writeSync } from 'node:fs';
import { runSat, satCommand } from './commands/sat.js';
import { runCommand } from './run-command.js';

/** Set once the answer has been written to fd 1 in full, with nothing left queued in a stream. */
let written = false;

/** Writes `text` and a newline to fd 1 without creating process.stdout, unless fd 1 would block. */
function printSync(text: string): void {
  const bytes = Buffer.from(`${text}\n`);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
    written = true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // a reader that closed the pipe wants no more; a non-blocking pipe that is full needs the
    // event loop, which process.stdout drains before the process exits
    if (code === 'EPIPE') return;
    if (code !== 'EAGAIN') throw err;
    process.stdout.write(bytes.subarray(done));
  }
}

/** `strata sat ARGS`: resolves to the exit code, as main() does for every other command. */
export function satMain(args: string[]): Promise<number> {
  return runCommand('sat', { ...satCommand, run: (a) => runSat(a, printSync) }, args);
}

/**
 * Ends the process with `code`. After an answer written in full, at once: a natural exit tears
 * down the environment and the V8 heap first, about 10 ms that a one-shot solve does not need.
 * Otherwise (help, errors, output queued in process.stdout) the event loop drains as usual.
 */
export function satExit(code: number): void {
  if (code === 0 && written) process.exit(0);
  process.exitCode = code;
}
