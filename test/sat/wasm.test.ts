import { describe, expect, it } from 'vitest';
import { createWasmEngine, createWasmEngineSync } from '../../src/sat/wasm.js';
import { dpll, engineWith, mulberry32, pigeonhole, randInt, randomKSat, randomLits, satisfies } from './helpers.js';

describe('wasm engine: basics', () => {
  it('names itself and is lexicographic', async () => {
    const e = await createWasmEngine();
    expect(e.name).toBe('wasm');
    expect(e.lexicographic).toBe(true);
    expect(e.numVars).toBe(0);
    expect(e.newVar()).toBe(1);
    expect(e.newVar()).toBe(2);
    expect(e.numVars).toBe(2);
    e.dispose();
  });

  it('solves a small satisfiable formula with a model that satisfies every clause', async () => {
    const clauses = [
      [1, 2],
      [-1, 3],
      [-2, -3],
      [2, 3],
    ];
    const e = await engineWith(3, clauses);
    expect(e.solve()).toBe(true);
    expect(satisfies((v) => e.modelValue(v), clauses)).toBe(true);
  });

  it('finds pigeonhole 5 -> 4 unsatisfiable and 4 -> 4 satisfiable', async () => {
    const php = pigeonhole(5, 4);
    const e = await engineWith(php.numVars, php.clauses);
    expect(e.solve()).toBe(false);
    expect(e.failedAssumptions()).toEqual([]);
    expect(e.solve([1])).toBe(false); // stays unsatisfiable
    const ok = pigeonhole(4, 4);
    const f = await engineWith(ok.numVars, ok.clauses);
    expect(f.solve()).toBe(true);
    expect(satisfies((v) => f.modelValue(v), ok.clauses)).toBe(true);
  });

  it('pigeonhole 8 -> 7 (a few thousand conflicts) is unsatisfiable', async () => {
    const php = pigeonhole(8, 7);
    const e = await engineWith(php.numVars, php.clauses);
    expect(e.solve()).toBe(false);
  });

  it('reduces the learnt clauses by LBD on a long search (pigeonhole 9 -> 8)', async () => {
    const php = pigeonhole(9, 8);
    const e = await engineWith(php.numVars, php.clauses);
    expect(e.solve()).toBe(false);
    const s = e.stats();
    expect(s.conflicts).toBeGreaterThan(6000); // past the first reductions (2000, then +2300, ...)
    expect(s.learnts).toBeLessThan(s.conflicts / 2); // without reduction every conflict keeps one
  }, 60_000);

  it('treats the empty clause as unsatisfiable and unit clauses as facts', async () => {
    const e = await engineWith(2, [[1], [-1, 2]]);
    expect(e.solve()).toBe(true);
    expect(e.modelValue(1)).toBe(true);
    expect(e.modelValue(2)).toBe(true);
    e.addClause([]);
    expect(e.solve()).toBe(false);
    expect(e.failedAssumptions()).toEqual([]);
  });

  it('ignores tautologies and duplicate literals', async () => {
    const e = await engineWith(2, [
      [1, -1],
      [2, 2, 2],
    ]);
    expect(e.solve()).toBe(true);
    expect(e.modelValue(2)).toBe(true);
  });

  it('rejects literals of variables that newVar() did not make', async () => {
    const e = await engineWith(2, []);
    expect(() => e.addClause([3])).toThrow(RangeError);
    expect(() => e.addClause([0])).toThrow(RangeError);
    expect(() => e.solve([1.5])).toThrow(RangeError);
    expect(() => e.setPriority([-3])).toThrow(RangeError);
  });

  it('guards modelValue and failedAssumptions by the last answer', async () => {
    const e = await engineWith(1, [[1]]);
    expect(() => e.modelValue(1)).toThrow();
    expect(e.solve()).toBe(true);
    expect(() => e.failedAssumptions()).toThrow();
    expect(e.solve([-1])).toBe(false);
    expect(() => e.modelValue(1)).toThrow();
  });

  it('passes its clause buffer on with its instance, keeping none of its clauses in it', async () => {
    const old = await createWasmEngine();
    old.ensureVars(2);
    old.addClause([-1]); // not yet handed to the module
    old.addClause([-2]);
    old.dispose();
    const e = await createWasmEngine();
    e.ensureVars(2);
    e.addClause([1, 2]);
    // a disposed engine writes nowhere its successor reads
    try {
      old.addClause([-1]);
    } catch {}
    e.setPriority([1, 2]);
    expect(e.solve()).toBe(true);
    expect([1, 2].map((v) => e.modelValue(v))).toEqual([true, true]);
  });

  it('cannot be used after dispose()', async () => {
    const e = await engineWith(1, []);
    e.dispose();
    expect(() => e.newVar()).toThrow(/dispose/);
  });

  it('has a synchronous factory', () => {
    const e = createWasmEngineSync();
    e.newVar();
    e.addClause([-1]);
    expect(e.solve()).toBe(true);
    expect(e.modelValue(1)).toBe(false);
  });
});

