// Writes one problem into two engines at once: the planner, where every rule holds, and the
// explainer, where every rule is guarded by a selector standing for the SPEC error it prevents.
// Both engines number their variables identically.
import type { ImageError } from '../model/types.js';
import type { Lit, SatEngine } from '../sat/engine.js';
import { errorKey } from '../image/validate.js';
import type { Catalog } from '../catalog/catalog.js';
import { templated, type Template, type TemplatedMessage } from './templates.js';
import type { ProfileRecording } from './encode/profile-shape.js';

/** An error a selector stands for; its message may depend on the base image it explains. */
export type Reason = Omit<ImageError, 'message'> & { message: string | ((baseVersion: string) => string) };

export function reasonFor(r: Reason, baseVersion: string): ImageError {
  return { ...r, message: typeof r.message === 'string' ? r.message : r.message(baseVersion) };
}

type StoredReason = Omit<ImageError, 'message'> & { message: string; template?: Template };

/** A builder's bookkeeping as plain data (structured-cloneable). */
export interface BuilderState {
  reasons: [number, StoredReason][];
  selectors: number[];
  selectorContext: [number, Lit][];
  selectorByKey: [string, number][];
  orCache: [string, Lit][];
}

export class Builder {
  /** selector variable → the error it stands for */
  readonly reasons = new Map<number, Reason>();
  readonly selectors: number[] = [];
  /** selector → the activation literal its rule was encoded under (hardware profiles) */
  readonly selectorContext = new Map<number, Lit>();
  /**
   * What encoding more reads: written only while encoding, so shared by copies (copyOnto) until
   * one of them writes. Read-only while `keysShared`; a builder writes its own copy.
   */
  private keys = { selectorByKey: new Map<string, number>(), orCache: new Map<string, Lit>() };
  private keysShared = false;
  /** literals prepended to every clause: the activation of the part being encoded */
  private context: Lit[] = [];
  /** the context as it appears in selector keys */
  private contextKey = '';
  /** while set: what is encoded under the activation context (src/plan/encode/profile-shape.ts) */
  private recording: ProfileRecording | undefined;
  /** guardedAfter's clause, written again for each rule: every engine copies a clause it is given */
  private scratch: Lit[] = [];
  /** the last rule's reason and context and its selector: an encoder gives one reason object to many rules */
  private lastReason: Reason | undefined;
  private lastContextKey = '';
  private lastSelector = 0;

  constructor(
    readonly planner: SatEngine,
    readonly explainer: SatEngine,
  ) {}

  /**
   * This builder's bookkeeping over other engines: copies of its own engines taken between
   * encoding steps, so that what is encoded next numbers and shares exactly as it would here.
   */
  copyOnto(planner: SatEngine, explainer: SatEngine): Builder {
    const b = new Builder(planner, explainer);
    for (const [s, r] of this.reasons) b.reasons.set(s, r);
    b.selectors.push(...this.selectors);
    for (const [s, l] of this.selectorContext) b.selectorContext.set(s, l);
    // a copy of a kept encoding is mostly only solved: its keys are copied if it encodes more
    b.keys = this.keys;
    b.keysShared = this.keysShared = true;
    return b;
  }

  /** The keys, for writing: this builder's own. */
  private ownKeys(): Builder['keys'] {
    if (this.keysShared) {
      this.keys = { selectorByKey: new Map(this.keys.selectorByKey), orCache: new Map(this.keys.orCache) };
      this.keysShared = false;
    }
    return this.keys;
  }

  /**
   * Lets go of the bookkeeping of a builder that is done with (its plan disposed of), but for
   * keys still shared with a copy. Why: these maps outlive a young-generation collection while
   * they are filled, and once in the old generation, what they hold keeps surviving the next
   * collections too, long after the plan is gone: on the vendor world half of the bytes copied by
   * each collection were plans already finished.
   */
  release(): void {
    this.reasons.clear();
    this.selectors.length = 0;
    this.selectorContext.clear();
    if (!this.keysShared) {
      this.keys.selectorByKey.clear();
      this.keys.orCache.clear();
    }
    this.lastReason = undefined;
  }

  /** The bookkeeping as plain data (function messages must carry their template: src/plan/templates.ts). */
  state(): BuilderState {
    const reasons = [...this.reasons].map(([sel, r]): [number, StoredReason] => {
      if (typeof r.message === 'string') return [sel, r as StoredReason];
      const template = (r.message as Partial<TemplatedMessage>).template;
      if (!template) throw new Error(`selector ${sel} (${r.code}) has a message without a template`);
      return [sel, { ...r, message: '', template }];
    });
    return {
      reasons,
      selectors: [...this.selectors],
      selectorContext: [...this.selectorContext],
      selectorByKey: [...this.keys.selectorByKey],
      orCache: [...this.keys.orCache],
    };
  }

  /** A builder over these engines with bookkeeping from state() (the engines in the matching state). */
  static fromState(planner: SatEngine, explainer: SatEngine, state: BuilderState, catalog: Catalog): Builder {
    const b = new Builder(planner, explainer);
    for (const [sel, r] of state.reasons) {
      const { template, ...rest } = r;
      b.reasons.set(sel, template ? { ...rest, message: templated(template, catalog) } : rest);
    }
    b.selectors.push(...state.selectors);
    for (const [s, l] of state.selectorContext) b.selectorContext.set(s, l);
    b.keys = { selectorByKey: new Map(state.selectorByKey), orCache: new Map(state.orCache) };
    return b;
  }

