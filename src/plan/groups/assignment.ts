// The grouping as clauses: x[c][j] puts class c in group j. Each class is in exactly one group;
// symmetry is broken by class order (class c may open group j only when an earlier class is in
// group j-1, so groups are numbered by their first classes and each partition has one model);
// `open[j]` says group j is in use and not empty, so "at most K groups" is an assumption. What one
// image cannot serve is learnt from the depot encoding as clauses over x (search.ts).
import type { Lit, SatEngine } from '../../sat/engine.js';
import type { Core } from './feasibility.js';

export class Assignment {
  /** x[c][j] */
  readonly x: Lit[][];
  readonly open: Lit[];
  /** threshold id → reach[j]: group j's image is at least that new */
  private readonly reach = new Map<string, Lit[]>();
  /** clauses learnt from cores, for tests and the bench */
  learnt = 0;

  constructor(
    readonly engine: SatEngine,
    readonly classes: number,
    readonly slots: number,
    /** classes the desired add-on (package) does not apply to: any of them puts a group in vendor mode */
    private readonly vendorAddOn: readonly number[],
    private readonly vendorPkg: readonly number[],
  ) {
    const e = engine;
    this.open = Array.from({ length: slots }, () => e.newVar());
    this.x = Array.from({ length: classes }, () => Array.from({ length: slots }, () => e.newVar()));
    for (let c = 0; c < classes; c++) {
      const row = this.x[c]!;
      e.addClause(row.slice(0, Math.min(c + 1, slots)));
      for (let j = 0; j < slots; j++) {
        for (let k = j + 1; k < slots; k++) e.addClause([-row[j]!, -row[k]!]);
        if (j > c) e.addClause([-row[j]!]);
        e.addClause([-row[j]!, this.open[j]!]);
        if (j > 0) e.addClause([-row[j]!, ...this.x.slice(0, c).map((r) => r[j - 1]!)]);
      }
    }
    for (let j = 0; j < slots; j++) e.addClause([-this.open[j]!, ...this.x.map((r) => r[j]!)]);
    e.setPriority([]);
  }

  /** Assumptions for "exactly k groups". */
  groupsAssumption(k: number): Lit[] {
    return this.open.map((o, j) => (j < k ? o : -o));
  }

  /** group j → its classes, from the current model */
  read(k: number): number[][] {
    const groups: number[][] = Array.from({ length: k }, () => []);
    for (let c = 0; c < this.classes; c++) {
      const j = this.x[c]!.findIndex((v) => this.engine.modelValue(v));
      groups[j]!.push(c);
    }
    return groups;
  }

  reachLits(threshold: string): Lit[] {
    let r = this.reach.get(threshold);
    if (!r) this.reach.set(threshold, (r = Array.from({ length: this.slots }, () => this.engine.newVar())));
    return r;
  }

  /** The thresholds group j must reach in the current model, among `active`. */
  reachedIn(j: number, active: readonly string[]): string[] {
    return active.filter((t) => this.engine.modelValue(this.reachLits(t)[j]!));
  }

  /** Under `act`: at least `m` of the first `k` groups reach the threshold (every (k-m+1)-subset has one). */
  atLeast(act: Lit, threshold: string, m: number, k: number): void {
    const r = this.reachLits(threshold).slice(0, k);
    const size = k - m + 1;
    if (m <= 0) return;
    const pick = (from: number, chosen: Lit[]): void => {
      if (chosen.length === size) {
        this.engine.addClause([-act, ...chosen]);
        return;
      }
      for (let i = from; i <= r.length - (size - chosen.length); i++) pick(i + 1, [...chosen, r[i]!]);
    };
    pick(0, []);
  }

  /**
   * No group may hold the core's classes (in desired mode when the core needs it) — and, for a
   * core under a threshold, reach that threshold.
   */
  learn(core: Core, threshold?: string): void {
    for (let j = 0; j < this.slots; j++) {
      const clause = core.classes.map((c) => -this.x[c]![j]!);
      // a core found in desired mode does not hold once a class puts the group in vendor mode
      if (core.desiredAddOn) clause.push(...this.vendorAddOn.map((c) => this.x[c]![j]!));
      if (core.desiredPkg) clause.push(...this.vendorPkg.map((c) => this.x[c]![j]!));
      if (core.threshold && threshold !== undefined) clause.push(-this.reachLits(threshold)[j]!);
      this.engine.addClause(clause);
    }
    this.learnt++;
  }
}
