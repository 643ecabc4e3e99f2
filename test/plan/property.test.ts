// Every engine against the brute-force reference on seeded random small worlds:
// recommendations, enumeration, validation, and explanations that are sound and complete.
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { reasonMatches as matches, referenceCombinations, referencePlan, referenceValidationSpace } from '../../src/plan/reference.js';
import { ClusterPlan, validateDesired } from '../../src/plan/plan.js';
import { ENGINE_NAMES, shutdownEngines } from '../../src/sat/registry.js';
import type { EngineName } from '../../src/sat/engine.js';
import { loadedRandomWorld } from '../support/random-world.js';

const WORLDS = Number(process.env.STRATA_PROPERTY_WORLDS ?? 500);

const world = loadedRandomWorld;

afterAll(async () => {
  await shutdownEngines();
});

describe.each(ENGINE_NAMES.map((e) => [e]))('engine %s against the reference', (engine) => {
  it(`agrees on ${WORLDS} random worlds`, { timeout: 600_000 }, async () => {
    const stats = { worlds: 0, combinations: 0, excluded: 0, reasons: 0, validValidations: 0 };
    for (let seed = 1; seed <= WORLDS; seed++) {
      const w = world(seed);
      const catalog = new Catalog(w.depot, w.hcl);
      const ref = referencePlan(catalog, w.cluster);
      const plan = await ClusterPlan.create(catalog, w.cluster, { engine: engine as EngineName });
      try {
        const rec = await plan.recommend();
        const at = `seed ${seed}`;
        expect(rec.latest, `${at} latest`).toEqual(ref.recommendations.latest);
        expect(rec.current_series, `${at} current_series`).toEqual(ref.recommendations.current_series);
        expect(rec.same_base, `${at} same_base`).toEqual(ref.recommendations.same_base);
        expect(
          rec.excluded_base_images.map((x) => x.version),
          `${at} excluded`,
        ).toEqual(ref.excludedBases);
        for (const x of rec.excluded_base_images) {
          const sets = ref.errorSetsByBase.get(x.version) ?? [];
          for (const reason of x.reasons) {
            expect(
              sets.some((s) => s.some((e) => matches(reason, e))),
              `${at} ${x.version}: unsound reason ${JSON.stringify(reason)}`,
            ).toBe(true);
          }
          for (const s of sets) {
            expect(
              x.reasons.some((reason) => s.some((e) => matches(reason, e))),
              `${at} ${x.version}: reasons miss ${JSON.stringify(s)}`,
            ).toBe(true);
          }
          stats.reasons += x.reasons.length;
        }
        const all = await plan.enumerate();
        expect(all.count, `${at} count`).toBe(ref.combinations.length);
        expect(all.combinations, `${at} combinations`).toEqual(ref.combinations);
        const limited = await plan.enumerate(2);
        expect(limited.count).toBe(ref.combinations.length);
        expect(limited.combinations).toEqual(ref.combinations.slice(0, 2));
        stats.combinations += all.count;
        stats.excluded += rec.excluded_base_images.length;
      } finally {
        plan.dispose();
      }
      // validation of the desired image: valid exactly when the reference finds a valid choice
      const report = await validateDesired(catalog, w.cluster, { engine: engine as EngineName });
      const { space, missing } = referenceValidationSpace(catalog, w.cluster.desired);
      let refValid = false;
      if (missing.length === 0 && space.bases.length > 0) {
        for (const c of referenceCombinations(catalog, w.cluster, space))
          if (c.valid) {
            refValid = true;
            break;
          }
      }
      expect(report.valid, `seed ${seed} validate`).toBe(refValid);
      expect(report.errors.length === 0, `seed ${seed} validate errors`).toBe(refValid);
      if (refValid) stats.validValidations++;
      stats.worlds++;
    }
    // the generator must exercise the interesting cases, not only trivial worlds
    expect(stats.combinations).toBeGreaterThan(stats.worlds / 2);
    expect(stats.excluded).toBeGreaterThan(stats.worlds / 10);
    expect(stats.validValidations).toBeGreaterThan(0);
    expect(stats.validValidations).toBeLessThan(stats.worlds);
    console.log(`${engine}: ${JSON.stringify(stats)}`);
  });
});
