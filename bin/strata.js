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

/**
 * `strata fleet` keeps every core busy with its planning threads, and V8's parallel and concurrent
 * garbage collection then runs helper threads that compete with them for the same cores (12% more
 * time on 2 cores, measured). The flag that turns them off only works when Node starts: the fleet
 * runs in a child Node started with it. The launcher waits, passes on its exit, and forwards the
 * signals a terminal does not already send to the child's whole process group.
 */
function runAsChildWithSingleThreadedGc() {
  if (argv[0] !== 'fleet' || process.execArgv.includes('--single-threaded-gc')) return false;
  const flags = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const a = process.execArgv[i];
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print') i++;
    else if (!a.startsWith('--eval=') && !a.startsWith('--print=')) flags.push(a);
  }
  const child = require('node:child_process').spawn(process.execPath, [...flags, '--single-threaded-gc', __filename, ...argv], {
    stdio: 'inherit',
  });
  const forward = (signal) => child.kill(signal);
  const signals = ['SIGTERM', 'SIGHUP'];
  // Ctrl-C reaches the child from the terminal; the launcher waits for it to stop
  process.on('SIGINT', () => {});
  for (const s of signals) process.on(s, forward);
  child.on('error', (err) => {
    console.error(`strata: cannot start the fleet process: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners('SIGINT');
      for (const s of signals) process.removeListener(s, forward);
      process.kill(process.pid, signal);
    } else process.exitCode = code;
  });
  return true;
}

if (!runAsChildWithSingleThreadedGc()) {
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
}