describe('wasm engine: assumptions', () => {
  it('reports the failed assumptions, a subset that is unsatisfiable with the clauses', async () => {
    // 1 -> 2, 2 -> 3, so assuming 1 and -3 fails; 4 and 5 are irrelevant
    const clauses = [
      [-1, 2],
      [-2, 3],
    ];
    const e = await engineWith(5, clauses);
    expect(e.solve([4, 1, 5, -3])).toBe(false);
    const failed = e.failedAssumptions();
    expect(new Set(failed)).toEqual(new Set([1, -3]));
    expect(dpll(5, clauses, failed)).toBeNull();
    // the engine stays usable and the assumptions were for one call only
    expect(e.solve([4, 5])).toBe(true);
    expect(e.solve()).toBe(true);
  });

  it('reports both literals of contradictory assumptions', async () => {
    const e = await engineWith(3, [[1, 2, 3]]);
    expect(e.solve([2, -2])).toBe(false);
    expect(new Set(e.failedAssumptions())).toEqual(new Set([2, -2]));
  });

  it('reports an assumption refuted at level 0 alone', async () => {
    const e = await engineWith(3, [[-1], [2, 3]]);
    expect(e.solve([2, 1])).toBe(false);
    expect(e.failedAssumptions()).toEqual([1]);
  });

  it('satisfies the assumptions in the model', async () => {
    const e = await engineWith(4, [
      [1, 2],
      [3, 4],
    ]);
    expect(e.solve([-1, -3])).toBe(true);
    expect(e.modelValue(1)).toBe(false);
    expect(e.modelValue(2)).toBe(true);
    expect(e.modelValue(3)).toBe(false);
    expect(e.modelValue(4)).toBe(true);
  });
});

describe('wasm engine: priority', () => {
  it('returns the lexicographically greatest model under the priority list', async () => {
    // exactly one of 1..4
    const clauses = [[1, 2, 3, 4], [-1, -2], [-1, -3], [-1, -4], [-2, -3], [-2, -4], [-3, -4], [-1]];
    const e = await engineWith(4, clauses);
    e.setPriority([1, 3, 2, 4]);
    expect(e.solve()).toBe(true);
    expect([1, 2, 3, 4].map((v) => e.modelValue(v))).toEqual([false, false, true, false]);
    e.setPriority([4, 2]);
    expect(e.solve()).toBe(true);
    expect(e.modelValue(4)).toBe(true);
    expect(e.solve([-4])).toBe(true);
    expect(e.modelValue(2)).toBe(true);
  });

  it('respects polarity: a negative priority literal prefers the variable false', async () => {
    const e = await engineWith(2, [[1, 2]]);
    e.setPriority([-1, -2]);
    expect(e.solve()).toBe(true);
    expect(e.modelValue(1)).toBe(false);
    expect(e.modelValue(2)).toBe(true);
    e.setPriority([-2]);
    expect(e.solve()).toBe(true);
    expect(e.modelValue(2)).toBe(false);
  });
});

