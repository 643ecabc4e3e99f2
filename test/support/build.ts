// Tests that start real worker threads or child processes need the compiled dist/. Vitest runs
// this module once before any test file (globalSetup in vitest.config.ts): it builds when a
// source is newer than the build (scripts/prepare.mjs, as npm ci does), under a lock for suites
// started side by side. Never while test files run: they load dist/ modules into worker threads,
// and one that reads a file while it is rewritten fails (Node's loader then reports "Unexpected
// status of a module", or the process dies). After `npm ci` nothing here writes at all.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Vitest's global setup: builds dist/ when stale. */
export default function ensureBuilt(): void {
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
    // builds only what is stale: the same check as npm ci's
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/prepare.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the build failed (npm run build):\n${r.stdout}${r.stderr}`);
  } finally {
    fs.rmdirSync(lock);
  }
}
