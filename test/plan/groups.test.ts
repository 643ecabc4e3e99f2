// Image groups against the brute force over every partition of the classes (reference-groups.ts)
// on seeded random mixed worlds: the same fewest number of groups, a split that is one of the valid
// fewest splits with the newest images, each group's recommendations equal to the reference's for
// its hosts; one group equal to `recommend` when the whole cluster has a latest; uncovered classes.
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { planGroups } from '../../src/plan/groups/groups.js';
import { referenceGroups } from '../../src/plan/reference-groups.js';
import { ENGINE_NAMES, shutdownEngines } from '../../src/sat/registry.js';
import type { EngineName } from '../../src/sat/engine.js';
import { randomMixedWorld } from '../support/mixed-world.js';
import * as fs from 'node:fs';
import { fixtureWorlds, groupsFile, loadFixture, referenceExpectedGroups, type ExpectedGroups } from '../fixtures/worlds.js';

const WORLDS = Number(process.env.STRATA_GROUP_WORLDS ?? 60);

afterAll(async () => {
  await shutdownEngines();
});

// the default engine on every world, the others (slower to start) on half of them
describe.each(ENGINE_NAMES.map((e, i) => [e, i === 0 ? WORLDS : Math.ceil(WORLDS / 2)] as const))(
  'engine %s: groups against the reference',
  (engine, worlds) => {
    it(`agrees on ${worlds} random mixed worlds`, { timeout: 600_000 }, async () => {
      const seen = { whole: 0, split: 0, uncovered: 0, beyond: 0 };
      for (let seed = 1; seed <= worlds; seed++) {
        const w = randomMixedWorld(seed);
        const catalog = new Catalog(w.depot, w.hcl);
        const at = `seed ${seed}`;
        const ref = referenceGroups(catalog, w.cluster, 4);
        const got = await planGroups(catalog, w.cluster, { engine: engine as EngineName, repairs: 0, maxGroups: 4 });
        const index = (c: { vendor: string; model: string }) => ref.classes.findIndex((x) => x.vendor === c.vendor && x.model === c.model);
        const split = got.groups.map((g) => g.classes.map(index));
        expect(got.groups.length ? got.groups.length : null, `${at} number of groups`).toEqual(ref.fewest);
        if (ref.fewest === null) {
          expect(
            got.uncovered.map((u) => index(u.classes[0]!)),
            `${at} uncovered`,
          ).toEqual(ref.uncovered);
          for (const u of got.uncovered) expect(u.reasons.length, `${at} reasons`).toBeGreaterThan(0);
          seen[ref.uncovered.length ? 'uncovered' : 'beyond']++;
          continue;
        }
        expect(
          ref.fewestSplits.map((s) => JSON.stringify(s)),
          `${at} a valid fewest split`,
        ).toContain(JSON.stringify(split));
        expect(
          ref.best.map((s) => JSON.stringify(s)),
          `${at} a split with the newest images`,
        ).toContain(JSON.stringify(split));
        for (const [i, g] of got.groups.entries()) {
          const plan = ref.plans.get(split[i]!.join(','))!;
          expect(g.latest, `${at} group ${i} latest`).toEqual(plan.latest);
          expect(g.current_series, `${at} group ${i} current_series`).toEqual(plan.current_series);
          expect(g.same_base, `${at} group ${i} same_base`).toEqual(plan.same_base);
        }
        if (ref.whole) {
          const plan = await ClusterPlan.create(catalog, w.cluster, { engine: engine as EngineName, repairs: 0 });
          try {
            const rec = await plan.recommend();
            const { classes: _c, hosts, ...rest } = got.groups[0]!;
            expect(rest, `${at} one group equal to recommend`).toEqual(rec);
            expect(hosts).toEqual(w.cluster.hosts.map((h) => h.name));
          } finally {
            plan.dispose();
          }
        }
        seen[ref.whole ? 'whole' : 'split']++;
      }
      console.log(`groups (${engine}): ${JSON.stringify(seen)}`);
      expect(seen.whole).toBeGreaterThan(0);
      expect(seen.split).toBeGreaterThan(0);
      expect(seen.uncovered).toBeGreaterThan(0);
    });
  },
);

const mixedFixtures = fixtureWorlds().filter((f) => fs.existsSync(groupsFile(f)));

describe.each(mixedFixtures.map((f) => [f.name, f] as const))('fixture %s', (_, fixture) => {
  it('the reference gives expected-groups.json (else: npm run fixtures, and review the change)', () => {
    const { world, catalog } = loadFixture(fixture);
    const expected = JSON.parse(fs.readFileSync(groupsFile(fixture), 'utf8')) as ExpectedGroups;
    expect(referenceExpectedGroups(catalog, world.cluster)).toEqual(expected);
  });

  it.each(ENGINE_NAMES.map((e) => [e]))('engine %s gives one of its splits, with its images', async (engine) => {
    const { world, catalog } = loadFixture(fixture);
    const expected = JSON.parse(fs.readFileSync(groupsFile(fixture), 'utf8')) as ExpectedGroups;
    const got = await planGroups(catalog, world.cluster, { engine, repairs: 0 });
    const names = (g: { classes: { vendor: string; model: string }[] }) => g.classes.map((c) => `${c.vendor} ${c.model}`);
    expect(got.groups.length).toBe(expected.fewest ?? 0);
    expect(expected.splits).toContainEqual(got.groups.map(names));
    for (const g of got.groups) {
      const want = expected.groups.find((x) => JSON.stringify(x.classes) === JSON.stringify(names(g)))!;
      expect({ latest: g.latest, current_series: g.current_series, same_base: g.same_base }).toEqual({
        latest: want.latest,
        current_series: want.current_series,
        same_base: want.same_base,
      });
    }
  });
});

it('there are mixed-hardware fixture worlds', () => {
  expect(mixedFixtures.map((f) => f.name)).toEqual(expect.arrayContaining(['mixed-dell-hpe', 'mixed-generations']));
});
