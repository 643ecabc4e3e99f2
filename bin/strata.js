#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the `prepare` script). It is CommonJS
// (bin/package.json) so that `strata sat` can start without Node's ESM loader: that command is
// bundled into one CommonJS file (scripts/build-sat.mjs); every other one loads the ESM CLI.
const argv = process.argv.slice(2);

function satEntry() {
  if (argv[0] !== 'sat') return undefined;
  try {
    return require('../dist/cli/sat.cjs');
  } catch (err) {
    // built by tsc alone (no bundle): the general CLI runs `strata sat` too
    if (err?.code === 'MODULE_NOT_FOUND' && String(err.message).includes('sat.cjs')) return undefined;
    throw err;
  }
}

const sat = satEntry();
(sat ? sat.satMain(argv.slice(1)) : import('../dist/cli/main.js').then(({ main }) => main(argv))).then(
  (code) => {
    if (sat) sat.satExit(code);
    else process.exitCode = code;
  },
  (err) => {
    console.error(`strata: internal error: ${err?.stack ? err.stack : err}`);
    process.exitCode = 1;
  },
);
