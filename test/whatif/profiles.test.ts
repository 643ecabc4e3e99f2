// What the what-if leans on equals what it stands in for: the cached grouping of hosts into
// hardware profiles, and catalogs derived for another HCL.
import { describe, expect, it } from 'vitest';
import { hardwareProfiles } from '../../src/catalog/profiles.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { applyChanges } from '../../src/whatif/apply.js';
import { Rng } from '../support/random-world.js';
import { loadedWorld, randomChange } from './support.js';

describe('what-if helpers equal what they stand in for', () => {
  it('hardwareProfiles, cached per host, groups edited hosts as it groups fresh copies of them', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const w = loadedWorld(seed);
      const r = new Rng(seed);
      let world = w;
      for (let k = 0; k < 4; k++) {
        const ch = randomChange(r, world, 'host', { n: k });
        if (!ch) continue;
        world = applyChanges(world, [ch]).world;
        // copies are hosts never seen, so their grouping is computed afresh
        expect(hardwareProfiles(world.cluster.hosts)).toEqual(hardwareProfiles(structuredClone(world.cluster.hosts)));
      }
    }
  });

  it('Catalog.withHcl answers as a catalog built from scratch', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const w = loadedWorld(seed);
      const base = new Catalog(w.depot, w.hcl);
      const r = new Rng(seed + 1);
      const ch = randomChange(r, w, 'hcl', { n: 0 });
      if (!ch) continue;
      const changed = applyChanges(w, [ch], base).world;
      const derived = base.withHcl(changed.hcl);
      const fresh = new Catalog(changed.depot, changed.hcl);
      for (const h of w.cluster.hosts) {
        for (const b of base.baseImages) expect(derived.serverCertified(h, b.version)).toBe(fresh.serverCertified(h, b.version));
        for (const d of h.devices) expect(derived.hclDevice(d)).toEqual(fresh.hclDevice(d));
      }
      for (const b of base.baseImages) expect(derived.releaseOf(b.version)).toEqual(fresh.releaseOf(b.version));
      expect([...derived.classesWithRules]).toEqual([...fresh.classesWithRules]);
      expect(derived.depot).toBe(base.depot);
      expect(derived.depotIndex).toBe(base.depotIndex);
    }
  });
});
