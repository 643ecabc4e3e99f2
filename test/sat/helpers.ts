// Test helpers: a seeded PRNG, random CNFs, two independent reference solvers, and a wasm
// engine holding a CNF.
import { expect } from 'vitest';
import { createWasmEngine, type WasmSatEngine } from '../../src/sat/wasm.js';

export { mulberry32 } from '../../bench/generate/rng.js';

/** A new wasm engine with variables 1..numVars and these clauses. */
export async function engineWith(numVars: number, clauses: readonly (readonly number[])[]): Promise<WasmSatEngine> {
  const e = await createWasmEngine();
  for (let i = 0; i < numVars; i++) e.newVar();
  for (const c of clauses) e.addClause(c);
  return e;
}

/** `count` random literals over variables 1..numVars (repeats allowed). */
export function randomLits(rng: () => number, numVars: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const v = randInt(rng, 1, numVars);
    out.push(rng() < 0.5 ? -v : v);
  }
  return out;
}

/** Failed assumptions are some of the assumptions, and unsatisfiable with the clauses. */
export function checkUnsatCore(
  numVars: number,
  clauses: readonly (readonly number[])[],
  assumptions: readonly number[],
  failed: readonly number[],
  at?: string,
): void {
  for (const l of failed) expect(assumptions, at).toContain(l);
  expect(dpll(numVars, clauses, failed), at).toBeNull();
}

export function randInt(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** Random k-SAT: each clause has k distinct variables with random signs. */
export function randomKSat(rng: () => number, numVars: number, numClauses: number, k = 3): number[][] {
  const clauses: number[][] = [];
  for (let c = 0; c < numClauses; c++) {
    const vars = new Set<number>();
    while (vars.size < Math.min(k, numVars)) vars.add(randInt(rng, 1, numVars));
    clauses.push([...vars].map((v) => (rng() < 0.5 ? -v : v)));
  }
  return clauses;
}

/** A DPLL solver with unit propagation: a model (index v, value true/false) or null. */
export function dpll(numVars: number, clauses: readonly (readonly number[])[], units: readonly number[] = []): boolean[] | null {
  const assign = new Int8Array(numVars + 1); // 1 true, -1 false, 0 free
  const trail: number[] = [];
  const set = (lit: number): boolean => {
    const v = Math.abs(lit);
    const want = lit > 0 ? 1 : -1;
    if (assign[v] === want) return true;
    if (assign[v] === -want) return false;
    assign[v] = want;
    trail.push(v);
    return true;
  };
  const value = (lit: number): number => (lit > 0 ? assign[lit]! : -assign[-lit]!);
  const propagate = (): boolean => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const c of clauses) {
        let free = 0;
        let last = 0;
        let sat = false;
        for (const l of c) {
          const x = value(l);
          if (x === 1) {
            sat = true;
            break;
          }
          if (x === 0) {
            free++;
            last = l;
          }
        }
        if (sat) continue;
        if (free === 0) return false;
        if (free === 1) {
          set(last);
          changed = true;
        }
      }
    }
    return true;
  };
  const undo = (mark: number): void => {
    while (trail.length > mark) assign[trail.pop()!] = 0;
  };
  const search = (): boolean => {
    if (!propagate()) return false;
    let v = 1;
    while (v <= numVars && assign[v] !== 0) v++;
    if (v > numVars) return true;
    for (const lit of [v, -v]) {
      const mark = trail.length;
      set(lit);
      if (search()) return true;
      undo(mark);
    }
    return false;
  };
  for (const u of units) if (!set(u)) return null;
  if (!search()) return null;
  const model: boolean[] = [false];
  for (let v = 1; v <= numVars; v++) model.push(assign[v] === 1);
  return model;
}

export function satisfies(model: (v: number) => boolean, clauses: readonly (readonly number[])[]): boolean {
  return clauses.every((c) => c.some((l) => model(Math.abs(l)) === l > 0));
}

/**
 * Brute force over all 2^n assignments (n <= 20): the lexicographically greatest priority
 * vector (1 when the priority literal holds) among models meeting the assumptions, or null.
 */
export function bruteLexGreatest(
  numVars: number,
  clauses: readonly (readonly number[])[],
  assumptions: readonly number[],
  priority: readonly number[],
): number[] | null {
  const pos = clauses.map((c) => c.reduce((m, l) => (l > 0 ? m | (1 << (l - 1)) : m), 0));
  const neg = clauses.map((c) => c.reduce((m, l) => (l < 0 ? m | (1 << (-l - 1)) : m), 0));
  const holds = (a: number, lit: number): boolean => (lit > 0 ? (a >> (lit - 1)) & 1 : ~(a >> (-lit - 1)) & 1) === 1;
  let best: number[] | null = null;
  const full = 1 << numVars;
  outer: for (let a = 0; a < full; a++) {
    for (let i = 0; i < pos.length; i++) if (((a & pos[i]!) | (~a & neg[i]!)) === 0) continue outer;
    for (const l of assumptions) if (!holds(a, l)) continue outer;
    const vec = priority.map((l) => (holds(a, l) ? 1 : 0));
    if (best === null || compareVec(vec, best) > 0) best = vec;
  }
  return best;
}

export function compareVec(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Pigeonhole: n pigeons into m holes, each pigeon somewhere, no two share a hole. */
export function pigeonhole(pigeons: number, holes: number): { numVars: number; clauses: number[][] } {
  const v = (p: number, h: number): number => p * holes + h + 1;
  const clauses: number[][] = [];
  for (let p = 0; p < pigeons; p++) clauses.push(Array.from({ length: holes }, (_, h) => v(p, h)));
  for (let h = 0; h < holes; h++) {
    for (let p = 0; p < pigeons; p++) for (let q = p + 1; q < pigeons; q++) clauses.push([-v(p, h), -v(q, h)]);
  }
  return { numVars: pigeons * holes, clauses };
}
