// Scenarios that narrow the candidate space (a base image, add-on, package or solution removed; a
// desired version raised) are answered on the baseline's encoding with the candidates left out
// assumed false: the answer must be a fresh recommend's on the changed world, reasons, messages
// and repairs included. Scenarios that widen the space or change components must be planned afresh.
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog, DepotIndex } from '../../src/catalog/catalog.js';
import type { World } from '../../src/model/types.js';
import { withPlan } from '../../src/plan/plan.js';
import { recommendationSpace } from '../../src/plan/space.js';
import { DEFAULT_ENGINE, shutdownEngines } from '../../src/sat/registry.js';
import { WhatifRunner } from '../../src/whatif/run.js';
import { applyChanges } from '../../src/whatif/apply.js';
import { isFailure, type Change } from '../../src/whatif/types.js';
import { compareVersions } from '../../src/version/version.js';
import { asLoaded, Rng } from '../support/random-world.js';
import { loadedWorld, naiveApply, otherDesiredVersion } from './support.js';

const WORLDS = Number(process.env.STRATA_WHATIF_WORLDS ?? 160);
const engine = DEFAULT_ENGINE;

afterAll(async () => {
  await shutdownEngines();
});

/** A removal of a depot item other than a component, or another desired version (higher, equal or lower). */
function narrowing(r: Rng, w: World): Change | undefined {
  const d = w.depot;
  const space = recommendationSpace(new Catalog(d, w.hcl), w.cluster);
  // mostly items of the candidate space: those are the ones that change the answer
  const inSpace = r.chance(0.7);
  switch (r.int(0, 4)) {
    case 0: {
      const list = inSpace && space.bases.length ? space.bases : d.base_images;
      return list.length ? { op: 'depot_remove', kind: 'base_images', version: r.pick(list).version } : undefined;
    }
    case 1: {
      const inSpaceAddOns = space.addOns.filter((a) => a !== null);
      const list = inSpace && inSpaceAddOns.length ? inSpaceAddOns : d.add_ons;
      if (!list.length) return undefined;
      const a = r.pick(list);
      return { op: 'depot_remove', kind: 'add_ons', name: a.name, version: a.version };
    }
    case 2: {
      if (!d.hardware_support_packages.length) return undefined;
      const p = r.pick(d.hardware_support_packages);
      return { op: 'depot_remove', kind: 'hardware_support_packages', name: p.pkg, manager: p.manager, version: p.version };
    }
    case 3: {
      if (!d.solutions.length) return undefined;
      const s = r.pick(d.solutions);
      return { op: 'depot_remove', kind: 'solutions', name: s.name, version: s.version };
    }
    default:
      return otherDesiredVersion(r, w);
  }
}

