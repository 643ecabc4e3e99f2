// The prepare script (`npm ci`): `npm run build`, unless every output of the build is newer than
// every file it is made from. npm runs prepare again whenever it installs this folder, and the
// first `npx strata` in a clone does that (npm 11 installs a folder whose package.json has the
// asked bin into its cache, before it looks in node_modules/.bin): a second build took 13 s and
// rewrote dist/ under anything running from it. The tests build through this script too
// (test/support/build.ts), so that none of them compiles over a current build.
//
//   node scripts/prepare.mjs           build when stale
//   node scripts/prepare.mjs --check   only tell: exit 0 when current, 1 (and why) when not
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const INPUTS = ['src', 'wasm/assembly', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.build.json', 'wasm/asconfig.json'];
/** One file of each step of `npm run build`, and the compiled modules that worker threads load. */
const OUTPUTS = [
  'build/strata-sat.wasm',
  'dist/cli/main.js',
  'dist/service/worker.js',
  'dist/whatif/worker.js',
  'dist/fleet/worker.js',
  'dist/cli/sat.cjs',
  'dist/console/index.html',
];

/** The newest modification time under `p` (a file or a folder), and that file. */
function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return { t: st.mtimeMs, file: p };
  let best = { t: 0, file: p };
  for (const e of fs.readdirSync(p)) {
    const n = newest(path.join(p, e));
    if (n.t > best.t) best = n;
  }
  return best;
}

/** Why the build is not current, or undefined when it is. */
function stale() {
  const missing = OUTPUTS.find((f) => !fs.existsSync(path.join(root, f)));
  if (missing) return `${missing} is missing`;
  const oldest = OUTPUTS.map((f) => ({ f, t: fs.statSync(path.join(root, f)).mtimeMs })).reduce((a, b) => (b.t < a.t ? b : a));
  const input = INPUTS.filter((f) => fs.existsSync(path.join(root, f)))
    .map((f) => newest(path.join(root, f)))
    .reduce((a, b) => (b.t > a.t ? b : a));
  if (input.t > oldest.t) return `${path.relative(root, input.file)} is newer than ${oldest.f}`;
  return undefined;
}

const why = stale();
if (process.argv.includes('--check')) {
  console.log(why ? `stale: ${why}` : 'current');
  process.exit(why ? 1 : 0);
}
if (!why) {
  console.log('strata: the build is current (npm run build to build anyway)');
} else {
  console.log(`strata: building (${why})`);
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
