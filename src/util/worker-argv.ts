// Node flags for worker threads that run compiled modules (dist/): the calling process's own,
// without the module loaders it was started with, and without the flags a worker thread refuses.
// A process run from the TypeScript sources (tsx: tests, benchmarks) would start its loader again
// in every worker: half a second more per what-if worker on the vendor world, which no `strata`
// command pays. V8 flags (--max-old-space-size, --stack-size) and per-process ones are refused by
// `new Worker` (ERR_WORKER_INVALID_EXEC_ARGV) though they already hold for every thread.
import { Worker } from 'node:worker_threads';

const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/** `argv` (default: this process's) as worker threads can take it. */
export function compiledWorkerArgv(argv: readonly string[] = process.execArgv): string[] {
  const groups: string[][] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const eq = flag.indexOf('=');
    const name = eq < 0 ? flag : flag.slice(0, eq);
    // a flag's value may be the next argument
    const value = eq < 0 && i + 1 < argv.length && !argv[i + 1]!.startsWith('-') ? [argv[++i]!] : [];
    if (!LOADER_FLAGS.has(name)) groups.push([flag, ...value]);
  }
  const all = groups.flat();
  if (all.length === 0 || accepted(all)) return all;
  return groups.filter(accepted).flat();
}

const verdicts = new Map<string, boolean>();

/** Whether `new Worker` takes these flags: it checks them before it starts the thread. */
function accepted(flags: readonly string[]): boolean {
  const key = flags.join('\u0000');
  let ok = verdicts.get(key);
  if (ok === undefined) {
    try {
      const w = new Worker('', { eval: true, execArgv: [...flags], stdout: true, stderr: true });
      w.unref();
      void w.terminate();
      ok = true;
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
      ok = false;
    }
    verdicts.set(key, ok);
  }
  return ok;
}