  /** A variable new to both engines (searches add one-shot variables to the planner alone, so catch up). */
  fresh(): number {
    let v = this.planner.newVar();
    let w = this.explainer.newVar();
    while (w < v) w = this.explainer.newVar();
    while (v < w) v = this.planner.newVar();
    if (this.recording && this.context.length) this.recording.local.add(v);
    return v;
  }

  /**
   * Encodes `fn`'s clauses so that they hold only while `activation` is assumed; a `recording`
   * gets those clauses and the variables made meanwhile.
   */
  within<T>(activation: Lit, recording: ProfileRecording | undefined, fn: () => T): T {
    const saved = this.context;
    const savedKey = this.contextKey;
    const savedRecording = this.recording;
    this.context = [-activation];
    this.contextKey = String(-activation);
    this.recording = recording;
    try {
      return fn();
    } finally {
      this.context = saved;
      this.contextKey = savedKey;
      this.recording = savedRecording;
    }
  }

  clause(lits: readonly Lit[]): void {
    const c = this.context.length ? [...this.context, ...lits] : lits;
    if (this.recording) {
      if (this.context.length) this.recording.clauses.push(c as Lit[]);
      else if (c.some((l) => this.recording!.local.has(l < 0 ? -l : l))) this.recording.escaped = true;
    }
    this.planner.addClause(c);
    this.explainer.addClause(c);
  }

  /** A rule: always in the planner; in the explainer, only while its selector is assumed. */
  guarded(reason: Reason, lits: readonly Lit[]): void {
    this.guardedAfter(reason, undefined, lits);
  }

  /**
   * guarded(reason, [first, ...rest]) without making that array: both clauses are written into one
   * (every engine copies a clause it is given), since encoders add tens of thousands of long rules
   * per cluster.
   */
  guardedAfter(reason: Reason, first: Lit | undefined, rest: readonly Lit[]): void {
    const s = reason === this.lastReason && this.contextKey === this.lastContextKey ? this.lastSelector : this.selectorOf(reason);
    // one array: the explainer's clause, then, without its selector, the planner's
    const ctx = this.context;
    const c = this.scratch;
    let i = 0;
    for (const l of ctx) c[i++] = l;
    c[i++] = -s;
    if (first !== undefined) c[i++] = first;
    for (const l of rest) c[i++] = l;
    c.length = i;
    this.explainer.addClause(c);
    if (this.recording && ctx.length) this.recording.clauses.push(c.slice());
    // the selector taken out in place
    for (let j = ctx.length; j < i - 1; j++) c[j] = c[j + 1]!;
    c.length = i - 1;
    this.planner.addClause(c);
  }

  /** The selector of `reason`'s rules in the current context, made on first use. */
  private selectorOf(reason: Reason): number {
    // per activation context: a host re-encoded with other hardware has its own messages
    const key = `${errorKey(reason)}|${this.contextKey}`;
    let s = this.keys.selectorByKey.get(key);
    if (s === undefined) {
      s = this.fresh();
      this.ownKeys().selectorByKey.set(key, s);
      this.reasons.set(s, reason);
      this.selectors.push(s);
      if (this.context.length) this.selectorContext.set(s, -this.context[0]!);
    }
    this.lastReason = reason;
    this.lastContextKey = this.contextKey;
    this.lastSelector = s;
    return s;
  }

  exactlyOne(vars: readonly number[]): void {
    this.clause([...vars]);
    this.atMostOne(vars);
  }

  /** Pairwise for few variables, else the sequential (ladder) encoding. */
  atMostOne(vars: readonly number[]): void {
    if (vars.length <= 5) {
      for (let i = 0; i < vars.length; i++) for (let j = i + 1; j < vars.length; j++) this.clause([-vars[i]!, -vars[j]!]);
      return;
    }
    let prev = 0;
    for (let i = 0; i < vars.length; i++) {
      const x = vars[i]!;
      if (prev) this.clause([-x, -prev]);
      if (i < vars.length - 1) {
        const s = this.fresh();
        this.clause([-x, s]);
        if (prev) this.clause([-prev, s]);
        prev = s;
      }
    }
  }

  /**
   * A literal equivalent to the disjunction, shared between identical disjunctions. Its
   * definition holds outside any activation context: a definition is true in every model.
   */
  or(lits: readonly Lit[]): Lit {
    const unique = strictlyAscending(lits) ? lits : [...new Set(lits)].sort((a, b) => a - b);
    if (unique.length === 1) return unique[0]!;
    const key = unique.join(',');
    let v = this.keys.orCache.get(key);
    if (v === undefined) {
      const saved = this.context;
      this.context = [];
      v = this.fresh();
      for (const l of unique) this.clause([-l, v]);
      this.clause([-v, ...unique]);
      this.ownKeys().orCache.set(key, v);
      this.context = saved;
    }
    return v;
  }
}

/** Level variables come in ascending order: most disjunctions need no sorting. */
function strictlyAscending(lits: readonly Lit[]): boolean {
  for (let i = 1; i < lits.length; i++) if (lits[i]! <= lits[i - 1]!) return false;
  return true;
}
