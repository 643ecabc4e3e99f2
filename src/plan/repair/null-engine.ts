// An engine that only counts variables: the repair encoding needs no explainer, but the Builder
// writes every problem into two engines numbered alike.
import type { Lit, SatEngine } from '../../sat/engine.js';

export class NullEngine implements SatEngine {
  readonly name = 'null';
  readonly lexicographic = false;
  numVars = 0;

  newVar(): number {
    return ++this.numVars;
  }
  addClause(_lits: readonly Lit[]): void {}
  setPriority(_lits: readonly Lit[]): void {}
  solve(): boolean {
    throw new Error('the null engine does not solve');
  }
  modelValue(): boolean {
    throw new Error('the null engine has no model');
  }
  failedAssumptions(): Lit[] {
    return [];
  }
  clone(): SatEngine {
    throw new Error('the null engine is not cloned');
  }
  dispose(): void {}
}
