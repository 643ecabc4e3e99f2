import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { compiledWorkerArgv } from '../../src/util/worker-argv.js';

/** Whether a worker thread starts with these flags and runs its code. */
function starts(execArgv: string[]): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const w = new Worker('require("node:worker_threads").parentPort.postMessage(1)', { eval: true, execArgv });
    w.once('message', () => void w.terminate().then(() => resolve(true)));
    w.once('error', reject);
  });
}

describe('compiledWorkerArgv', () => {
  it('drops the module loaders a process was started with and keeps the flags a worker takes', () => {
    const argv = [
      '--require',
      '/x/tsx/preflight.cjs',
      '--import',
      'file:///x/tsx/loader.mjs',
      '--loader=ts-node/esm',
      '-r',
      'dotenv/config',
      '--enable-source-maps',
      '--experimental-loader',
      './l.mjs',
      '--import=./hooks.mjs',
      '--conditions',
      'development',
    ];
    expect(compiledWorkerArgv(argv)).toEqual(['--enable-source-maps', '--conditions', 'development']);
  });

  it('drops V8 flags, which `new Worker` refuses though they hold for every thread already', async () => {
    const argv = ['--max-old-space-size=4096', '--no-warnings', '--stack-size=2000'];
    expect(() => new Worker('', { eval: true, execArgv: argv })).toThrow(/invalid execArgv/);
    const kept = compiledWorkerArgv(argv);
    expect(kept).toEqual(['--no-warnings']);
    expect(await starts(kept)).toBe(true);
  });

  it('keeps a list a worker takes as it is', () => {
    expect(compiledWorkerArgv(['--no-warnings', '--enable-source-maps'])).toEqual(['--no-warnings', '--enable-source-maps']);
    expect(compiledWorkerArgv([])).toEqual([]);
  });
});
