// The wasm engine's solves that explanations lean on, against brute force: solveToFirstFalse
// (lexicographic only up to the first false one of the first `cut` priority literals, selectors
// after it relaxed), solveRelaxed (the answer alone, every such selector relaxed), series of
// solves that share assumption prefixes across unsatisfiable answers (the engine keeps the levels
// it placed), and long clauses (a watch is searched from where the last one was found).
import { describe, expect, it } from 'vitest';
import {
  bruteLexGreatest,
  checkUnsatCore,
  compareVec,
  dpll,
  engineWith,
  mulberry32,
  randInt,
  randomKSat,
  randomLits,
  satisfies,
} from './helpers.js';

/**
 * A world shaped like an explainer's: `plain` variables under random clauses, and `selectors`
 * variables after them, each guarding a few random clauses (¬s ∨ clause). Selectors are in
 * clauses only negated, unless `positive`: then clauses over two selectors and a variable hold
 * some of them positively (those cannot be relaxed for free: setting two of them false in one
 * level could leave a conflict between them that no analysis can explain).
 */
function guardedWorld(rng: () => number, plain: number, selectors: number, positive: boolean) {
  const clauses = randomKSat(rng, plain, Math.round(plain * 1.5));
  for (let s = plain + 1; s <= plain + selectors; s++) {
    for (const c of randomKSat(rng, plain, randInt(rng, 1, 3), randInt(rng, 1, 3))) clauses.push([-s, ...c]);
  }
  if (positive) {
    for (let s = plain + 1; s < plain + selectors; s++) {
      const x = randInt(rng, 1, plain);
      if (rng() < 0.6) clauses.push([s, s + 1, x], [s, s + 1, -x]);
    }
  }
  return { numVars: plain + selectors, clauses };
}

/** The index of the first 0 among the first `cut` entries, or `cut`. */
function firstZero(vec: readonly number[], cut: number): number {
  const i = vec.slice(0, cut).indexOf(0);
  return i < 0 ? cut : i;
}

describe('wasm engine: solves for explanations', () => {
  it('solveToFirstFalse finds the lexicographically greatest first false selector, solveRelaxed the answer, in series of solves (brute force)', async () => {
    const rng = mulberry32(515);
    let compared = 0;
    let unsat = 0;
    let relaxedAfter = 0;
    let relaxedAll = 0;
    for (let round = 0; round < 150; round++) {
      const plain = randInt(rng, 4, 9);
      const selectors = randInt(rng, 3, 7);
      const { numVars, clauses } = guardedWorld(rng, plain, selectors, round % 2 === 1);
      const sels = Array.from({ length: selectors }, (_, i) => plain + 1 + i);
      const priority = [...sels, ...Array.from({ length: plain }, (_, i) => (rng() < 0.5 ? i + 1 : -(i + 1)))];
      // a fresh engine's first solve is one with a cut, or a plain one, in turn
      const e = await engineWith(numVars, clauses);
      e.setPriority(priority);
      // assumptions share prefixes from one solve to the next, as an explanation's do
      let assumptions: number[] = [];
      for (let k = 0; k < 8; k++) {
        if (k > 0 && rng() < 0.6) assumptions = assumptions.slice(0, randInt(rng, 0, assumptions.length));
        assumptions.push(...randomLits(rng, numVars, randInt(rng, 0, 2)));
        const best = bruteLexGreatest(numVars, clauses, assumptions, priority);
        // in turn: a cut, a plain solve, a relaxed one
        const mode = (k + round) % 3;
        const cut = mode === 0 ? selectors : 0;
        const found = mode === 0 ? e.solveToFirstFalse(assumptions, cut) : -1;
        const r = mode === 0 ? found >= 0 : mode === 1 ? e.solve(assumptions) : e.solveRelaxed(assumptions, selectors);
        const at = `round ${round} solve ${k} mode ${mode} assumptions ${assumptions}`;
        expect(r, at).toBe(best !== null);
        if (!r) {
          checkUnsatCore(numVars, clauses, assumptions, e.failedAssumptions(), at);
          unsat++;
          continue;
        }
        expect(
          satisfies((v) => e.modelValue(v), clauses),
          at,
        ).toBe(true);
        for (const a of assumptions) expect(e.modelValue(Math.abs(a)), at).toBe(a > 0);
        const vec = priority.map((l) => (e.modelValue(Math.abs(l)) === l > 0 ? 1 : 0));
        if (mode === 0) {
          const first = firstZero(best!, cut);
          expect(firstZero(vec, cut), at).toBe(first);
          expect(found, at).toBe(first);
          if (vec.slice(first + 1, cut).includes(0) && best!.slice(first + 1, cut).includes(1)) relaxedAfter++;
        } else if (mode === 1) expect(vec, at).toEqual(best);
        else if (compareVec(vec, best!) < 0) relaxedAll++;
        compared++;
      }
      e.dispose();
    }
    expect(compared).toBeGreaterThan(500);
    expect(unsat).toBeGreaterThan(50);
    // the cut, and the relaxed solves, did relax selectors a lexicographic solve would have set true
    expect(relaxedAfter).toBeGreaterThan(10);
    expect(relaxedAll).toBeGreaterThan(10);
  });

  it('answers series of solves over long clauses as DPLL does, unsatisfiable ones between', async () => {
    const rng = mulberry32(8080);
    let unsat = 0;
    let solves = 0;
    for (let round = 0; round < 60; round++) {
      const n = randInt(rng, 12, 24);
      // long clauses over many alternatives (as a rule over every base image), and short ones
      const clauses = [...randomKSat(rng, n, randInt(rng, 3, 8), randInt(rng, 6, n - 2)), ...randomKSat(rng, n, Math.round(n * 3))];
      const e = await engineWith(n, clauses);
      let assumptions: number[] = [];
      for (let k = 0; k < 12; k++) {
        if (rng() < 0.5) assumptions = assumptions.slice(0, randInt(rng, 0, assumptions.length));
        assumptions.push(...randomLits(rng, n, randInt(rng, 1, 3)));
        const ref = dpll(n, clauses, assumptions);
        const r = e.solve(assumptions);
        expect(r, `round ${round} solve ${k}`).toBe(ref !== null);
        if (r) expect(satisfies((v) => e.modelValue(v), clauses)).toBe(true);
        else {
          checkUnsatCore(n, clauses, assumptions, e.failedAssumptions());
          unsat++;
        }
        solves++;
      }
      e.dispose();
    }
    expect(unsat).toBeGreaterThan(solves / 10);
    expect(unsat).toBeLessThan(solves);
  });

  it('rejects a cut or count that is not an integer >= 0; a cut of 0 is a plain solve', async () => {
    const e = await engineWith(2, [[1, 2]]);
    expect(() => e.solveToFirstFalse([], -1)).toThrow(RangeError);
    expect(() => e.solveToFirstFalse([], 1.5)).toThrow(RangeError);
    expect(() => e.solveRelaxed([], -1)).toThrow(RangeError);
    // a cut of 0 is a plain solve: no priority literal below it, so the first false is at 0
    expect(e.solveToFirstFalse([], 0)).toBe(0);
    expect(e.solveToFirstFalse([-1, -2], 0)).toBe(-1);
    e.dispose();
  });
});
