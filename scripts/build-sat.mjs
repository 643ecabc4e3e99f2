// Bundles the `strata sat` entry (src/cli/sat-main.ts) and what it imports into one CommonJS file,
// dist/cli/sat.cjs, which bin/strata.js requires for `strata sat` (see sat-main.ts for why).
// Run by `npm run build`; without the bundle the launcher falls back to the general CLI.
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src/cli/sat-main.ts'],
  outfile: 'dist/cli/sat.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // wasm.ts finds build/strata-sat.wasm from its own URL; the bundle sits as deep in dist/ as
  // dist/sat/wasm.js does, so the same relative URL holds from the bundle's file URL
  define: { 'import.meta.url': '__strataFileUrl' },
  banner: { js: "const __strataFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
