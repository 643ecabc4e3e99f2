// Builds the web console (src/console) into dist/console: index.html, assets/app.js, assets/app.css.
// Run by `npm run build` (so by `npm ci` too). Prints the gzipped size and fails over the budget.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/console`;
const BUDGET = 150 * 1024;

fs.rmSync(out, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src/console/app.ts', 'src/console/app.css'],
  outdir: `${out}/assets`,
  entryNames: '[name]',
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  legalComments: 'none',
  logLevel: 'warning',
});

const assets = ['app.js', 'app.css'].map((f) => ({ f, body: fs.readFileSync(`${out}/assets/${f}`) }));
// Content hashes in the URLs: a new build is never served from an old cache.
const v = (f) =>
  createHash('sha256')
    .update(assets.find((a) => a.f === f).body)
    .digest('hex')
    .slice(0, 10);
const html = fs
  .readFileSync(`${root}src/console/index.html`, 'utf8')
  .replace('/assets/app.css', `/assets/app.css?v=${v('app.css')}`)
  .replace('/assets/app.js', `/assets/app.js?v=${v('app.js')}`);
fs.writeFileSync(`${out}/index.html`, html);

const gz = assets.reduce((n, a) => n + gzipSync(a.body, { level: 9 }).length, gzipSync(html).length);
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`console: ${assets.map((a) => `${a.f} ${kb(a.body.length)}`).join(', ')}; ${kb(gz)} gzipped (budget ${kb(BUDGET)})`);
if (gz > BUDGET) {
  console.error(`console: the bundle is ${kb(gz)} gzipped, over the ${kb(BUDGET)} budget`);
  process.exit(1);
}
