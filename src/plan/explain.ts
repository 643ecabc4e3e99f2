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
  if (blocker) return (await unsat([])) ? [] : [{ ...blocker }];
  if (!(await unsat(enc.selectors))) {
    throw new Error(`base image ${baseVersion} has a valid combination but was to be explained`);
  }
  const minimal = await quickXplain(unsat, canonicalSelectors(enc));
  return minimal.map((s) => reasonFor(enc.reasons.get(s)!, baseVersion));
}
