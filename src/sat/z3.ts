// Z3 (z3-solver, wasm) as a plain SAT engine, through its low-level API. `QF_FD` selects Z3's
// finite-domain SAT core, much faster than the default tactic on pure clauses. Z3 starts slowly
// (~0.5 s) and runs checks on pthreads, so one runtime is shared and shutdownZ3() ends its threads.
//
// Why low level: the high-level API frees Z3 objects from JS finalizers, which run on the main
// thread while a check runs on a pthread; on a shared context that raced ("there is no current
// model" after a sat check), and its contexts are never deleted, so one context per engine
// leaked ~9 MB a plan. Here each engine borrows a reference-counted context of its own, releases
// every object it made on dispose() (never while its check runs) and returns the context to a
// pool. (Deleting contexts instead crashed a later check: "memory access out of bounds".)
import type { Lit, SatEngine } from './engine.js';

type Z3Api = Awaited<ReturnType<typeof import('z3-solver')['init']>>;
type LowLevel = Z3Api['Z3'];
type Context = ReturnType<LowLevel['mk_context_rc']>;
type Ast = ReturnType<LowLevel['mk_false']>;
type Solver = ReturnType<LowLevel['mk_solver_for_logic']>;
type Model = ReturnType<LowLevel['solver_get_model']>;

const L_TRUE = 1;
const L_FALSE = -1;

let runtime: Promise<Z3Api> | undefined;
/** z3-solver runs one async call at a time, process-wide: checks queue behind this */
let checking: Promise<unknown> = Promise.resolve();
/** contexts of disposed engines, every object in them released */
const idleContexts: Context[] = [];

async function z3(): Promise<Z3Api> {
  runtime ??= import('z3-solver').then(({ init }) => init());
  return runtime;
}

/** Ends Z3's worker threads so the process can exit. */
export async function shutdownZ3(): Promise<void> {
  if (!runtime) return;
  const api = await runtime;
  runtime = undefined;
  idleContexts.length = 0;
  (api.em as { PThread?: { terminateAllThreads(): void } }).PThread?.terminateAllThreads();
}

export class Z3Engine implements SatEngine {
  readonly name = 'z3';
  readonly lexicographic = false;
  /** variable v's positive literal at [v], its negation at [-v] is negations[v] */
  private readonly positives: Ast[] = [];
  private readonly negations: Ast[] = [];
  private readonly log: Lit[][] = [];
  private model: Model | undefined;
  private readonly values = new Map<number, boolean>();
  private core: Lit[] = [];
  private disposed = false;

  private constructor(
    private readonly Z3: LowLevel,
    private readonly ctx: Context,
    private readonly solver: Solver,
  ) {}

  static async create(): Promise<Z3Engine> {
    const { Z3 } = await z3();
    let ctx = idleContexts.pop();
    if (!ctx) {
      const cfg = Z3.mk_config();
      ctx = Z3.mk_context_rc(cfg);
      Z3.del_config(cfg);
    }
    const solver = Z3.mk_solver_for_logic(ctx, Z3.mk_string_symbol(ctx, 'QF_FD'));
    Z3.solver_inc_ref(ctx, solver);
    return new Z3Engine(Z3, ctx, solver);
  }

  get numVars(): number {
    return this.positives.length;
  }

  /** Keeps an AST for the engine's lifetime (released on dispose). */
  private keep(a: Ast): Ast {
    this.Z3.inc_ref(this.ctx, a);
    return a;
  }

  private check(): void {
    const code = this.Z3.get_error_code(this.ctx);
    if (code !== 0) throw new Error(`z3: ${this.Z3.get_error_msg(this.ctx, code)}`);
  }

  newVar(): number {
    const v = this.positives.length + 1;
    const x = this.keep(this.Z3.mk_const(this.ctx, this.Z3.mk_int_symbol(this.ctx, v), this.Z3.mk_bool_sort(this.ctx)));
    this.positives.push(x);
    this.negations.push(this.keep(this.Z3.mk_not(this.ctx, x)));
    return v;
  }

  private lit(l: Lit): Ast {
    const a = l > 0 ? this.positives[l - 1] : this.negations[-l - 1];
    if (a === undefined || l === 0) throw new RangeError(`literal ${l} names no variable (have ${this.numVars})`);
    return a;
  }

  addClause(lits: readonly Lit[]): void {
    this.log.push([...lits]);
    const clause =
      lits.length === 0
        ? this.Z3.mk_false(this.ctx)
        : lits.length === 1
          ? this.lit(lits[0]!)
          : this.Z3.mk_or(
              this.ctx,
              lits.map((l) => this.lit(l)),
            );
    this.Z3.inc_ref(this.ctx, clause);
    this.Z3.solver_assert(this.ctx, this.solver, clause);
    this.Z3.dec_ref(this.ctx, clause);
    this.check();
  }

  setPriority(): void {
    // No decision-order hook here; src/plan walks the order with assumptions.
  }

  async solve(assumptions: ArrayLike<Lit> = []): Promise<boolean> {
    if (this.model) {
      this.Z3.model_dec_ref(this.ctx, this.model);
      this.model = undefined;
    }
    this.values.clear();
    const lits = Array.from(assumptions); // the caller may reuse its array while this solve awaits
    const asts = lits.map((a) => this.lit(a));
    const run = checking.then(() => this.Z3.solver_check_assumptions(this.ctx, this.solver, asts));
    checking = run.catch(() => undefined);
    const result = await run;
    this.check();
    if (result === L_TRUE) {
      this.model = this.Z3.solver_get_model(this.ctx, this.solver);
      this.Z3.model_inc_ref(this.ctx, this.model);
      return true;
    }
    if (result !== L_FALSE) throw new Error(`z3 returned unknown: ${this.Z3.solver_get_reason_unknown(this.ctx, this.solver)}`);
    const byId = new Map(lits.map((a) => [this.Z3.get_ast_id(this.ctx, this.lit(a)), a]));
    const core = this.Z3.solver_get_unsat_core(this.ctx, this.solver);
    this.Z3.ast_vector_inc_ref(this.ctx, core);
    this.core = [];
    for (let i = 0, n = this.Z3.ast_vector_size(this.ctx, core); i < n; i++) {
      const l = byId.get(this.Z3.get_ast_id(this.ctx, this.Z3.ast_vector_get(this.ctx, core, i)));
      if (l !== undefined) this.core.push(l);
    }
    this.Z3.ast_vector_dec_ref(this.ctx, core);
    return false;
  }

  modelValue(v: number): boolean {
    let value = this.values.get(v);
    if (value === undefined) {
      if (!this.model) throw new Error('z3: no model (the last solve was not satisfiable)');
      const evaluated = this.Z3.model_eval(this.ctx, this.model, this.positives[v - 1]!, true);
      value = evaluated !== null && this.Z3.get_bool_value(this.ctx, evaluated) === L_TRUE;
      this.values.set(v, value);
    }
    return value;
  }

  failedAssumptions(): Lit[] {
    return [...this.core];
  }

  async clone(): Promise<SatEngine> {
    const copy = await Z3Engine.create();
    for (let i = 0; i < this.positives.length; i++) copy.newVar();
    for (const c of this.log) copy.addClause(c);
    return copy;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.model) this.Z3.model_dec_ref(this.ctx, this.model);
    this.model = undefined;
    for (const a of [...this.positives, ...this.negations]) this.Z3.dec_ref(this.ctx, a);
    this.Z3.solver_dec_ref(this.ctx, this.solver);
    idleContexts.push(this.ctx);
  }
}
