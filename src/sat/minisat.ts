// MiniSat through logic-solver (MiniSat 2.2 compiled to asm.js). Its native entry point takes a
// single assumption variable, so several assumptions are bundled behind one fresh selector;
// for the same reason it cannot say which assumptions failed (it reports all of them).
import { createRequire } from 'node:module';
import type { Lit, SatEngine } from './engine.js';

interface NativeMiniSat {
  addClause(terms: number[]): boolean;
  ensureVar(v: number): void;
  solve(): boolean;
  solveAssuming(v: number): boolean;
  retireVar(v: number): void;
  getSolution(): (boolean | null)[];
}

const require = createRequire(import.meta.url);
const MiniSat = require('logic-solver/minisat_wrapper.js') as new () => NativeMiniSat;

export class MiniSatEngine implements SatEngine {
  readonly name = 'minisat';
  readonly lexicographic = false;
  private native = new MiniSat();
  private vars = 0;
  /** every clause, so that clone() can replay them */
  private readonly log: number[][] = [];
  private unsat = false;
  private model: (boolean | null)[] = [];
  private lastAssumptions: Lit[] = [];

  get numVars(): number {
    return this.vars;
  }

  newVar(): number {
    return ++this.vars;
  }

  addClause(lits: readonly Lit[]): void {
    const clause = [...lits];
    this.log.push(clause);
    if (!this.unsat && !this.native.addClause(clause)) this.unsat = true;
  }

  setPriority(): void {
    // MiniSat here has no decision-order hook; src/plan walks the order with assumptions.
  }

  solve(assumptions: ArrayLike<Lit> = []): boolean {
    this.lastAssumptions = Array.from(assumptions);
    if (this.unsat) return false;
    this.native.ensureVar(this.vars);
    let sat: boolean;
    if (assumptions.length === 0) {
      sat = this.native.solve();
      if (!sat) this.unsat = true;
    } else {
      // a one-shot selector: selector → every assumption; retired (forced false) afterwards
      const selector = ++this.vars;
      this.native.ensureVar(selector);
      for (const a of this.lastAssumptions) this.native.addClause([-selector, a]);
      sat = this.native.solveAssuming(selector);
      this.native.retireVar(selector);
    }
    if (sat) this.model = this.native.getSolution();
    return sat;
  }

  modelValue(v: number): boolean {
    return this.model[v] === true;
  }

  failedAssumptions(): Lit[] {
    return [...this.lastAssumptions];
  }

  clone(): SatEngine {
    const copy = new MiniSatEngine();
    copy.vars = this.vars;
    for (const c of this.log) copy.addClause(c);
    return copy;
  }

  dispose(): void {
    this.native = undefined as unknown as NativeMiniSat;
  }
}
