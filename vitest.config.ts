// Worker threads and child processes of the tests run the compiled dist/: it is built (when
// stale) once, before any test file runs, and never while they run (test/support/build.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { globalSetup: ['./test/support/build.ts'] },
});
