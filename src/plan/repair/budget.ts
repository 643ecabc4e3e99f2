// The repair budget: solves of the repair search a recommendation may spend on all its excluded
// base images together. Solves, not time, so the same question has the same answer on any machine.
// A base's search is a pure function of (planner, base, plans wanted): it runs on its own copy of
// the planner's engine. So its trace (solves after each plan, solves in all) says what any budget
// would have given, and a trace kept from one budget answers every smaller one.
import type { Repair } from '../../model/types.js';
import type { Lit, SatEngine } from '../../sat/engine.js';

/** Solves per recommendation when none is asked for: `large` sites stay bounded (docs/semantics.md). */
export const DEFAULT_REPAIRS_BUDGET = 100;

/** Thrown by a budgeted engine at the solve that would pass its limit. */
export class BudgetSpent extends Error {
  constructor() {
    super('repair budget spent');
  }
}

/** What the search of one base image did, and how many solves it took. */
export interface RepairTrace {
  repairs: Repair[];
  /** solves spent when each plan was found (ascending) */
  at: number[];
  /** solves of the whole search; when `complete` is false, the limit it stopped at */
  solves: number;
  /** the search ended by itself (not stopped by its limit) */
  complete: boolean;
  /** when complete without a plan: why there is none */
  noRepair?: string;
}

/** The answer a budget of `budget` solves gives, from a trace made with at least that budget. */
export function underBudget(trace: RepairTrace, budget: number): { repairs: Repair[]; used: number; stopped: boolean } {
  if (trace.complete && trace.solves <= budget) return { repairs: trace.repairs, used: trace.solves, stopped: false };
  const repairs = trace.repairs.filter((_, i) => trace.at[i]! <= budget);
  return { repairs, used: budget, stopped: true };
}

/** Whether a trace answers a question asked with `budget` (made with a budget at least as large, or complete). */
export function traceServes(trace: RepairTrace, budget: number): boolean {
  return trace.complete || trace.solves >= budget;
}

/** The text of a base image whose repair search the budget stopped before any plan. */
export function budgetText(budget: number): string {
  return `repair search stopped: this recommendation's budget of ${budget} solves was spent; ask again with a larger --repairs-budget`;
}

/** An engine that counts its solves and throws BudgetSpent at the one that would pass `limit`. */
export class BudgetedEngine implements SatEngine {
  solves = 0;
  constructor(
    readonly inner: SatEngine,
    private readonly limit: number,
  ) {}
  get name(): string {
    return this.inner.name;
  }
  get lexicographic(): boolean {
    return this.inner.lexicographic;
  }
  get numVars(): number {
    return this.inner.numVars;
  }
  newVar(): number {
    return this.inner.newVar();
  }
  addClause(lits: readonly Lit[]): void {
    this.inner.addClause(lits);
  }
  setPriority(lits: readonly Lit[]): void {
    this.inner.setPriority(lits);
  }
  solve(assumptions?: ArrayLike<Lit>): boolean | Promise<boolean> {
    if (this.solves >= this.limit) throw new BudgetSpent();
    this.solves++;
    return this.inner.solve(assumptions);
  }
  modelValue(v: number): boolean {
    return this.inner.modelValue(v);
  }
  failedAssumptions(): Lit[] {
    return this.inner.failedAssumptions();
  }
  clone(): SatEngine | Promise<SatEngine> {
    return this.inner.clone();
  }
  dispose(): void {
    this.inner.dispose();
  }
}
