// The cost of a repair, minimised stratum by stratum (devices removed, then host visits, then
// firmware changes, then edits of the desired image). For each stratum, in turn:
// - none of its levers: one solve with all of them assumed false (the common case);
// - else, for a stratum that must be least, the least weighted sum, found by binary search over
//   the sums its weights can make, each probe a sequential weighted counter (Hölldobler et al.)
//   under an activation literal, while counters stay small (COUNTER_LIMIT variables);
// - else levers are turned off one at a time while the problem stays satisfiable: the result is
//   minimal (no lever can be dropped) rather than least, at one solve per lever.
// The bounds found are kept as assumptions, so later strata never undo earlier ones.
import type { Lit, SatEngine } from '../../sat/engine.js';

export interface Weighted {
  lit: Lit;
  weight: number;
}

export interface Stratum {
  terms: Weighted[];
  /** the least sum is wanted (else a minimal set of true levers is enough) */
  least: boolean;
}

/** Counter variables allowed per bound (n terms × bound k). */
const COUNTER_LIMIT = 60_000;

/** A literal that, assumed, makes sum(weight of true lits) <= k hold. */
export function atMost(engine: SatEngine, terms: readonly Weighted[], k: number): Lit {
  const act = engine.newVar();
  const clause = (lits: Lit[]) => engine.addClause([-act, ...lits]);
  if (k === 0) {
    for (const t of terms) clause([-t.lit]);
    return act;
  }
  // prev[j-1]: "the prefix's sum is at least j", j = 1..k
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
    if (prev.length) clause([-lit, -prev[k - weight]!]);
    prev = cur;
  }
  return act;
}

/** Every sum of a subset of the weights, ascending (the only values a bound needs to try). */
export function subsetSums(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const reachable = new Uint8Array(total + 1);
  reachable[0] = 1;
  for (const w of weights) for (let s = total - w; s >= 0; s--) if (reachable[s]) reachable[s + w] = 1;
  const out: number[] = [];
  reachable.forEach((r, s) => r && out.push(s));
  return out;
}

export interface Minimised {
  /** assumptions holding every stratum at what was found (to be kept while reading the model) */
  held: Lit[];
  /** every stratum at its least; false when a stratum was only made minimal */
  least: boolean;
}

/**
 * Minimises each stratum in turn under `assumptions`; undefined when unsatisfiable. The
 * engine's last solve is satisfiable and its model is the answer when this returns.
 */
export async function minimiseStrata(
  engine: SatEngine,
  assumptions: readonly Lit[],
  strata: readonly Stratum[],
): Promise<Minimised | undefined> {
  const held = [...assumptions];
  let least = true;
  // the assumptions of the last solve when it was satisfiable: re-proving them is skipped
  let lastSat: readonly Lit[] | undefined;
  const solve = async (lits: readonly Lit[]) => {
    const sat = await engine.solve(lits);
    lastSat = sat ? lits : undefined;
    return sat;
  };
  if (!(await solve(held))) return undefined;
  const value = (l: Lit) => engine.modelValue(Math.abs(l)) === l > 0;
  for (const { terms, least: wanted } of strata) {
    if (terms.length === 0) continue;
    const off = terms.map((t) => -t.lit);
    if (await solve([...held, ...off])) {
      held.push(...off);
      continue;
    }
    await solve(held);
    const current = terms.reduce((s, t) => s + (value(t.lit) ? t.weight : 0), 0);
    const sums = subsetSums(terms.map((t) => t.weight)).filter((s) => s <= current);
    if (wanted && terms.length * current <= COUNTER_LIMIT) {
      // binary search: sums[hi] is known to be feasible (the model in hand)
      let lo = 0;
      let hi = sums.length - 1;
      let bound = atMost(engine, terms, sums[hi]!);
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const probe = atMost(engine, terms, sums[mid]!);
        if (await solve([...held, probe])) {
          hi = mid;
          bound = probe;
        } else lo = mid + 1;
      }
      held.push(bound);
    } else {
      if (wanted) least = false;
      const dropped: Lit[] = [];
      for (const t of terms) {
        if (!value(t.lit)) {
          dropped.push(-t.lit);
          continue;
        }
        if (await solve([...held, ...dropped, -t.lit])) dropped.push(-t.lit);
        else await solve([...held, ...dropped]);
      }
      held.push(...dropped);
    }
    const same = lastSat?.length === held.length && lastSat.every((l, i) => l === held[i]);
    if (!same && !(await solve(held))) throw new Error('repair: a stratum bound that held became unsatisfiable');
  }
  return { held, least };
}
