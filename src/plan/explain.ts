// Why a base image cannot be used: a minimal unsatisfiable set of selectors under the
// assumption of that base image. Minimality makes the reasons sound (each one, alone relaxed,
// admits a combination on that base whose only broken rule is it); unsatisfiability makes them
// complete (every combination on that base breaks at least one).
import type { ImageError } from '../model/types.js';
import type { Lit, SatEngine } from '../sat/engine.js';
import { reasonFor } from './builder.js';
import type { Encoding } from './encode.js';
import type { ProfileShapes } from './encode/profile-shape.js';

/**
 * Asks whether `sels` (with the base image and the active hardware) are unsatisfiable: null when
 * they are satisfiable, else the positions in the order of an unsatisfiable subset (the engine's
 * failed assumptions; not necessarily minimal).
 */
export type CoreOracle = (sels: Lit[]) => Promise<number[] | null>;

/**
 * Whether the selectors `sels` (with the base image and the active hardware) are unsatisfiable;
 * `prefix(k, later)` asks the first k selectors of the canonical order with `later`.
 */
type Unsat = ((sels: Lit[]) => Promise<boolean>) & { prefix: (k: number, later: readonly Lit[]) => Promise<boolean> };

/**
 * The preferred conflict of `order` (Junker 2004, the set QuickXplain returns): M = {m1 < … < mj}
 * where mj is the end of the shortest unsatisfiable prefix of `order`, and each earlier mi the end
 * of the shortest prefix unsatisfiable together with the later ones; it ends when the later ones
 * alone are unsatisfiable. Each prefix is found by asking the prefix without its last selector
 * (satisfiable: found, one solve) and otherwise jumping to the end of the failed assumptions, with
 * bisection when those jumps are short. `hi`: a prefix length known unsatisfiable (the end of the
 * full set's failed assumptions). The background alone must be satisfiable.
 */
export async function preferredConflict(ask: CoreOracle, order: readonly Lit[], hi: number): Promise<Lit[]> {
  const later: number[] = [];
  const prefixWithLater = (k: number) => [...order.slice(0, k), ...later.map((p) => order[p]!)];
  for (;;) {
    // the shortest prefix length k <= hi with prefix(k) + later unsatisfiable; those below lo are not
    let lo = 0;
    let top = true;
    while (lo < hi) {
      const k: number = top ? hi - 1 : (lo + hi) >> 1;
      const core = await ask(prefixWithLater(k));
      if (core === null) {
        lo = k + 1;
        top = false;
        continue;
      }
      const end: number = core.reduce((m: number, p: number) => (p < k && p > m ? p : m), -1) + 1;
      // a long jump: the failed assumptions are tight, ask the top again
      top = end < k - 1;
      hi = end;
    }
    if (hi === 0) return later.sort((x, y) => x - y).map((p) => order[p]!);
    later.push(hi - 1);
    hi -= 1;
  }
}

/**
 * The selectors in an order that does not depend on how the encoding was built (which hosts
 * came first, which profiles a what-if encoding met before): by what each stands for, its
 * hardware profile by content. QuickXplain then returns the one minimal set this order prefers,
 * so every encoding of the same question gives the same reasons.
 */
export function canonicalSelectors(enc: Encoding): Lit[] {
  // selectors only ever grow, at the end (profiles encoded later): the order holds until their
  // count changes, and then only the new ones need a key and a place
  const known = canonicalOrders.get(enc);
  if (known && known.count === enc.selectors.length) return known.order;
  // an order inherited from another encoding shares its keys until one of them grows: a copy
  // numbers its own new selectors as its source may number others
  const keys = known?.owner === enc ? known.keys : new Map<Lit, string>(known?.keys);
  const key = (s: Lit) => {
    const r = enc.reasons.get(s)!;
    const activation = enc.selectorContext.get(s);
    const profile = activation === undefined ? '' : (enc.hardware.profileKeys.get(activation) ?? '');
    return `${r.code}\u0000${r.item ?? ''}\u0000${r.device ?? ''}\u0000${profile}`;
  };
  const fresh = enc.selectors.slice(known?.count ?? 0);
  const freshKeys = fresh.map((s) => {
    const k = key(s);
    keys.set(s, k);
    return k;
  });
  const byKey = (x: string, y: string, a: Lit, b: Lit) => (x < y ? -1 : x > y ? 1 : a - b);
  // sorted on the keys alongside: a comparator looking both up in `keys` cost more than the keys
  const added = fresh
    .map((_, i) => i)
    .sort((i, j) => byKey(freshKeys[i]!, freshKeys[j]!, fresh[i]!, fresh[j]!))
    .map((i) => fresh[i]!);
  const order = known ? merged(known.order, added, (a, b) => byKey(keys.get(a)!, keys.get(b)!, a, b)) : added;
  canonicalOrders.set(enc, { count: enc.selectors.length, order, keys, owner: enc });
  return order;
}

