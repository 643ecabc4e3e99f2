import { describe, expect, it } from 'vitest';
import { compiledWorkerArgv } from '../../src/util/worker-argv.js';

describe('compiledWorkerArgv', () => {
  it('drops the module loaders a process was started with and keeps its other flags', () => {
    const argv = [
      '--require',
      '/x/tsx/preflight.cjs',
      '--import',
      'file:///x/tsx/loader.mjs',
      '--max-old-space-size=4096',
      '--loader=ts-node/esm',
      '-r',
      'dotenv/config',
      '--enable-source-maps',
      '--experimental-loader',
      './l.mjs',
      '--import=./hooks.mjs',
    ];
    expect(compiledWorkerArgv(argv)).toEqual(['--max-old-space-size=4096', '--enable-source-maps']);
  });

  it('keeps a plain argument list as it is', () => {
    expect(compiledWorkerArgv(['--stack-size=2000', '--no-warnings'])).toEqual(['--stack-size=2000', '--no-warnings']);
    expect(compiledWorkerArgv([])).toEqual([]);
  });
});
