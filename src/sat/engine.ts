// The one interface every SAT engine implements. It knows integers and clauses only;
// src/plan owns the meaning of every variable (DESIGN: "the solver knows nothing of images").
//
// Literals are DIMACS-style: variable v >= 1 is the literal v, its negation -v.

export type Lit = number;

export interface SatEngine {
  readonly name: string;
  /**
   * True when every model returned by solve() is the lexicographically greatest one under the
   * priority order (earlier priority literal true beats later), among all models consistent with
   * the assumptions. Engines without this guarantee get the lexicographic walk of src/plan.
   */
  readonly lexicographic: boolean;

  /** A fresh variable, numbered from 1 upward without gaps. */
  newVar(): number;
  readonly numVars: number;

  /** Adds a clause (a disjunction of literals). An empty clause makes the problem unsatisfiable. The engine copies `lits`: callers may reuse the array. */
  addClause(lits: readonly Lit[]): void;

  /**
   * Decide these literals first, in this order and with this polarity, before any other variable.
   * Replaces any earlier priority. A hint for engines that are not lexicographic.
   */
  setPriority(lits: readonly Lit[]): void;

  /**
   * Solves under assumptions (literals taken as true for this call only). The engine copies
   * `assumptions`: callers may reuse the array (a typed array too).
   */
  solve(assumptions?: ArrayLike<Lit>): boolean | Promise<boolean>;

  /**
   * Lexicographic engines may offer a cheaper solve for callers that read only the first false
   * one of the first `cut` priority literals: the model is the lexicographically greatest up to
   * that literal (so that literal is the same as solve()'s), and after it those of the first
   * `cut` priority literals not already set are decided false instead of true. Returns -1 when
   * unsatisfiable, else that literal's index in the priority list (`cut` when none is false).
   * A cut of 0 is solve().
   */
  solveToFirstFalse?(assumptions: ArrayLike<Lit>, cut: number): number | Promise<number>;

  /**
   * And for callers that want the answer alone (satisfiable or not, the failed assumptions): the
   * first `count` priority literals not already set are decided false, and the model is not
   * lexicographic at all. Cheaper when those literals relax rules (selectors).
   */
  solveRelaxed?(assumptions: ArrayLike<Lit>, count: number): boolean | Promise<boolean>;

  /** After a satisfiable solve: the value of a variable in the model. */
  modelValue(v: number): boolean;

  /**
   * After an unsatisfiable solve: a subset of the assumptions that is unsatisfiable together
   * with the clauses (the final conflict). Not necessarily minimal; may be all assumptions.
   */
  failedAssumptions(): Lit[];

  /**
   * Optional: makes later copies cheaper (an engine kept to be cloned many times). Changes no
   * answer.
   */
  pack?(): void;

  /** An independent copy with the same variables and clauses (a depot encoded once, reused). */
  clone(): SatEngine | Promise<SatEngine>;

  /** Frees native memory and threads. The engine must not be used afterwards. */
  dispose(): void;
}

export type EngineName = 'wasm' | 'minisat' | 'z3';
