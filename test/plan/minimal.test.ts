// Reasons are minimal (SPEC §3.4 "as few as the implementation can make them", read as: none of
// them can be dropped): on seeded random worlds, for every excluded base image and every reason,
// the other reasons leave some combination on that base with no matching error.
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageError } from '../../src/model/types.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { reasonMatches, referencePlan } from '../../src/plan/reference.js';
import { ENGINE_NAMES, shutdownEngines } from '../../src/sat/registry.js';
import { loadedRandomWorld } from '../support/random-world.js';

const WORLDS = Number(process.env.STRATA_MINIMAL_WORLDS ?? 200);

const world = loadedRandomWorld;

/** Is every error set hit by one of the reasons? */
const complete = (reasons: readonly ImageError[], sets: readonly ImageError[][]) =>
  sets.every((s) => reasons.some((r) => s.some((e) => reasonMatches(r, e))));

afterAll(async () => {
  await shutdownEngines();
});

describe.each(ENGINE_NAMES.map((e) => [e]))('engine %s', (engine) => {
  it(`every reason is needed, on ${WORLDS} random worlds`, { timeout: 600_000 }, async () => {
    let checked = 0;
    let multi = 0;
    for (let seed = 1; seed <= WORLDS; seed++) {
      const w = world(seed);
      const catalog = new Catalog(w.depot, w.hcl);
      const ref = referencePlan(catalog, w.cluster);
      const plan = await ClusterPlan.create(catalog, w.cluster, { engine });
      try {
        for (const x of (await plan.recommend()).excluded_base_images) {
          const sets = ref.errorSetsByBase.get(x.version) ?? [];
          expect(complete(x.reasons, sets), `seed ${seed} ${x.version}: incomplete`).toBe(true);
          x.reasons.forEach((reason, i) => {
            const rest = x.reasons.filter((_, j) => j !== i);
            expect(complete(rest, sets), `seed ${seed} ${x.version}: ${JSON.stringify(reason)} can be dropped`).toBe(false);
            checked++;
          });
          if (x.reasons.length > 1) multi++;
        }
      } finally {
        plan.dispose();
      }
    }
    // the worlds must give base images with several reasons, where redundancy could hide
    expect(checked).toBeGreaterThan(WORLDS / 4);
    expect(multi).toBeGreaterThan(0);
    console.log(`${engine}: ${checked} reasons checked, ${multi} base images with several`);
  });
});
