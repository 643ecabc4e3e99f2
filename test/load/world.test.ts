import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/load/errors.js';
import { loadWorld, worldFiles } from '../../src/load/world.js';

const examples = fileURLToPath(new URL('../fixtures/worlds/', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-world-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('loadWorld', () => {
  for (const world of fs.readdirSync(examples).filter((d) => fs.existsSync(path.join(examples, d, 'depot.json')))) {
    it(`loads ${world} without problems`, () => {
      const w = loadWorld(worldFiles(path.join(examples, world)));
      expect(w.depot.components.length).toBeGreaterThan(0);
      expect(w.depot.base_images.length).toBeGreaterThan(0);
      expect(w.hcl.releases.length).toBeGreaterThan(0);
      expect(w.cluster.hosts.length).toBeGreaterThan(0);
      expect(w.cluster.desired.base_image).toBeDefined();
    });
  }

  it('names the three files of a directory', () => {
    expect(worldFiles('w')).toEqual({
      depot: path.join('w', 'depot.json'),
      hcl: path.join('w', 'hcl.json'),
      cluster: path.join('w', 'cluster.json'),
    });
  });

  it('reports the problems of every bad file in one error', () => {
    const files = worldFiles(dir);
    fs.copyFileSync(path.join(examples, 'world-a', 'depot.json'), files.depot);
    fs.writeFileSync(files.hcl, '{"releases": [}');
    fs.writeFileSync(files.cluster, '[]');
    let err: unknown;
    try {
      loadWorld(files);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).render()).toBe(
      [
        `${files.hcl}: $: malformed JSON at line 1, column 15: expected a value, found '}'`,
        `${files.cluster}: $: expected an object with name, hosts and desired, found an array`,
      ].join('\n'),
    );
  });
});
