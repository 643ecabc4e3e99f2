// An engine that solves nothing and remembers everything: the variables, the clauses (flat,
// each ended by 0, the DimacsCnf form) and the priority list. Encoding into it turns any
// planning problem into a DIMACS CNF file, for benchmarks against other solvers and for bug
// reports that another solver can replay.
import type { DimacsCnf } from './dimacs.js';
import type { Lit, SatEngine } from './engine.js';

export class RecordingEngine implements SatEngine {
  readonly name = 'record';
  readonly lexicographic = false;
  private vars = 0;
  private lits = new Int32Array(1024);
  private size = 0;
  private clauses = 0;
  private prio: Lit[] = [];

  get numVars(): number {
    return this.vars;
  }

  newVar(): number {
    return ++this.vars;
  }

  addClause(lits: readonly Lit[]): void {
    if (this.size + lits.length + 1 > this.lits.length) {
      const next = new Int32Array(Math.max(this.lits.length * 2, this.size + lits.length + 1));
      next.set(this.lits.subarray(0, this.size));
      this.lits = next;
    }
    for (const l of lits) {
      if (!Number.isInteger(l) || l === 0 || Math.abs(l) > this.vars) {
        throw new RangeError(`addClause: literal ${l} is not ±v for a variable 1..${this.vars} made by newVar()`);
      }
      this.lits[this.size++] = l;
    }
    this.lits[this.size++] = 0;
    this.clauses++;
  }

  setPriority(lits: readonly Lit[]): void {
    this.prio = [...lits];
  }

  /** The priority list last set (the planning variables, best first). */
  get priority(): readonly Lit[] {
    return this.prio;
  }

  /**
   * The clauses so far, plus `units` as one-literal clauses (e.g. the assumptions of a solve).
   * Its variable count is the largest variable in a clause: variables made but never used (an
   * explainer's selectors, numbered alike in the planner) would make DIMACS readers warn.
   */
  toCnf(units: readonly Lit[] = []): DimacsCnf {
    const lits = new Int32Array(this.size + units.length * 2);
    lits.set(this.lits.subarray(0, this.size));
    let k = this.size;
    for (const u of units) {
      lits[k++] = u;
      lits[k++] = 0;
    }
    let numVars = 0;
    for (let i = 0; i < k; i++) numVars = Math.max(numVars, Math.abs(lits[i]!));
    return { numVars, numClauses: this.clauses + units.length, lits };
  }

  solve(): boolean {
    throw new Error('the recording engine does not solve: write its CNF out with toCnf()');
  }

  modelValue(): boolean {
    throw new Error('the recording engine has no model');
  }

  failedAssumptions(): Lit[] {
    throw new Error('the recording engine has no failed assumptions');
  }

  clone(): RecordingEngine {
    const c = new RecordingEngine();
    c.vars = this.vars;
    c.lits = this.lits.slice(0, Math.max(this.size, 1024));
    c.size = this.size;
    c.clauses = this.clauses;
    c.prio = [...this.prio];
    return c;
  }

  dispose(): void {
    this.lits = new Int32Array(0);
    this.size = 0;
  }
}
