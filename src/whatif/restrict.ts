// Scenarios that only narrow the candidate space: a depot item removed, a desired version raised.
// Such a scenario's space keeps a part of each level of the baseline's space, in the same order,
// and every candidate it keeps is encoded exactly as the baseline encoded it (a candidate's rules
// read that candidate, the components and the hosts; the components are unchanged). So the
// baseline's encoding answers it with the level literals of the candidates left out assumed
// false:
//
// - search: the lexicographic best under those assumptions is the best of the narrower space;
// - explanations: a rule of a candidate left out holds once its literal is false (the effective
//   component literals are exact definitions, so what only that candidate brought is false too);
//   its selector then changes no set's satisfiability, so it is never in a preferred conflict and
//   the kept selectors keep their canonical order: the reasons are a fresh encoding's;
// - messages: a selector stands for every rule with its error key and carries the first rule's
//   message. Two cases where the first rule could be one of a candidate left out are refused:
//   an item left out with the key of a kept one (an add-on and a package named alike, a package
//   of two managers), and CONFLICT reasons of a component with more than one conflict (see
//   conflictMessagesFixed).
//
// A lowered desired base image is a part of the space with every base image, which the runner
// encodes once when first asked (run.ts). Anything else falls back to a fresh plan: a space that
// is not such a part (an added item, another lowered desired version, a component removed, other
// solution versions), or a level left empty.
import type { Catalog } from '../catalog/catalog.js';
import type { Recommendations } from '../model/types.js';
import type { LevelLayout } from '../plan/encode.js';
import type { CandidateSpace } from '../plan/space.js';
import type { Lit } from '../sat/engine.js';

export interface Restriction {
  /** the literals assumed, as text: the same key is the same narrower space */
  key: string;
  /** the negated level literals of the candidates left out */
  assume: Lit[];
  /** the base images left out, by index in the kept space */
  skip: Set<number>;
}

/**
 * Which positions of `all` the list `part` keeps, if `part` is `all` with some items left out
 * (same items, same order); undefined otherwise.
 */
function keptPositions<T>(all: readonly T[], part: readonly T[], same: (a: T, b: T) => boolean): number[] | undefined {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < all.length && j < part.length; i++) {
    if (same(all[i]!, part[j]!)) {
      out.push(i);
      j++;
    }
  }
  return j === part.length ? out : undefined;
}

const itemOf = (x: { name: string; version: string } | { pkg: string; version: string }) => `${'pkg' in x ? x.pkg : x.name}@${x.version}`;

/**
 * The assumptions that narrow `kept` (encoded as `layout`) to `next`, when `next` keeps a
 * non-empty part of every level of `kept` and nothing else differs; undefined otherwise.
 */
export function restrictionOf(kept: CandidateSpace, layout: LevelLayout, next: CandidateSpace): Restriction | undefined {
  const identical = <T>(a: T, b: T) => a === b;
  if (next.removed.length !== kept.removed.length || next.removed.some((r, i) => r !== kept.removed[i])) return undefined;
  if (next.solutions.length !== kept.solutions.length || next.users.length !== kept.users.length) return undefined;
  const assume: Lit[] = [];
  const leftOutItems: string[] = [];
  const keptItems = new Set<string>();
  /** Narrows one level; false when `part` is not a non-empty part of `all`. */
  const level = <T>(
    all: readonly T[],
    part: readonly T[],
    vars: readonly Lit[],
    same: (a: T, b: T) => boolean,
    item?: (x: T) => string | undefined,
  ) => {
    if (part.length === 0) return undefined;
    const at = keptPositions(all, part, same);
    if (!at) return undefined;
    const keep = new Set(at);
    const left: number[] = [];
    all.forEach((x, i) => {
      const name = item?.(x);
      if (keep.has(i)) {
        if (name !== undefined) keptItems.add(name);
        return;
      }
      left.push(i);
      assume.push(-vars[i]!);
      if (name !== undefined) leftOutItems.push(name);
    });
    return left;
  };
  const skipped = level(kept.bases, next.bases, layout.base.vars, identical);
  if (!skipped) return undefined;
  if (!level(kept.addOns, next.addOns, layout.addOn.vars, identical, (a) => (a ? itemOf(a) : undefined))) return undefined;
  if (!level(kept.pkgs, next.pkgs, layout.pkg.vars, identical, (p) => (p ? itemOf(p) : undefined))) return undefined;
  for (let i = 0; i < kept.solutions.length; i++) {
    const k = kept.solutions[i]!;
    const n = next.solutions[i]!;
    if (k.name !== n.name || k.optional || n.optional) return undefined;
    if (!level(k.versions, n.versions, layout.solutions[i]!.vars, identical, itemOf)) return undefined;
  }
  for (let i = 0; i < kept.users.length; i++) {
    const k = kept.users[i]!;
    const n = next.users[i]!;
    if (k.name !== n.name || k.optional || n.optional) return undefined;
    if (!level(k.versions, n.versions, layout.users[i]!.vars, (a, b) => a === b)) return undefined;
  }
  // a selector shared by an item left out and a kept one could carry the message of the former
  if (leftOutItems.some((x) => keptItems.has(x))) return undefined;
  assume.sort((a, b) => a - b);
  return { key: assume.join(','), assume, skip: new Set(skipped) };
}

/**
 * Whether the CONFLICT reasons of an answer on a narrowed encoding say what a fresh plan says.
 * One selector stands for all conflicts of a component version, with the message of the first
 * one met in the image; a narrower space may meet that one no longer. A component with a single
 * conflict cannot differ.
 */
export function conflictMessagesFixed(recs: Recommendations, catalog: Catalog): boolean {
  for (const x of recs.excluded_base_images) {
    for (const r of x.reasons) {
      if (r.code !== 'CONFLICT' || r.item === undefined) continue;
      const at = r.item.lastIndexOf('@');
      const c = catalog.component(r.item.slice(0, at), r.item.slice(at + 1));
      if (!c || c.conflicts.length > 1) return false;
    }
  }
  return true;
}
