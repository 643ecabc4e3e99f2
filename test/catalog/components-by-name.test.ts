// Components by name, sorted and keyed when first asked, answer as a sort of the whole list would:
// oldest first (stable among equal versions), and a key finds the last listed of equal versions.
import { describe, expect, it } from 'vitest';
import { ComponentsByName } from '../../src/catalog/components-by-name.js';
import type { Component } from '../../src/model/types.js';
import { sortByVersion, versionKey } from '../../src/version/version.js';
import { Rng } from '../support/random-world.js';

const SPELLINGS = ['1.0', '1.00', '1.0-2', '1.0-10', '1.2', '01.2', '1.10', '2.0a', '2.0', '10.0-1.0.1', '10.0-1.0.01', '9.9'];

function components(rng: Rng, count: number): Component[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `c${rng.int(0, 3)}`,
    version: SPELLINGS[rng.int(0, SPELLINGS.length - 1)]!,
    id: i,
    depends: [],
    conflicts: [],
    provides: [],
  })) as unknown as Component[];
}

describe('ComponentsByName', () => {
  it('sorts each name as sortByVersion does, whenever the name is asked', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rng = new Rng(seed);
      const all = components(rng, rng.int(1, 30));
      const index = new ComponentsByName();
      const added: Component[] = [];
      for (const c of all) {
        index.add(c);
        added.push(c);
        // asked midway too: a later add must be placed
        if (rng.chance(0.2)) index.get(c.name);
      }
      for (const name of new Set(all.map((c) => c.name))) {
        const expected = sortByVersion(added.filter((c) => c.name === name));
        expect(index.get(name), `seed ${seed} ${name}`).toEqual(expected);
        for (const spelling of SPELLINGS) {
          const key = versionKey(spelling);
          const same = expected.filter((c) => versionKey(c.version) === key);
          expect(index.byKey(name, key), `seed ${seed} ${name} ${spelling}`).toBe(same.at(-1));
        }
      }
      expect(index.get('absent')).toBeUndefined();
      expect(index.byKey('absent', '1.0')).toBeUndefined();
      expect(index.size).toBe(new Set(all.map((c) => c.name)).size);
    }
  });
});
