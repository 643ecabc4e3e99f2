// Property tests on seeded random 3-SAT near the threshold (ratio ~4.26), checked against the
// reference solvers of helpers.ts.
import { describe, expect, it } from 'vitest';
import { bruteLexGreatest, checkUnsatCore, dpll, engineWith, mulberry32, randInt, randomKSat, randomLits, satisfies } from './helpers.js';

describe('wasm engine on random 3-SAT', () => {
  it('agrees with DPLL on 300 instances of 10-40 variables (models, failed assumptions)', async () => {
    const rng = mulberry32(20240601);
    let sat = 0;
    let unsat = 0;
    let failedChecked = 0;
    for (let round = 0; round < 300; round++) {
      const n = randInt(rng, 10, 40);
      const m = Math.round(n * (3.9 + rng() * 0.8));
      const clauses = randomKSat(rng, n, m);
      const e = await engineWith(n, clauses);
      const expected = dpll(n, clauses) !== null;
      const got = e.solve();
      expect(got, `round ${round}`).toBe(expected);
      if (got) {
        sat++;
        expect(satisfies((v) => e.modelValue(v), clauses)).toBe(true);
        // a few solves under random assumptions on the same engine
        for (let k = 0; k < 3; k++) {
          const assumptions = randomLits(rng, n, randInt(rng, 1, 6));
          const ref = dpll(n, clauses, assumptions) !== null;
          const r = e.solve(assumptions);
          expect(r, `round ${round} assumptions ${assumptions}`).toBe(ref);
          if (r) {
            expect(satisfies((v) => e.modelValue(v), clauses)).toBe(true);
            for (const a of assumptions) expect(e.modelValue(Math.abs(a))).toBe(a > 0);
          } else {
            checkUnsatCore(n, clauses, assumptions, e.failedAssumptions());
            failedChecked++;
          }
        }
      } else {
        unsat++;
      }
      e.dispose();
    }
    // near the threshold both answers occur often
    expect(sat).toBeGreaterThan(50);
    expect(unsat).toBeGreaterThan(50);
    expect(failedChecked).toBeGreaterThan(50);
  });

  it('finds the lexicographically greatest model under random priorities (brute force, <= 16 vars)', async () => {
    const rng = mulberry32(7);
    let checked = 0;
    for (let round = 0; round < 200; round++) {
      const n = randInt(rng, 4, 16);
      const m = Math.round(n * (2 + rng() * 2.5));
      const clauses = randomKSat(rng, n, m);
      const e = await engineWith(n, clauses);
      // two priorities in turn on the same engine: sometimes every variable (a total order),
      // sometimes a random list with repeats
      for (let turn = 0; turn < 2; turn++) {
        const priority =
          rng() < 0.5
            ? [...Array(n).keys()]
                .map((i) => i + 1)
                .sort(() => rng() - 0.5)
                .map((v) => (rng() < 0.5 ? -v : v))
            : randomLits(rng, n, randInt(rng, 1, n + 3));
        e.setPriority(priority);
        for (let k = 0; k < 3; k++) {
          const assumptions = k === 0 ? [] : randomLits(rng, n, randInt(rng, 1, 3));
          const best = bruteLexGreatest(n, clauses, assumptions, priority);
          const r = e.solve(assumptions);
          expect(r).toBe(best !== null);
          if (!r) {
            checkUnsatCore(n, clauses, assumptions, e.failedAssumptions());
            continue;
          }
          const vec = priority.map((l) => (e.modelValue(Math.abs(l)) === l > 0 ? 1 : 0));
          expect(vec, `round ${round} priority ${priority} assumptions ${assumptions}`).toEqual(best);
          expect(satisfies((v) => e.modelValue(v), clauses)).toBe(true);
          checked++;
        }
      }
      e.dispose();
    }
    expect(checked).toBeGreaterThan(600);
  });

  it('keeps the lexicographic guarantee on harder instances where learning and restarts happen', async () => {
    // 60-80 variables: too many for brute force, so check greedily with DPLL: the greatest
    // vector fixes each priority literal true exactly when that stays satisfiable.
    const rng = mulberry32(99);
    let conflicts = 0;
    for (let round = 0; round < 12; round++) {
      const n = randInt(rng, 60, 80);
      const clauses = randomKSat(rng, n, Math.round(n * 4.0));
      const e = await engineWith(n, clauses);
      const priority = randomLits(rng, n, 20);
      e.setPriority(priority);
      const r = e.solve();
      const ref = dpll(n, clauses);
      expect(r).toBe(ref !== null);
      if (!r) continue;
      const fixed: number[] = [];
      for (const p of priority) fixed.push(dpll(n, clauses, [...fixed, p]) !== null ? p : -p);
      const vec = priority.map((l) => e.modelValue(Math.abs(l)) === l > 0);
      expect(vec, `round ${round}`).toEqual(fixed.map((l, i) => l === priority[i]));
      conflicts += e.stats().conflicts;
      expect(satisfies((v) => e.modelValue(v), clauses)).toBe(true);
      e.dispose();
    }
    expect(conflicts).toBeGreaterThan(100);
  }, 60_000);

  it('gives the same answers from a clone as from the original, incrementally', async () => {
    const rng = mulberry32(4242);
    for (let round = 0; round < 40; round++) {
      const n = randInt(rng, 15, 30);
      const clauses = randomKSat(rng, n, Math.round(n * 3.5));
      const e = await engineWith(n, clauses);
      e.solve();
      const c = e.clone();
      const extra = randomKSat(rng, n, 10);
      for (const cl of extra) c.addClause(cl);
      const all = [...clauses, ...extra];
      const assumptions = randomLits(rng, n, 2);
      expect(c.solve(assumptions)).toBe(dpll(n, all, assumptions) !== null);
      expect(e.solve(assumptions)).toBe(dpll(n, clauses, assumptions) !== null);
      e.dispose();
      c.dispose();
    }
  });
});

describe('wasm engine on larger random 3-SAT (learnt-clause reduction, compaction, restarts)', () => {
  it('keeps the lexicographic guarantee, checked by refuting every better prefix', async () => {
    const rng = mulberry32(31337);
    let conflicts = 0;
    let sats = 0;
    for (let round = 0; round < 6; round++) {
      const n = 150;
      const clauses = randomKSat(rng, n, Math.round(n * 4.15));
      const e = await engineWith(n, clauses);
      const priority = randomLits(rng, n, 25);
      e.setPriority(priority);
      const r = e.solve();
      conflicts += e.stats().conflicts;
      if (!r) continue;
      sats++;
      expect(satisfies((v) => e.modelValue(v), clauses)).toBe(true);
      // for each priority literal the model makes false, a fresh engine (no priority) must find
      // it false under the model's values of the earlier priority literals
      const referee = await engineWith(n, clauses);
      const prefix: number[] = [];
      for (const p of priority) {
        const holds = e.modelValue(Math.abs(p)) === p > 0;
        if (!holds) {
          expect(referee.solve([...prefix, p]), `round ${round} literal ${p}`).toBe(false);
          for (const f of referee.failedAssumptions()) expect([...prefix, p]).toContain(f);
        }
        prefix.push(holds ? p : -p);
      }
      referee.dispose();
      e.dispose();
    }
    expect(sats).toBeGreaterThan(0);
    expect(conflicts).toBeGreaterThan(5000); // several learnt-clause reductions happened
  }, 60_000);
});