/** The sorted lists `a` and `b` as one sorted list. */
function merged(a: readonly Lit[], b: readonly Lit[], before: (x: Lit, y: Lit) => number): Lit[] {
  const out: Lit[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = before(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** Per encoding, its canonical order of its first `count` selectors, and their sort keys. */
const canonicalOrders = new WeakMap<Encoding, { count: number; order: Lit[]; keys: Map<Lit, string>; owner: Encoding }>();

/**
 * Sound, complete and minimal reasons why no valid combination uses base image `baseIndex`;
 * `blocker` is the pre-filter's error when the hosts rule that base out whatever else is chosen.
 */
export async function explainBase(enc: Encoding, baseIndex: number, blocker = enc.dropped.get(baseIndex)): Promise<ImageError[]> {
  const reasons = await explainIfExcluded(enc, baseIndex, blocker);
  if (reasons === null) {
    throw new Error(`base image ${enc.space.bases[baseIndex]!.version} has a valid combination but was to be explained`);
  }
  return reasons;
}

/**
 * explainBase, or null when base image `baseIndex` has a valid combination after all: with a
 * lexicographic explainer the first solve of the explanation tells, so a base not known to be
 * excluded needs no solve of its own (src/plan/excluded.ts).
 */
export async function explainIfExcluded(
  enc: Encoding,
  baseIndex: number,
  blocker = enc.dropped.get(baseIndex),
): Promise<ImageError[] | null> {
  const engine = enc.explainer;
  const base = enc.layout.base.vars[baseIndex]!;
  const baseVersion = enc.space.bases[baseIndex]!.version;
  const order = canonicalSelectors(enc);
  // Questions asked for their answer alone: the engine may relax the selectors not assumed (its
  // priority list begins with them). The base image comes last, so that the checks of every base
  // share the active hardware and prefixes of `order`, which the engine keeps on its trail.
  if (engine.solveRelaxed) prioritized(enc, order);
  const answer = (a: ArrayLike<Lit>) => (engine.solveRelaxed ? engine.solveRelaxed(a, order.length) : engine.solve(a));
  const solve = (sels: Lit[]) => answer([...enc.active, ...sels, base]);
  const unsat: Unsat = async (sels) => !(await solve(sels));
  // the checks of kept sets ask prefixes of `order` by the thousand: one buffer per engine (filled
  // and handed over at once: engines copy their assumptions)
  unsat.prefix = async (k, later) => {
    const size = 1 + enc.active.length + order.length;
    let buffer = prefixBuffers.get(engine);
    if (!buffer || buffer.length < size) prefixBuffers.set(engine, (buffer = new Int32Array(size + (size >> 1))));
    let n = 0;
    for (const l of enc.active) buffer[n++] = l;
    for (let q = 0; q < k; q++) buffer[n++] = order[q]!;
    for (const l of later) buffer[n++] = l;
    buffer[n++] = base;
    return !(await answer(buffer.subarray(0, n)));
  };
  const reasons = (set: Lit[]) => {
    rememberCore(enc, baseIndex, set);
    return set.map((s) => reasonFor(enc.reasons.get(s)!, baseVersion));
  };
  // no combination at all, whatever rule is relaxed: nothing to name
  if (await structurallyUnsat(enc, unsat)) return [];
  // a pre-filtered base image: its one error
  if (blocker) return [{ ...blocker }];
  const kept = await keptCore(enc, baseIndex, order, unsat);
  if (kept) return reasons(kept);
  if (engine.lexicographic) {
    const prefix = prefixGuess.get(enc) ?? 0;
    const found = await lexicographicConflict(engine, [base], prioritized(enc, order), { shared: enc.active, prefix });
    // after a base with a valid combination, guess the next one has one too (older bases often
    // come in runs of them): every selector assumed, shared on the trail by the run, instead of
    // each one decided again; a wrong guess costs one unsatisfiable solve
    prefixGuess.set(enc, found.conflict === null ? order.length : found.first);
    return found.conflict && reasons(found.conflict);
  }
  const position = positionsOf(order);
  const ask: CoreOracle = async (sels) => {
    if (await solve(sels)) return null;
    return engine.failedAssumptions().flatMap((l) => {
      const p = position(l);
      return p < 0 ? [] : [p];
    });
  };
  const all = await ask(order);
  if (all === null) return null;
  const hi = all.length ? Math.max(...all) + 1 : order.length;
  return reasons((await recentPreferred(enc, unsat, order, baseIndex, hi)) ?? (await preferredConflict(ask, order, hi)));
}

/**
 * The preferred conflict of `order` (see preferredConflict) on an engine whose models are the
 * lexicographically greatest under its priority list, which must begin with `order`'s selectors,
 * each true: a model under the background and the set found so far (`later`) then holds the
 * longest satisfiable prefix of `order` together with `later`, so its first false selector ends
 * the shortest unsatisfiable prefix. One solve per member of the set, plus the last one (`later`
 * alone unsatisfiable). Null when the background with every selector is satisfiable; [] when the
 * background alone is not.
 *
 * `shared` and `prefix` only make it cheaper: `shared` (part of the background) is assumed first,
 * then the first `prefix` selectors of `order` (a guess that they are all true in every model the
 * search meets), so that a search of another base image with the same guess finds them still on
 * the engine's trail. A wrong guess shows as an unsatisfiable solve whose failed assumptions
 * include some of it: asked again with the guess cut before the first of those.
 */
export async function lexicographicConflict(
  engine: SatEngine,
  background: Lit[],
  order: readonly Lit[],
  { shared = [], prefix = 0 }: { shared?: readonly Lit[]; prefix?: number } = {},
): Promise<{ conflict: Lit[] | null; first: number }> {
  const later: number[] = [];
  let guess = Math.min(prefix, order.length);
  let hi = order.length;
  // The assumptions: shared, the guess, the background, then the tail: every selector from `hi`
  // on, true in `later`, else false (a relaxed rule, which no satisfiable set needs). Assumed from
  // the end, each solve's assumptions extend the previous one's, which the engine keeps on its
  // trail, so it decides only the selectors before `hi`. The guess and the tail together hold at
  // most one literal per selector. Only each model's first false selector is read: after it, an
  // engine with solveToFirstFalse relaxes the rest itself, so the tail is `later` alone (a
  // selector left free is in no satisfiable set's way), which spares it hundreds of levels.
  const cut = engine.solveToFirstFalse !== undefined;
  // -1 when unsatisfiable, else the position of the model's first false selector from `guess` on
  // (the engine with the cut knows it; otherwise read off the model up to `hi`)
  const firstFalse = async (a: Int32Array): Promise<number> => {
    if (cut) return engine.solveToFirstFalse!(a, order.length);
    if (!(await engine.solve(a))) return -1;
    let q = guess;
    while (q < hi && engine.modelValue(order[q]!)) q++;
    return q;
  };
  const size = shared.length + background.length + order.length;
  let lits = spareAssumptions.get(engine);
  spareAssumptions.delete(engine); // a search that runs meanwhile on this engine gets its own
  if (!lits || lits.length < size) lits = new Int32Array(size + (size >> 1));
  let n = 0;
  for (const l of shared) lits[n++] = l;
  for (let q = 0; q < guess; q++) lits[n++] = order[q]!;
  for (const l of background) lits[n++] = l;
  try {
    for (;;) {
      const found = await firstFalse(lits.subarray(0, n));
      if (found < 0) {
        if (guess > 0) {
          // the guess is wrong only if the final conflict needs some of it: then keep what is before
          const failed = new Set(engine.failedAssumptions());
          let wrong = 0;
          while (wrong < guess && !failed.has(order[wrong]!)) wrong++;
          if (wrong < guess) {
            lits.copyWithin(shared.length + wrong, shared.length + guess, n);
            n -= guess - wrong;
            guess = wrong;
            continue;
          }
        }
        const conflict = later.reverse().map((p) => order[p]!);
        return { conflict, first: later[0] ?? 0 };
      }
      // past `hi`, a free selector relaxed by the cut
      const first = Math.min(found, hi);
      if (first === hi) {
        if (later.length === 0) return { conflict: null, first: guess };
        // prefix(hi) with `later` was unsatisfiable: the engine is not lexicographic on `order`
        throw new Error('lexicographicConflict: a model holds a set known unsatisfiable');
      }
      if (!cut) for (let q = hi - 1; q > first; q--) lits[n++] = -order[q]!;
      lits[n++] = order[first]!;
      later.push(first);
      hi = first;
    }
  } finally {
    spareAssumptions.set(engine, lits);
  }
}

/** Per engine, the buffer of the prefixes asked by explainIfExcluded. */
const prefixBuffers = new WeakMap<SatEngine, Int32Array>();

/** Per engine, the assumption buffer its last search used: reused, as searches run by the hundred. */
const spareAssumptions = new WeakMap<SatEngine, Int32Array>();

/** Per encoding, the smallest position of the last conflict found (every position after a valid base): the next search's guess. */
const prefixGuess = new WeakMap<Encoding, number>();

/**
 * `order` after making the explainer decide its selectors first, each true, in that order (then
 * the levels, as the planner): models then grow the satisfiable prefixes lexicographicConflict reads.
 */
function prioritized(enc: Encoding, order: Lit[]): Lit[] {
  if (explainerPriority.get(enc.explainer) !== order) {
    enc.explainer.setPriority([...order, ...enc.layout.all.flatMap((l) => l.vars)]);
    explainerPriority.set(enc.explainer, order);
  }
  return order;
}

/** The selector order each explainer was last given as its priority. */
const explainerPriority = new WeakMap<SatEngine, Lit[]>();

/**
 * Does now what the first explanation of `enc` would do first (its canonical order, its
 * explainer's priority), for an encoding kept to be copied (src/plan/shared.ts).
 */
export function prepareExplanations(enc: Encoding): void {
  const order = canonicalSelectors(enc);
  if (enc.explainer.lexicographic) prioritized(enc, order);
}

/**
 * Starts the explanations of `to` from what `from` found: its canonical order and explainer
 * priority, and its sets as candidates that keptCore and recentPreferred check before use. `to` is
 * either a copy whose engines were cloned from `from`'s after their last change (src/plan/shared.ts),
 * or a view on `from`'s own engines with more assumptions in `active` (what-if: candidates left
 * out of the space); both have `from`'s selectors and reasons.
 */
export function inheritExplanations(from: Encoding, to: Encoding): void {
  const order = canonicalOrders.get(from);
  if (order && order.count === to.selectors.length) canonicalOrders.set(to, order);
  const priority = explainerPriority.get(from.explainer);
  if (priority) explainerPriority.set(to.explainer, priority);
  const cores = baseCores.get(from);
  if (cores) baseCores.set(to, new Map(cores));
  const recent = recentCores.get(from);
  if (recent) recentCores.set(to, [...recent]);
}

/**
 * Whether the hard clauses alone (every rule relaxed) leave a base image no combination; asked
 * once per encoding and active hardware, for all base images alike. With no selector assumed, a
 * base variable is only in the base level's exactly-one, in definitions (or-literals, effective
 * components, certified pairs) and in guarded clauses, which hold whatever base is chosen; what
 * can fail is the structure of the other levels (a solution's components), the same for all.
 */
async function structurallyUnsat(enc: Encoding, unsat: (sels: Lit[]) => Promise<boolean>): Promise<boolean> {
  const key = enc.active.join(',');
  const known = structural.get(enc);
  if (known?.key === key) return known.unsat;
  const answer = await unsat([]);
  structural.set(enc, { key, unsat: answer });
  return answer;
}

const structural = new WeakMap<Encoding, { key: string; unsat: boolean }>();

/**
 * Records that the encoding has a valid combination under its active hardware (the planner found
 * one): the hard clauses alone are then satisfiable too (that model, with every selector true,
 * satisfies the explainer), which spares structurallyUnsat its solve, the costliest of all (no
 * assumption narrows it).
 */
export function hasValidCombination(enc: Encoding): void {
  structural.set(enc, { key: enc.active.join(','), unsat: false });
}

/**
 * The set QuickXplain returned for this base image under earlier active hardware, if it is still
 * the one it would return, checked with as few solves as the change of hardware allows (often
 * none). Rules of a profile that is not active are inert (their clauses hold with the activation
 * literal false), so QuickXplain's answer is the preferred conflict of `order` restricted to the
 * live selectors (the depot's and the active profiles'; see preferredConflict). The kept set M stays
 * unsatisfiable while its own selectors are live. Each condition "the live selectors before m, with
 * M after m, are satisfiable" stays true while the live selectors before m only lose members, or
 * gain copies of rules that were live before m (see askedAgain): only the others are asked again.
 */
async function keptCore(enc: Encoding, baseIndex: number, order: Lit[], unsat: Unsat): Promise<Lit[] | undefined> {
  const kept = baseCores.get(enc)?.get(baseIndex);
  if (!kept) return undefined;
  const now = new Set(enc.active);
  for (const s of kept.core) {
    const activation = enc.selectorContext.get(s);
    if (activation !== undefined && !now.has(activation)) return undefined;
  }
  const at = sortedPositions(order, kept.core);
  if (!at || !(await preferredAfter(unsat, order, at, askedAgain(enc, order, kept.active)))) return undefined;
  return at.map((p) => order[p]!);
}

/**
 * Which conditions of a kept set (see keptCore), by the position of their selector, must be asked
 * again now that `enc.active` follows `before`. A condition held under `before`: some model
 * satisfied the selectors before its position. Now the selectors of newly active profiles before
 * it may bind too. A part of such a profile that copies a part of a profile active under `before`
 * (src/plan/encode/profile-shape.ts), whose selectors were before the position wherever the copy's
 * are, is satisfied by that model's values copied onto it; a part with no selector before it, by
 * its own variables false. Anything else is asked again.
 */
function askedAgain(enc: Encoding, order: Lit[], before: ReadonlySet<Lit>): (position: number) => boolean {
  const first = firstPositions(enc, order);
  const { shapes, profileKeys } = enc.hardware;
  // a new profile whose parts are not known: every condition after its first selector
  let from = Infinity;
  const parts: PartPositions[] = [];
  for (const a of enc.active) {
    if (before.has(a)) continue;
    // an assumption that is no profile's activation (what-if narrowing a kept encoding's space,
    // see inheritExplanations) can make any condition unsatisfiable: all are asked again
    if (!profileKeys.has(a)) return () => true;
    const at = first.get(a);
    if (at === undefined) continue;
    const known = shapes && partPositions(shapes, order, a);
    if (known) parts.push(...known);
    else from = Math.min(from, at);
  }
  const copiedBefore = (part: PartPositions, p: number) =>
    part.copies.some((c) => before.has(c.activation) && part.at.every((q, j) => q >= p || c.at[j]! < p));
  return (p) => from < p || parts.some((part) => part.earliest < p && !copiedBefore(part, p));
}

/** A part of a profile's rules by the positions of its selectors, with those of its copies in other profiles. */
interface PartPositions {
  at: number[];
  earliest: number;
  copies: { activation: Lit; at: number[] }[];
}

/**
 * The parts with selectors of the profile under `activation`, positioned in `order`; undefined
 * when its shape is not known or not relaxable. Kept per order: a profile with selectors encoded
 * later makes a new order.
 */
function partPositions(shapes: ProfileShapes, order: Lit[], activation: Lit): PartPositions[] | undefined {
  let byProfile = partPositionsOf.get(order);
  if (!byProfile) partPositionsOf.set(order, (byProfile = new Map()));
  let parts = byProfile.get(activation);
  if (parts === undefined) {
    const shape = shapes.shape(activation);
    const position = positionsOf(order);
    parts = shape?.relaxable
      ? shape.parts
          .filter((part) => part.selectors.length > 0)
          .map((part) => {
            const at = part.selectors.map(position);
            const copies = shapes
              .copiesOf(part)
              .filter((c) => c.activation !== activation)
              .map((c) => ({ activation: c.activation, at: c.part.selectors.map(position) }));
            return { at, earliest: Math.min(...at), copies };
          })
      : null;
    byProfile.set(activation, parts);
  }
  return parts ?? undefined;
}

const partPositionsOf = new WeakMap<Lit[], Map<Lit, PartPositions[] | null>>();

/** The positions in `order` of `set`, ascending; undefined when one is not in it. */
function sortedPositions(order: Lit[], set: readonly Lit[]): number[] | undefined {
  const position = positionsOf(order);
  const at = set.map(position).sort((a, b) => a - b);
  return at[0]! < 0 ? undefined : at;
}

/**
 * preferredConflict's condition on the set at positions `at`, for each of its selectors whose
 * position `asked` names (from the last down): the selectors before it, with the set's selectors
 * after it, are satisfiable.
 */
async function preferredAfter(unsat: Unsat, order: Lit[], at: number[], asked: (position: number) => boolean): Promise<boolean> {
  for (let i = at.length - 1; i >= 0; i--) {
    if (!asked(at[i]!)) continue;
    const later = at.slice(i + 1).map((p) => order[p]!);
    if (await unsat.prefix(at[i]!, later)) return false;
  }
  return true;
}

/** Per base image, the last set QuickXplain returned and the activation literals it was asked under. */
const baseCores = new WeakMap<Encoding, Map<number, { core: Lit[]; active: Set<Lit> }>>();

/** Activation literal → the position in `order` of its profile's first selector. */
const firstPositionsOf = new WeakMap<Lit[], Map<Lit, number>>();

function firstPositions(enc: Encoding, order: Lit[]): Map<Lit, number> {
  let m = firstPositionsOf.get(order);
  if (!m) {
    m = new Map();
    order.forEach((s, i) => {
      const a = enc.selectorContext.get(s);
      if (a !== undefined && !m!.has(a)) m!.set(a, i);
    });
    firstPositionsOf.set(order, m);
  }
  return m;
}

/** Distinct sets found on an encoding, most recent first: base images often share one. */
const recentCores = new WeakMap<Encoding, Lit[][]>();
const MAX_RECENT = 4;

function rememberCore(enc: Encoding, baseIndex: number, core: Lit[]): void {
  let perBase = baseCores.get(enc);
  if (!perBase) baseCores.set(enc, (perBase = new Map()));
  perBase.set(baseIndex, { core, active: new Set(enc.active) });
  if (core.length === 0) return;
  const key = core.join(',');
  const list = (recentCores.get(enc) ?? []).filter((c) => c.join(',') !== key);
  list.unshift(core);
  if (list.length > MAX_RECENT) list.length = MAX_RECENT;
  recentCores.set(enc, list);
}

/**
 * A set found for another base image, if it is this one's preferred conflict too, checked in
 * |set| + 1 solves (see preferredConflict for the conditions). Its last selector must end the
 * shortest unsatisfiable prefix, which is at most `hi`: a set ending later is skipped unasked.
 */
async function recentPreferred(enc: Encoding, unsat: Unsat, order: Lit[], baseIndex: number, hi: number): Promise<Lit[] | undefined> {
  // this base's own last set was tried by keptCore
  const own = baseCores.get(enc)?.get(baseIndex)?.core;
  for (const core of recentCores.get(enc) ?? []) {
    if (core === own) continue;
    const at = sortedPositions(order, core);
    if (!at || at[at.length - 1]! >= hi || !(await unsat(core))) continue;
    if (await preferredAfter(unsat, order, at, () => true)) return at.map((p) => order[p]!);
  }
  return undefined;
}

const positions = new WeakMap<Lit[], Int32Array>();

/**
 * Each selector's position in `order` (-1: none), by literal: an array, not a map of entries, as
 * a what-if meets a new order with every new profile.
 */
function positionsOf(order: Lit[]): (l: Lit) => number {
  let at = positions.get(order);
  if (!at) {
    let max = 0;
    for (const s of order) if (s > max) max = s;
    at = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < order.length; i++) at[order[i]!] = i;
    positions.set(order, at);
  }
  const table = at;
  return (l) => (l > 0 && l < table.length ? table[l]! : -1);
}