describe('narrowing scenarios on the kept encoding', () => {
  it.each([[1], [0]])(
    `answer as a fresh recommend on ${WORLDS} random worlds (${engine}), repairs %i`,
    { timeout: 600_000 },
    async (repairs) => {
      const totals = { scenarios: 0, restricted: 0, fresh: 0, withReasons: 0 };
      for (let seed = 1; seed <= WORLDS; seed++) {
        const world = loadedWorld(seed);
        const runner = await WhatifRunner.create(world, { engine, repairs });
        try {
          const r = new Rng(seed * 104_729 + repairs);
          for (let k = 0; k < 6; k++) {
            const changes: Change[] = [];
            let w = world;
            for (let n = r.chance(0.25) ? 2 : 1; n > 0; n--) {
              const ch = narrowing(r, w);
              if (!ch) continue;
              changes.push(ch);
              w = naiveApply(w, [ch]);
            }
            if (!changes.length) continue;
            const line = JSON.stringify({ name: `n${k}`, changes });
            const result = await runner.runLine(k + 1, line);
            const at = `seed ${seed} scenario ${k} (${runner.lastPath}) ${line}`;
            expect(isFailure(result), `${at}: ${JSON.stringify(result)}`).toBe(false);
            if (isFailure(result)) continue;
            const m = asLoaded(w);
            const fresh = await withPlan(new Catalog(m.depot, m.hcl), m.cluster, { engine, repairs }, (plan) => plan.recommend());
            expect({ latest: result.latest, current_series: result.current_series, same_base: result.same_base }, `${at}: slots`).toEqual({
              latest: fresh.latest,
              current_series: fresh.current_series,
              same_base: fresh.same_base,
            });
            expect(result.excluded_base_images, `${at}: excluded base images, reasons, messages and repairs`).toEqual(
              fresh.excluded_base_images,
            );
            totals.scenarios++;
            if (runner.lastPath === 'restricted') totals.restricted++;
            if (runner.lastPath === 'fresh') totals.fresh++;
            if (result.excluded_base_images.some((x) => x.reasons.length)) totals.withReasons++;
          }
        } finally {
          runner.dispose();
        }
      }
      console.log(`narrowed (repairs ${repairs}): ${JSON.stringify(totals)}`);
      // most narrowing scenarios take the kept encoding; lowered desired versions do not
      expect(totals.restricted).toBeGreaterThan(totals.scenarios / 2);
      expect(totals.fresh).toBeGreaterThan(0);
      expect(totals.withReasons).toBeGreaterThan(totals.scenarios / 4);
    },
  );

  it('answers a lower desired base image on the space of every base image', async () => {
    let asked = 0;
    let restricted = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const world = loadedWorld(seed);
      const desired = world.cluster.desired.base_image?.version;
      const lower = desired === undefined ? [] : world.depot.base_images.filter((x) => compareVersions(x.version, desired) < 0);
      if (lower.length === 0) continue;
      const runner = await WhatifRunner.create(world, { engine, repairs: seed % 2 });
      try {
        for (const [k, base] of lower.slice(0, 3).entries()) {
          const changes: Change[] = [{ op: 'set_desired', spec: { ...world.cluster.desired, base_image: { version: base.version } } }];
          const result = await runner.runLine(k + 1, JSON.stringify({ name: `l${k}`, changes }));
          const at = `seed ${seed} ${JSON.stringify(changes)}`;
          expect(isFailure(result), at).toBe(false);
          if (isFailure(result)) continue;
          if (runner.lastPath === 'restricted') restricted++;
          const m = asLoaded(naiveApply(world, changes));
          const fresh = await withPlan(new Catalog(m.depot, m.hcl), m.cluster, { engine, repairs: seed % 2 }, (plan) => plan.recommend());
          expect({ ...result, name: undefined, changed: undefined }, at).toEqual({ ...fresh, name: undefined, changed: undefined });
          asked++;
        }
      } finally {
        runner.dispose();
      }
    }
    // most on the kept encoding of every base image (a space whose messages could differ is planned afresh)
    expect(asked).toBeGreaterThan(30);
    expect(restricted).toBeGreaterThan(asked / 2);
  });

  it('plans afresh what widens the space or changes components', async () => {
    let asked = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const world = loadedWorld(seed);
      const runner = await WhatifRunner.create(world, { engine, repairs: 0 });
      try {
        const d = world.depot;
        const cases: Change[][] = [];
        const used = new Set(
          [...d.base_images, ...d.add_ons, ...d.hardware_support_packages].flatMap((x) =>
            Object.entries(x.components).map(([n, v]) => `${n}@${v}`),
          ),
        );
        const free = d.components.find((c) => !used.has(`${c.name}@${c.version}`));
        if (free) cases.push([{ op: 'depot_remove', kind: 'components', name: free.name, version: free.version }]);
        const b = d.base_images[0]!;
        cases.push([{ op: 'depot_add', kind: 'base_images', item: { version: '9.9.9-0.0.1', components: { ...b.components } } }]);
        // another list of removed components
        cases.push([{ op: 'set_desired', spec: { ...world.cluster.desired, removed_components: ['tool-z'] } }]);
        // removing an item, then adding it back under another version
        const a = d.add_ons[0];
        if (a) {
          cases.push([
            { op: 'depot_remove', kind: 'add_ons', name: a.name, version: a.version },
            { op: 'depot_add', kind: 'add_ons', item: { ...a, version: '999.0.0-1' } },
          ]);
        }
        for (const [k, changes] of cases.entries()) {
          const result = await runner.runLine(k + 1, JSON.stringify({ name: `f${k}`, changes }));
          expect(isFailure(result), JSON.stringify(result)).toBe(false);
          expect(runner.lastPath, `seed ${seed} ${JSON.stringify(changes)}`).toBe('fresh');
          asked++;
        }
      } finally {
        runner.dispose();
      }
    }
    expect(asked).toBeGreaterThan(80);
  });

  it('indexes a depot that only lost items as a full index would, sharing the components', () => {
    let narrowedIndexes = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const world = loadedWorld(seed);
      const full = new DepotIndex(world.depot);
      const r = new Rng(seed * 31);
      const changes: Change[] = [];
      let w = world;
      for (let n = r.int(1, 3); n > 0; n--) {
        const ch = narrowing(r, w);
        if (ch?.op !== 'depot_remove') continue;
        changes.push(ch);
        w = naiveApply(w, [ch]);
      }
      if (!changes.length) continue;
      const depot = applyChanges(world, changes).world.depot;
      const part = new DepotIndex(depot, full);
      const fresh = new DepotIndex(depot);
      expect(part.componentsByName, `seed ${seed}`).toBe(full.componentsByName);
      const lists = (x: DepotIndex) => ({
        baseImages: x.baseImages,
        addOnsByName: [...x.addOnsByName],
        packagesById: [...x.packagesById],
        solutionsByName: [...x.solutionsByName],
      });
      expect(lists(part), `seed ${seed} ${JSON.stringify(changes)}`).toEqual(lists(fresh));
      for (const b of world.depot.base_images) expect(part.baseImage(b.version)).toBe(fresh.baseImage(b.version));
      narrowedIndexes++;
    }
    expect(narrowedIndexes).toBeGreaterThan(30);
    // an item the index lacks: indexed in full
    const world = loadedWorld(1);
    const full = new DepotIndex(world.depot);
    const b = world.depot.base_images[0]!;
    const depot = { ...world.depot, base_images: [...world.depot.base_images, { ...b, version: '9.9.9-0.0.1' }] };
    expect(new DepotIndex(depot, full).baseImage('9.9.9-0.0.1')).toBeDefined();
  });
});
