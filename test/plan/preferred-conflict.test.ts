// The core-guided search of explain.ts finds the very set QuickXplain (Junker 2004) returns for the
// same order, on every excluded base image of seeded random worlds: reasons do not depend on which
// of the searches found them (failed assumptions, tight or loose; the lexicographic engine's models).
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { canonicalSelectors, lexicographicConflict, preferredConflict, type CoreOracle } from '../../src/plan/explain.js';
import type { Lit } from '../../src/sat/engine.js';
import { shutdownEngines } from '../../src/sat/registry.js';
import { loadedRandomWorld } from '../support/random-world.js';

const WORLDS = Number(process.env.STRATA_PREFERRED_WORLDS ?? 120);

/** QuickXplain as Junker wrote it: the reference. */
async function quickXplain(unsat: (lits: Lit[]) => Promise<boolean>, candidates: Lit[]): Promise<Lit[]> {
  const qx = async (background: Lit[], delta: boolean, set: Lit[]): Promise<Lit[]> => {
    if (delta && (await unsat(background))) return [];
    if (set.length === 1) return set;
    const half = set.length >> 1;
    const d2 = await qx([...background, ...set.slice(0, half)], half > 0, set.slice(half));
    const d1 = await qx([...background, ...d2], d2.length > 0, set.slice(0, half));
    return [...d1, ...d2];
  };
  if (candidates.length === 0 || (await unsat([]))) return [];
  return qx([], false, candidates);
}

afterAll(async () => {
  await shutdownEngines();
});

describe('preferredConflict', () => {
  it(`equals QuickXplain on every excluded base of ${WORLDS} random worlds, with tight and with useless failed assumptions`, {
    timeout: 600_000,
  }, async () => {
    let compared = 0;
    for (let seed = 1; seed <= WORLDS; seed++) {
      const w = loadedRandomWorld(seed);
      const catalog = new Catalog(w.depot, w.hcl);
      // no pre-filter: every base image is encoded and explained by its selectors
      const plan = await ClusterPlan.create(catalog, w.cluster, { prefilter: false, repairs: 0 });
      try {
        const enc = plan.encoding;
        const order = canonicalSelectors(enc);
        const position = new Map(order.map((s, i) => [s, i]));
        enc.explainer.setPriority([...order, ...enc.layout.all.flatMap((l) => l.vars)]);
        for (let b = 0; b < enc.space.bases.length; b++) {
          const assume = [enc.layout.base.vars[b]!, ...enc.active];
          if (await enc.engine.solve(assume)) {
            // the base has a valid combination: the lexicographic search says so
            expect((await lexicographicConflict(enc.explainer, assume, order)).conflict, `seed ${seed} base ${b} (valid)`).toBeNull();
            continue;
          }
          const unsat = async (sels: Lit[]) => !(await enc.explainer.solve([...assume, ...sels]));
          if (await unsat([])) continue; // no combination whatever is relaxed: nothing to compare
          const tight: CoreOracle = async (sels) =>
            (await unsat(sels)) ? enc.explainer.failedAssumptions().flatMap((l) => position.get(l) ?? []) : null;
          // an engine that names every assumption: the search must fall back on bisection
          const loose: CoreOracle = async (sels) => ((await unsat(sels)) ? sels.map((l) => position.get(l)!) : null);
          const want = [...(await quickXplain(unsat, order))].sort((x, y) => position.get(x)! - position.get(y)!);
          expect(await preferredConflict(tight, order, order.length), `seed ${seed} base ${b}`).toEqual(want);
          expect(await preferredConflict(loose, order, order.length), `seed ${seed} base ${b} (loose)`).toEqual(want);
          // the lexicographic engine's search, its selectors decided first in that order
          expect((await lexicographicConflict(enc.explainer, assume, order)).conflict, `seed ${seed} base ${b} (lexicographic)`).toEqual(
            want,
          );
          // with a guessed prefix of true selectors, right or wrong, assumed before the base image
          for (const prefix of [1, order.length >> 1, order.length]) {
            const [base, ...active] = assume;
            const found = await lexicographicConflict(enc.explainer, [base!], order, { shared: active, prefix });
            expect(found.conflict, `seed ${seed} base ${b} (prefix ${prefix})`).toEqual(want);
          }
          compared++;
        }
      } finally {
        plan.dispose();
      }
    }
    console.log(`preferredConflict: ${compared} excluded base images compared`);
    expect(compared).toBeGreaterThan(WORLDS / 2);
  });
});
