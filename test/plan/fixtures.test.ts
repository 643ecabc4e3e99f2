// The project's fixture worlds (test/fixtures/worlds): the reference still computes exactly their
// expected.json (reviewed by hand in its README), and every engine gives exactly its recommendations,
// excluded base images, count and combinations, with reasons that are sound, complete and minimal.
import { afterAll, describe, expect, it } from 'vitest';
import { ClusterPlan } from '../../src/plan/plan.js';
import { reasonMatches, referencePlan } from '../../src/plan/reference.js';
import { ENGINE_NAMES, shutdownEngines } from '../../src/sat/registry.js';
import { fixtureWorlds, loadFixture, referenceExpected } from '../fixtures/worlds.js';

const WORLDS = fixtureWorlds();
const references = new Map<string, ReturnType<typeof referencePlan>>();

afterAll(async () => {
  await shutdownEngines();
});

it('there are fixture worlds of every kind', () => {
  expect(WORLDS.length).toBeGreaterThanOrEqual(8);
});

describe.each(WORLDS.map((w) => [w.name, w] as const))('%s', (_, fixture) => {
  it('the reference gives expected.json (else: npm run fixtures, and review the change)', () => {
    const { world, expected, catalog } = loadFixture(fixture);
    const ref = referencePlan(catalog, world.cluster);
    references.set(fixture.name, ref);
    expect(referenceExpected(catalog, world.cluster, ref)).toEqual(expected);
  });

  it.each(ENGINE_NAMES.map((e) => [e]))('engine %s gives expected.json', { timeout: 60_000 }, async (engine) => {
    const { world, expected, catalog } = loadFixture(fixture);
    const ref = references.get(fixture.name) ?? referencePlan(catalog, world.cluster);
    const plan = await ClusterPlan.create(catalog, world.cluster, { engine });
    try {
      const rec = await plan.recommend();
      expect(rec.latest).toEqual(expected.latest);
      expect(rec.current_series).toEqual(expected.current_series);
      expect(rec.same_base).toEqual(expected.same_base);
      expect(rec.excluded_base_images.map((x) => x.version)).toEqual(expected.excluded_base_images.map((x) => x.version));
      for (const x of rec.excluded_base_images) {
        const sets = ref.errorSetsByBase.get(x.version) ?? [];
        const hits = (reasons: typeof x.reasons, s: (typeof sets)[number]) => reasons.some((r) => s.some((e) => reasonMatches(r, e)));
        for (const r of x.reasons)
          expect(
            sets.some((s) => hits([r], s)),
            `${x.version}: unsound ${JSON.stringify(r)}`,
          ).toBe(true);
        for (const s of sets) expect(hits(x.reasons, s), `${x.version}: reasons miss ${JSON.stringify(s)}`).toBe(true);
        x.reasons.forEach((r, i) => {
          const rest = x.reasons.filter((_, j) => j !== i);
          expect(
            sets.some((s) => !hits(rest, s)),
            `${x.version}: ${JSON.stringify(r)} is not needed`,
          ).toBe(true);
        });
      }
      const all = await plan.enumerate();
      expect(all.count).toBe(expected.count);
      expect(all.combinations).toEqual(expected.combos);
    } finally {
      plan.dispose();
    }
  });
});
