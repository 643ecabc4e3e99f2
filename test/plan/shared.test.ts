// The shared depot side (src/plan/shared.ts) against fresh encodes: several clusters over one
// catalog, asked in a shuffled order and more than once each, so that copies of a snapshot are
// used and one cluster's hardware never leaks into another's answers.
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import type { Cluster } from '../../src/model/types.js';
import { ClusterPlan, validateDesired, type PlanOptions } from '../../src/plan/plan.js';
import { exportShared, forgetShared, importShared, sharedStats } from '../../src/plan/shared.js';
import type { EngineName } from '../../src/sat/engine.js';
import { loadedRandomWorld, Rng } from '../support/random-world.js';

const WORLDS = Number(process.env.STRATA_SHARED_WORLDS ?? 40);
/** minisat's repairs are slow: fewer worlds */
const worldsOf = (engine: EngineName) => (engine === 'minisat' ? Math.ceil(WORLDS / 8) : WORLDS);

/** The world's cluster and variants of it: other hosts (other profiles, other pre-filtered bases), no desired base. */
function variants(cluster: Cluster): Cluster[] {
  const { base_image: _, ...noBase } = cluster.desired;
  return [
    cluster,
    { ...cluster, name: 'first-host', hosts: cluster.hosts.slice(0, 1) },
    { ...cluster, name: 'reversed', hosts: [...cluster.hosts].reverse() },
    { ...cluster, name: 'last-hosts', hosts: cluster.hosts.slice(-2) },
    { ...cluster, name: 'any-base', desired: noBase },
  ];
}

async function answers(catalog: Catalog, cluster: Cluster, opts: PlanOptions) {
  const plan = await ClusterPlan.create(catalog, cluster, opts);
  try {
    const recs = await plan.recommend();
    const combinations = await plan.enumerate(5);
    return JSON.stringify({ recs, combinations, validation: await validateDesired(catalog, cluster, opts) });
  } finally {
    plan.dispose();
  }
}

describe.each(['wasm', 'minisat'] as EngineName[])('shared depot side, engine %s', (engine) => {
  it(`answers as a fresh encode on ${worldsOf(engine)} random worlds with several clusters each`, { timeout: 600_000 }, async () => {
    const before = sharedStats.copies;
    for (let seed = 1; seed <= worldsOf(engine); seed++) {
      const w = loadedRandomWorld(seed);
      const catalog = new Catalog(w.depot, w.hcl);
      const clusters = variants(w.cluster);
      const expected = new Map<Cluster, string>();
      for (const c of clusters) expected.set(c, await answers(catalog, c, { engine, shared: false }));
      const rng = new Rng(seed * 7919);
      // every cluster three times, shuffled: the first asks encode, the second snapshot, the rest copy
      const order = rng.shuffle([...clusters, ...clusters, ...clusters]);
      for (const c of order) {
        expect(await answers(catalog, c, { engine }), `seed ${seed} cluster ${c.name}`).toBe(expected.get(c));
      }
      forgetShared(catalog);
    }
    expect(sharedStats.copies - before).toBeGreaterThan(worldsOf(engine));
  });
});

describe('a depot side as bytes (for workers)', () => {
  it('rebuilds over another Catalog of the same depot and answers as a fresh encode', { timeout: 600_000 }, async () => {
    for (let seed = 1; seed <= Math.ceil(WORLDS / 2); seed++) {
      const here = loadedRandomWorld(seed);
      for (const cluster of variants(here.cluster)) {
        const bytes = structuredClone(await exportShared(new Catalog(here.depot, here.hcl), cluster));
        // "the worker": its own Catalog of the same depot and HCL texts
        const there = loadedRandomWorld(seed);
        const catalog = new Catalog(there.depot, there.hcl);
        const expected = await answers(catalog, cluster, { engine: 'wasm', shared: false });
        await importShared(catalog, bytes);
        const copies = sharedStats.copies;
        const fresh = sharedStats.fresh;
        const plan = await ClusterPlan.create(catalog, cluster, { engine: 'wasm' });
        plan.dispose();
        expect(sharedStats.copies, `seed ${seed} ${cluster.name}: copied`).toBe(copies + 1);
        expect(sharedStats.fresh, `seed ${seed} ${cluster.name}: nothing encoded`).toBe(fresh);
        expect(await answers(catalog, cluster, { engine: 'wasm' }), `seed ${seed} ${cluster.name}`).toBe(expected);
        forgetShared(catalog);
      }
    }
  });
});
