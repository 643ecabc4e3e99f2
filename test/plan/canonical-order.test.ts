// The canonical selector order (src/plan/explain.ts) kept up to date as profiles are encoded into
// a kept encoding (what-if) equals the order sorted afresh, for the encoding itself and for a view
// that inherited its order before the encoding grew.
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { hardwareProfiles } from '../../src/catalog/profiles.js';
import type { Host } from '../../src/model/types.js';
import { encodeProfile } from '../../src/plan/encode/hardware.js';
import { canonicalSelectors, inheritExplanations } from '../../src/plan/explain.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { loadedRandomWorld, Rng } from '../support/random-world.js';

/** Hosts with other firmware on some devices: profiles the encoding has not met. */
function refirmwared(hosts: readonly Host[], r: Rng, k: number): Host[] {
  return hosts.map((h) => ({
    ...h,
    name: `${h.name}-k${k}`,
    devices: h.devices.map((d) => (r.chance(0.5) ? { ...d, firmware_version: `${d.firmware_version}.${k}` } : d)),
  }));
}

describe('canonical selector order', () => {
  it('grown with new profiles, equals the order sorted afresh, on 60 random worlds', async () => {
    let grown = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const w = loadedRandomWorld(seed);
      const catalog = new Catalog(w.depot, w.hcl);
      const plan = await ClusterPlan.create(catalog, w.cluster, { engine: 'wasm', repairs: 0 });
      try {
        const enc = plan.encoding;
        canonicalSelectors(enc);
        const view = { ...enc };
        inheritExplanations(enc, view);
        const r = new Rng(seed);
        for (let k = 1; k <= 3; k++) {
          const before = enc.selectors.length;
          for (const p of hardwareProfiles(refirmwared(w.cluster.hosts, r, k))) encodeProfile(enc.hardware, catalog, p);
          if (enc.selectors.length > before) grown++;
          // a copy with no order of its own sorts every selector
          const fresh = canonicalSelectors({ ...enc });
          expect(canonicalSelectors(enc)).toEqual(fresh);
          if (k > 1) expect(canonicalSelectors(view)).toEqual(fresh);
        }
      } finally {
        plan.dispose();
      }
    }
    expect(grown).toBeGreaterThan(30);
  });
});
