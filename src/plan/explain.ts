// Why a base image cannot be used: a minimal unsatisfiable set of selectors under the
// assumption of that base image. Minimality makes the reasons sound (each one, alone relaxed,
// admits a combination on that base whose only broken rule is it); unsatisfiability makes them
// complete (every combination on that base breaks at least one).
import type { ImageError } from '../model/types.js';
import type { Lit } from '../sat/engine.js';
import { reasonFor } from './builder.js';
import type { Encoding } from './encode.js';

/**
 * QuickXplain (Junker 2004): a minimal subset of `candidates` that is unsatisfiable together
 * with `base`, in O(k log(n/k)) solves for k reasons out of n.
 */
async function quickXplain(unsat: (lits: Lit[]) => Promise<boolean>, candidates: Lit[]): Promise<Lit[]> {
  const qx = async (background: Lit[], delta: boolean, set: Lit[]): Promise<Lit[]> => {
    if (delta && (await unsat(background))) return [];
    if (set.length === 1) return set;
    const half = set.length >> 1;
    const first = set.slice(0, half);
    const second = set.slice(half);
    const d2 = await qx([...background, ...first], first.length > 0, second);
    const d1 = await qx([...background, ...d2], d2.length > 0, first);
    return [...d1, ...d2];
  };
  if (candidates.length === 0 || (await unsat([]))) return [];
  return qx([], false, candidates);
}

/**
 * The selectors in an order that does not depend on how the encoding was built (which hosts
 * came first, which profiles a what-if encoding met before): by what each stands for, its
 * hardware profile by content. QuickXplain then returns the one minimal set this order prefers,
 * so every encoding of the same question gives the same reasons.
 */
function canonicalSelectors(enc: Encoding): Lit[] {
  // selectors only ever grow (profiles encoded later): the order holds until their count changes
  const known = canonicalOrders.get(enc);
  if (known && known.count === enc.selectors.length) return known.order;
  const key = (s: Lit) => {
    const r = enc.reasons.get(s)!;
    const activation = enc.selectorContext.get(s);
    const profile = activation === undefined ? '' : (enc.hardware.profileKeys.get(activation) ?? '');
    return `${r.code}\u0000${r.item ?? ''}\u0000${r.device ?? ''}\u0000${profile}`;
  };
  const keys = new Map(enc.selectors.map((s) => [s, key(s)]));
  const order = [...enc.selectors].sort((a, b) => {
    const x = keys.get(a)!;
    const y = keys.get(b)!;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  canonicalOrders.set(enc, { count: enc.selectors.length, order });
  return order;
}

const canonicalOrders = new WeakMap<Encoding, { count: number; order: Lit[] }>();

/**
 * Sound, complete and minimal reasons why no valid combination uses base image `baseIndex`;
 * `blocker` is the pre-filter's error when the hosts rule that base out whatever else is chosen.
 */
export async function explainBase(enc: Encoding, baseIndex: number, blocker = enc.dropped.get(baseIndex)): Promise<ImageError[]> {
  const engine = enc.explainer;
  const base = enc.layout.base.vars[baseIndex]!;
  const baseVersion = enc.space.bases[baseIndex]!.version;
  const unsat = async (sels: Lit[]) => !(await engine.solve([base, ...enc.active, ...sels]));
  // a pre-filtered base image: its one error, unless it has no combination at all
  if (blocker) return (await (enc.dropped.has(baseIndex) ? droppedUnsat(enc, unsat) : unsat([]))) ? [] : [{ ...blocker }];
  if (!(await unsat(enc.selectors))) {
    throw new Error(`base image ${baseVersion} has a valid combination but was to be explained`);
  }
  const order = canonicalSelectors(enc);
  const minimal = (await recentPreferred(enc, unsat, order)) ?? (await quickXplain(unsat, order));
  if (minimal.length) rememberCore(enc, minimal);
  return minimal.map((s) => reasonFor(enc.reasons.get(s)!, baseVersion));
}

/**
 * Whether a pre-filtered base image has no combination even with every rule relaxed, asked once per
 * encoding and active hardware for all of them. Such a base contributes no components (it is not
 * encoded, src/plan/encode/composition.ts), and with no selector assumed its variable is only in the
 * base level's exactly-one, in definitions (or-literals, effective components) and in guarded
 * clauses: any two pre-filtered bases are interchangeable in a model, so one answer holds for all.
 */
async function droppedUnsat(enc: Encoding, unsat: (sels: Lit[]) => Promise<boolean>): Promise<boolean> {
  const key = enc.active.join(',');
  const known = droppedAnswers.get(enc);
  if (known?.key === key) return known.unsat;
  const answer = await unsat([]);
  droppedAnswers.set(enc, { key, unsat: answer });
  return answer;
}

const droppedAnswers = new WeakMap<Encoding, { key: string; unsat: boolean }>();

/** Distinct sets QuickXplain returned on an encoding, most recent first: bases often share one. */
const recentCores = new WeakMap<Encoding, Lit[][]>();
const MAX_RECENT = 4;

function rememberCore(enc: Encoding, core: Lit[]): void {
  const key = core.join(',');
  const list = (recentCores.get(enc) ?? []).filter((c) => c.join(',') !== key);
  list.unshift(core);
  if (list.length > MAX_RECENT) list.length = MAX_RECENT;
  recentCores.set(enc, list);
}

/**
 * A set QuickXplain returned for another base, if it is the one it would return for this one too,
 * checked in |set| + 1 solves instead of QuickXplain's O(k log(n/k)). QuickXplain returns the
 * preferred conflict of `order` (Junker 2004): M = {m1 < … < mj} (by position in `order`) is it
 * exactly when M is unsatisfiable and, for each i, {m(i+1) … mj} with every selector before mi
 * is satisfiable (each mi is the earliest selector that closes the conflict given the later ones).
 */
async function recentPreferred(enc: Encoding, unsat: (lits: Lit[]) => Promise<boolean>, order: Lit[]): Promise<Lit[] | undefined> {
  const recent = recentCores.get(enc);
  if (!recent) return undefined;
  const position = positionsOf(order);
  for (const core of recent) {
    const at = core.map((s) => position.get(s) ?? -1).sort((a, b) => a - b);
    if (at[0]! < 0 || !(await unsat(core))) continue;
    let preferred = true;
    for (let i = at.length - 1; i >= 0 && preferred; i--) {
      const later = at.slice(i + 1).map((p) => order[p]!);
      if (await unsat([...order.slice(0, at[i]!), ...later])) preferred = false;
    }
    if (preferred) return at.map((p) => order[p]!);
  }
  return undefined;
}

const positions = new WeakMap<Lit[], Map<Lit, number>>();

function positionsOf(order: Lit[]): Map<Lit, number> {
  let m = positions.get(order);
  if (!m) positions.set(order, (m = new Map(order.map((s, i) => [s, i]))));
  return m;
}
