// The README's screenshot of the cluster page stays small (committed to the repository) and is a
// 1280×800 view, as test/e2e takes them.
import * as fs from 'node:fs';
import { expect, it } from 'vitest';

it('docs/images/cluster.png is a 1280×800 PNG of at most 150 kB', () => {
  const png = fs.readFileSync(new URL('../../docs/images/cluster.png', import.meta.url));
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 800]);
  expect(png.length).toBeLessThanOrEqual(150 * 1024);
});
