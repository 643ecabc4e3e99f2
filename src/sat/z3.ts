// Z3 (z3-solver, wasm) as a plain SAT engine. `QF_FD` selects its finite-domain SAT core, much
// faster than the default tactic on pure clauses. Z3 starts slowly (~0.5 s) and runs checks on
// pthreads, so one runtime is shared and shutdownZ3() ends its threads.
import type { Lit, SatEngine } from './engine.js';

import type { Bool as Z3Bool, Context, Model, Solver as Z3Solver } from 'z3-solver';

type Z3Api = Awaited<ReturnType<typeof import('z3-solver')['init']>>;
type Ctx = Context<'strata'>;
type Bool = Z3Bool<'strata'>;
type Solver = Z3Solver<'strata'>;

let runtime: Promise<{ api: Z3Api; ctx: Ctx }> | undefined;

async function z3(): Promise<{ api: Z3Api; ctx: Ctx }> {
  runtime ??= import('z3-solver').then(async ({ init }) => {
    const api = await init();
    return { api, ctx: api.Context('strata') };
  });
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
  private model: Map<number, boolean> | undefined;
  private modelRef: Model<'strata'> | undefined;
  private core: Lit[] = [];

  private constructor(
    private readonly ctx: Ctx,
    private solver: Solver,
  ) {}

  static async create(): Promise<Z3Engine> {
    const { ctx } = await z3();
    return new Z3Engine(ctx, new ctx.Solver('QF_FD'));
  }

  get numVars(): number {
    return this.vars.length;
  }

  newVar(): number {
    this.vars.push(this.ctx.Bool.const(`v${this.vars.length + 1}`));
    return this.vars.length;
  }

  private lit(l: Lit): Bool {
    const v = this.vars[Math.abs(l) - 1]!;
    return l > 0 ? v : this.ctx.Not(v);
  }

  addClause(lits: readonly Lit[]): void {
    this.log.push([...lits]);
    this.solver.add(lits.length === 0 ? this.ctx.Bool.val(false) : this.ctx.Or(...lits.map((l) => this.lit(l))));
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
      this.model = new Map();
      return true;
    }
    if (result === 'unknown') throw new Error(`z3 returned unknown: ${this.solver.reasonUnknown()}`);
    this.core = [...this.solver.unsatCore()].map((e) => byExpr.get(e.toString())!).filter((l) => l !== undefined);
    return false;
  }

  modelValue(v: number): boolean {
    let value = this.model!.get(v);
    if (value === undefined) {
      value = this.ctx.isTrue(this.modelRef!.eval(this.vars[v - 1]!, true));
      this.model!.set(v, value);
    }
    return value;
  }

  failedAssumptions(): Lit[] {
    return [...this.core];
  }

  clone(): SatEngine {
    const copy = new Z3Engine(this.ctx, new this.ctx.Solver('QF_FD'));
    for (let i = 0; i < this.vars.length; i++) copy.newVar();
    for (const c of this.log) copy.addClause(c);
    return copy;
  }

  dispose(): void {
    this.solver.release?.();
  }
}