describe('wasm engine: incremental use and clones', () => {
  it('adds clauses between solves', async () => {
    const e = await engineWith(3, [[1, 2, 3]]);
    e.setPriority([1, 2, 3]);
    const seen: number[] = [];
    // enumerate by blocking: each model is the next one in lexicographic order
    while (e.solve()) {
      const m = [1, 2, 3].map((v) => e.modelValue(v));
      seen.push(m.reduce((acc, b) => acc * 2 + (b ? 1 : 0), 0));
      e.addClause(m.map((b, i) => (b ? -(i + 1) : i + 1)));
    }
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it('adds variables between solves', async () => {
    const e = await engineWith(1, [[1]]);
    expect(e.solve()).toBe(true);
    const v = e.newVar();
    e.addClause([-1, -v]);
    expect(e.solve()).toBe(true);
    expect(e.modelValue(v)).toBe(false);
  });

  it('clones into an independent engine', async () => {
    const php = pigeonhole(4, 4);
    const e = await engineWith(php.numVars, php.clauses);
    expect(e.solve()).toBe(true);
    const c = await e.clone();
    expect(c.numVars).toBe(e.numVars);
    c.addClause([1]);
    c.addClause([-1]);
    expect(c.solve()).toBe(false);
    expect(e.solve()).toBe(true);
    e.addClause([-1, -6]);
    const d = e.clone();
    e.dispose();
    expect(d.solve([1])).toBe(true);
    expect(d.modelValue(6)).toBe(false);
    expect(c.solve()).toBe(false);
    const w = d.newVar();
    expect(w).toBe(php.numVars + 1);
    d.addClause([w]);
    expect(d.solve()).toBe(true);
    expect(d.modelValue(w)).toBe(true);
  });

  it('starts a new engine empty when it reuses the instance of a disposed one', async () => {
    const php = pigeonhole(5, 4);
    const old = await engineWith(php.numVars, php.clauses);
    expect(old.solve()).toBe(false);
    old.dispose();
    const e = await createWasmEngine();
    expect(e.numVars).toBe(0);
    expect(e.stats()).toMatchObject({ conflicts: 0, decisions: 0, clauses: 0, learnts: 0 });
    e.ensureVars(3);
    e.addClause([1, 2]);
    e.setPriority([-1, 2, 3]);
    expect(e.solve()).toBe(true);
    expect([1, 2, 3].map((v) => e.modelValue(v))).toEqual([false, true, true]);
  });

  it('clones a grown engine (memory beyond the initial pages)', async () => {
    const e = await createWasmEngine();
    const n = 20000;
    for (let i = 0; i < n; i++) e.newVar();
    for (let i = 1; i < n; i++) e.addClause([-i, i + 1]);
    e.setPriority([1]);
    const c = e.clone();
    expect(c.solve()).toBe(true);
    expect(c.modelValue(n)).toBe(true);
    expect(e.solve([-n])).toBe(true);
    expect(e.modelValue(1)).toBe(false);
  });

  it('clones into the instance of a disposed engine as into a fresh one', async () => {
    // a large engine that learnt clauses, then disposed: its instance is reused by the next clone
    const big = pigeonhole(6, 5);
    const old = await engineWith(big.numVars, big.clauses);
    expect(old.solve()).toBe(false);
    const php = pigeonhole(4, 4);
    const e = await engineWith(php.numVars, php.clauses);
    e.setPriority([1, 2, 3]);
    const fresh = e.clone();
    old.dispose();
    const reused = e.clone();
    expect(reused.state()).toEqual(fresh.state());
    for (const assume of [[], [-1], [1, 6], [-1, -2, -3, -4]]) {
      const sat = fresh.solve(assume);
      expect(reused.solve(assume)).toBe(sat);
      expect(reused.stats().conflicts).toBe(fresh.stats().conflicts);
      if (sat) expect(reused.modelLits()).toEqual(fresh.modelLits());
      else expect(reused.failedAssumptions()).toEqual(fresh.failedAssumptions());
    }
  });

  it('packs an engine into fewer bytes without changing a step of what it does next', async () => {
    const rng = mulberry32(9090);
    for (let round = 0; round < 20; round++) {
      const n = randInt(rng, 40, 90);
      const e = await engineWith(n, randomKSat(rng, n, Math.round(n * 4.1)));
      e.setPriority(randomLits(rng, n, 12));
      e.solve(randomLits(rng, n, 3));
      const twin = e.clone();
      const before = e.state().length;
      e.pack();
      expect(e.state().length).toBeLessThanOrEqual(before);
      // packed, a copy of it, and the unpacked twin: the same answers, models and search
      const engines = [e, e.clone(), twin];
      for (let step = 0; step < 12; step++) {
        if (step % 4 === 3) for (const x of engines) x.newVar();
        const extra = randomKSat(rng, engines[0]!.numVars, 3);
        const assume = randomLits(rng, engines[0]!.numVars, randInt(rng, 0, 4));
        const seen = engines.map((x) => {
          for (const c of extra) x.addClause(c);
          const sat = x.solve(assume);
          return { sat, stats: x.stats().conflicts, answer: sat ? [...x.modelLits()] : x.failedAssumptions() };
        });
        expect(seen[1], `round ${round} step ${step}`).toEqual(seen[0]);
        expect(seen[2], `round ${round} step ${step}`).toEqual(seen[0]);
      }
      for (const x of engines) x.dispose();
    }
  });

  it('packs a large engine into far fewer bytes, and copies of it still solve', async () => {
    const e = await createWasmEngine();
    const n = 20000;
    e.ensureVars(n);
    for (let i = 1; i < n; i++) e.addClause([-i, i + 1]);
    e.setPriority([1]);
    expect(e.solve()).toBe(true);
    const before = e.state().length;
    e.pack();
    expect(e.state().length).toBeLessThan(before * 0.7);
    const c = e.clone();
    expect(c.solve([-n])).toBe(true);
    expect(c.modelValue(1)).toBe(false);
    expect(e.solve()).toBe(true);
    expect(e.modelValue(n)).toBe(true);
  });
});
