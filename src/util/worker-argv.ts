// Node flags for worker threads that run compiled modules (dist/): the calling process's own,
// without the module loaders it was started with. A process run from the TypeScript sources (tsx:
// tests, benchmarks) would start its loader again in every worker: half a second more per what-if
// worker on the vendor world, which no `strata` command pays.
const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

export function compiledWorkerArgv(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const eq = flag.indexOf('=');
    if (LOADER_FLAGS.has(eq < 0 ? flag : flag.slice(0, eq))) {
      if (eq < 0) i++; // its value is the next argument
      continue;
    }
    out.push(flag);
  }
  return out;
}
