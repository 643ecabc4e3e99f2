// Z3 (z3-solver, wasm) as a plain SAT engine. `QF_FD` selects its finite-domain SAT core, much
// faster than the default tactic on pure clauses. Z3 starts slowly (~0.5 s) and runs checks on
// pthreads, so one runtime is shared and shutdownZ3() ends its threads.
//
// The high-level API frees Z3 objects from JS finalizers, which run on the main thread while a
// check runs on a pthread; on a shared context that raced ("there is no current model" after a
// sat check). So each engine has its own context and keeps every object it made alive until
// dispose(): no finalizer touches a context while it is checking.
import type { Lit, SatEngine } from './engine.js';

import type { Bool as Z3Bool, Context, Model, Solver as Z3Solver } from 'z3-solver';

type Z3Api = Awaited<ReturnType<typeof import('z3-solver')['init']>>;
type Ctx = Context<string>;
type Bool = Z3Bool<string>;
type Solver = Z3Solver<string>;

let runtime: Promise<{ api: Z3Api }> | undefined;
let contexts = 0;

async function z3(): Promise<{ api: Z3Api }> {
  runtime ??= import('z3-solver').then(async ({ init }) => ({ api: await init() }));
  return runtime;
}

/** Ends Z3's worker threads so the process can exit. */
export async function shutdownZ3(): Promise<void> {
  if (!runtime) return;
  const { api } = await runtime;
  runtime = undefined;
  (api.em as { PThread?: { terminateAllThreads(): void } }).PThread?.terminateAllThreads();
}

export class Z3Engine implements SatEngine {
  readonly name = 'z3';
  readonly lexicographic = false;
  private readonly vars: Bool[] = [];
  private readonly log: Lit[][] = [];
  private readonly negations: Bool[] = [];
  private model: Map<number, boolean> | undefined;
  private modelRef: Model<string> | undefined;
  private core: Lit[] = [];
  /** every Z3 object made, kept from finalization until dispose() */
  private retained: unknown[] = [];

  private constructor(
    private readonly ctx: Ctx,
    private solver: Solver,
  ) {}

  static async create(): Promise<Z3Engine> {
    const { api } = await z3();
    const ctx: Ctx = api.Context(`strata-${++contexts}` as string);
    return new Z3Engine(ctx, new ctx.Solver('QF_FD'));
  }

  get numVars(): number {
    return this.vars.length;
  }

  newVar(): number {
    const v = this.ctx.Bool.const(`v${this.vars.length + 1}`);
    this.vars.push(v);
    this.negations.push(this.ctx.Not(v));
    return this.vars.length;
  }

  private lit(l: Lit): Bool {
    return l > 0 ? this.vars[l - 1]! : this.negations[-l - 1]!;
  }

  addClause(lits: readonly Lit[]): void {
    this.log.push([...lits]);
    const clause = lits.length === 0 ? this.ctx.Bool.val(false) : this.ctx.Or(...lits.map((l) => this.lit(l)));
    this.retained.push(clause);
    this.solver.add(clause);
  }

  setPriority(): void {
    // No decision-order hook in the high-level API; src/plan walks the order with assumptions.
  }

  async solve(assumptions: readonly Lit[] = []): Promise<boolean> {
    this.model = undefined;
    const byExpr = new Map<string, Lit>();
    const exprs = assumptions.map((a) => {
      const e = this.lit(a);
      byExpr.set(e.toString(), a);
      return e;
    });
    const result = await this.solver.check(...exprs);
    if (result === 'sat') {
      this.modelRef = this.solver.model();
      this.retained.push(this.modelRef);
      this.model = new Map();
      return true;
    }
    if (result === 'unknown') throw new Error(`z3 returned unknown: ${this.solver.reasonUnknown()}`);
    const core = this.solver.unsatCore();
    this.retained.push(core);
    this.core = [...core].map((e) => byExpr.get(e.toString())!).filter((l) => l !== undefined);
    return false;
  }

  modelValue(v: number): boolean {
    let value = this.model!.get(v);
    if (value === undefined) {
      const evaluated = this.modelRef!.eval(this.vars[v - 1]!, true);
    this.retained.push(evaluated);
    value = this.ctx.isTrue(evaluated);
      this.model!.set(v, value);
    }
    return value;
  }

  failedAssumptions(): Lit[] {
    return [...this.core];
  }

  async clone(): Promise<SatEngine> {
    const copy = await Z3Engine.create();
    for (let i = 0; i < this.vars.length; i++) copy.newVar();
    for (const c of this.log) copy.addClause(c);
    return copy;
  }

  dispose(): void {
    this.retained = [];
    this.model = undefined;
    this.modelRef = undefined;
  }
}
