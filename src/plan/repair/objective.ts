// The cost of a repair, minimised stratum by stratum (devices removed, then host visits, then
// firmware changes, then edits of the desired image): for each stratum, the least weighted sum
// of its true levers that is satisfiable with the earlier strata held at their least, found by
// asking the engine under a bound "sum <= k" for each achievable k in increasing order. The
// bound is a sequential weighted counter (Hölldobler et al.) under an activation literal, so
// each bound is one assumption and a failed one costs nothing later.
import type { Lit, SatEngine } from '../../sat/engine.js';

export interface Weighted {
  lit: Lit;
  weight: number;
}

/** A literal that, assumed, makes sum(weight of true lits) <= k hold. */
export function atMost(engine: SatEngine, terms: readonly Weighted[], k: number): Lit {
  const act = engine.newVar();
  const clause = (lits: Lit[]) => engine.addClause([-act, ...lits]);
  // s[j-1] of the prefix: "the prefix's sum is at least j", j = 1..k
  let prev: Lit[] = [];
  for (const { lit, weight } of terms) {
    if (weight > k) {
      clause([-lit]);
      continue;
    }
    const cur: Lit[] = Array.from({ length: k }, () => engine.newVar());
    for (let j = 1; j <= k; j++) {
      if (j <= weight) clause([-lit, cur[j - 1]!]);
      if (prev.length) clause([-prev[j - 1]!, cur[j - 1]!]);
      if (prev.length && j + weight <= k) clause([-lit, -prev[j - 1]!, cur[j + weight - 1]!]);
    }
    // the prefix already at k + 1 - weight: adding this one would pass k
    if (prev.length && k + 1 - weight >= 1) clause([-lit, -prev[k - weight]!]);
    prev = cur;
  }
  return act;
}

/** Every sum of a subset of the weights, ascending (the only values a bound needs to try). */
export function subsetSums(weights: readonly number[]): number[] {
  let sums = new Set<number>([0]);
  for (const w of weights) sums = new Set([...sums, ...[...sums].map((s) => s + w)]);
  return [...sums].sort((a, b) => a - b);
}

/**
 * Minimises each stratum in turn under `assumptions`; returns the assumptions that hold every
 * stratum at its least (to be kept for reading the model), or undefined when unsatisfiable.
 * The engine's last solve is satisfiable and its model is the optimum when this returns.
 */
export async function minimiseStrata(
  engine: SatEngine,
  assumptions: readonly Lit[],
  strata: readonly Weighted[][],
): Promise<Lit[] | undefined> {
  const held = [...assumptions];
  if (!(await engine.solve(held))) return undefined;
  for (const terms of strata) {
    if (terms.length === 0) continue;
    const current = terms.reduce((s, t) => s + (engine.modelValue(Math.abs(t.lit)) === t.lit > 0 ? t.weight : 0), 0);
    for (const k of subsetSums(terms.map((t) => t.weight))) {
      if (k >= current) {
        // the model in hand is optimal for this stratum: hold it there
        held.push(atMost(engine, terms, current));
        break;
      }
      const bound = atMost(engine, terms, k);
      if (await engine.solve([...held, bound])) {
        held.push(bound);
        break;
      }
    }
    if (!(await engine.solve(held))) throw new Error('repair: a stratum bound that held became unsatisfiable');
  }
  return held;
}
