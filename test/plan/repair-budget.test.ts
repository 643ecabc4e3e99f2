// The repair budget (docs/semantics.md, Repair budget): counted in solves, so the same question
// gives the same answer; a budget that ends every search gives today's plans; one solve less
// stops the last search; none at all leaves only what needs no search.
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import type { Recommendations, World } from '../../src/model/types.js';
import { ClusterPlan, type PlanOptions } from '../../src/plan/plan.js';
import { budgetText } from '../../src/plan/repair/budget.js';
import { repairStats } from '../../src/plan/repair/stats.js';
import { shutdownEngines } from '../../src/sat/registry.js';
import { loadedRandomWorld } from '../support/random-world.js';

afterAll(async () => {
  await shutdownEngines();
});

const AMPLE = Number.MAX_SAFE_INTEGER;

async function recommend(w: World, opts: PlanOptions): Promise<{ recs: Recommendations; solves: number }> {
  const before = repairStats.solves;
  const plan = await ClusterPlan.create(new Catalog(w.depot, w.hcl), w.cluster, { repairs: 2, ...opts });
  try {
    return { recs: await plan.recommend(), solves: repairStats.solves - before };
  } finally {
    plan.dispose();
  }
}

const stopped = (r: Recommendations) => r.excluded_base_images.filter((x) => x.no_repair?.startsWith('repair search stopped'));
const searched = (r: Recommendations) => r.excluded_base_images.filter((x) => !x.no_repair?.startsWith('only new hardware'));

/** Random worlds whose repairs take some search. */
function worlds(count: number): { seed: number; w: World }[] {
  const out: { seed: number; w: World }[] = [];
  for (let seed = 1; out.length < count && seed < 400; seed++) out.push({ seed, w: loadedRandomWorld(seed) });
  return out;
}

describe('the repair budget', () => {
  it('an ample budget gives the plans of no budget; one solve less stops the last search', { timeout: 300_000 }, async () => {
    let checked = 0;
    for (const { seed, w } of worlds(40)) {
      const full = await recommend(w, { repairsBudget: AMPLE });
      if (full.solves === 0) continue;
      checked++;
      expect(stopped(full.recs), `seed ${seed}`).toEqual([]);
      const exact = await recommend(w, { repairsBudget: full.solves });
      expect(exact.recs, `seed ${seed}: a budget of exactly the solves taken`).toEqual(full.recs);
      expect(exact.solves).toBe(full.solves);
      const less = await recommend(w, { repairsBudget: full.solves - 1, shared: false });
      const last = searched(full.recs).at(-1)!;
      const cut = less.recs.excluded_base_images.find((x) => x.version === last.version)!;
      // the last search loses its last solve: a second plan (found by it), else the solve that
      // proved there is no other (its plans stay); with no plan, it says it was stopped
      const had = (last.repairs ?? []).length;
      expect((cut.repairs ?? []).length, `seed ${seed}`).toBe(had === 2 ? 1 : had);
      if (!cut.repairs?.length) expect(cut.no_repair, `seed ${seed}`).toBe(budgetText(full.solves - 1));
      // what came before is untouched
      const i = less.recs.excluded_base_images.indexOf(cut);
      expect(less.recs.excluded_base_images.slice(0, i)).toEqual(full.recs.excluded_base_images.slice(0, i));
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('no budget: every searched base says the search stopped, with no solve', { timeout: 120_000 }, async () => {
    let bases = 0;
    for (const { seed, w } of worlds(20)) {
      const { recs, solves } = await recommend(w, { repairsBudget: 0 });
      expect(solves).toBe(0);
      for (const x of recs.excluded_base_images) {
        expect(x.repairs, `seed ${seed} ${x.version}`).toEqual([]);
        if (x.no_repair?.startsWith('only new hardware')) continue;
        expect(x.no_repair).toBe(
          "repair search stopped: this recommendation's budget of 0 solves was spent; ask again with a larger --repairs-budget",
        );
        bases++;
      }
    }
    expect(bases).toBeGreaterThan(5);
  });

  it('is deterministic: twice, kept planner or not, after a smaller budget, engines at the ends', { timeout: 300_000 }, async () => {
    let checked = 0;
    for (const { seed, w } of worlds(12)) {
      const full = await recommend(w, { repairsBudget: AMPLE });
      if (full.solves < 4) continue;
      checked++;
      const mid = Math.floor(full.solves / 2);
      const a = await recommend(w, { repairsBudget: mid });
      const b = await recommend(w, { repairsBudget: mid });
      const c = await recommend(w, { repairsBudget: mid, shared: false });
      expect(b.recs, `seed ${seed}: twice`).toEqual(a.recs);
      expect(c.recs, `seed ${seed}: without a kept planner`).toEqual(a.recs);
      expect(a.solves).toBe(mid);
      // a kept planner's stopped searches do not cut a larger budget short
      const again = await recommend(w, { repairsBudget: AMPLE });
      expect(again.recs, `seed ${seed}: ample after a smaller budget`).toEqual(full.recs);
      for (const budget of [0, AMPLE]) {
        const m = await recommend(w, { repairsBudget: budget, engine: 'minisat' });
        const x = await recommend(w, { repairsBudget: budget, engine: 'wasm' });
        const shape = (r: Recommendations) => r.excluded_base_images.map((e) => [e.version, e.no_repair, (e.repairs ?? []).length]);
        expect(shape(m.recs), `seed ${seed}: minisat and wasm with a budget of ${budget}`).toEqual(shape(x.recs));
      }
    }
    expect(checked).toBeGreaterThan(3);
  });
});
