// Tests that start real worker threads or child processes need the compiled dist/. This builds
// it once (when any source is newer than the build), under a lock so that test files running in
// parallel do not compile over each other. A build that is current is never written again: other
// test files load dist/ modules into worker threads meanwhile, and one that reads a file while it
// is rewritten fails (Node's loader then reports "Unexpected status of a module", or the process
// dies). After `npm ci` (whose prepare script builds) nothing here writes at all.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const NEEDED = ['service/worker.js', 'service/store/sqlite.js', 'cli/commands/serve.js', 'cli/main.js', 'cli/sat.cjs'].map((f) =>
  path.join(DIST, f),
);

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function fresh(): boolean {
  if (!NEEDED.every((f) => fs.existsSync(f))) return false;
  const built = Math.min(...NEEDED.map((f) => fs.statSync(f).mtimeMs));
  return newest(path.join(ROOT, 'src')) <= built;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function ensureBuilt(): void {
  fs.mkdirSync(DIST, { recursive: true });
  const lock = path.join(DIST, '.test-build-lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('timed out waiting for the build lock');
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 120_000) fs.rmdirSync(lock); // left by a killed run
      } catch {
        /* gone meanwhile */
      }
      sleep(200);
    }
  }
  try {
    if (fresh()) return;
    // Exit status ignored: errors in files under construction elsewhere must not stop the emit.
    spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    // `strata sat`'s one-file bundle (bin/strata.js requires it)
    spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-sat.mjs')], { cwd: ROOT, stdio: 'ignore' });
    for (const f of NEEDED) if (!fs.existsSync(f)) throw new Error(`build did not produce ${f}`);
  } finally {
    fs.rmdirSync(lock);
  }
}
