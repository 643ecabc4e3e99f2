// The layered composition (SPEC §3.1): per component name, the version after each layer (base
// image, add-on, package, solution components, user components, removals), as literals "this
// version is in the effective image". Overriding a newer version is a DOWNGRADE rule.
import type { Catalog } from '../../catalog/catalog.js';
import type { ImageError } from '../../model/types.js';
import type { Lit } from '../../sat/engine.js';
import { compareVersions, versionKey } from '../../version/version.js';
import type { Builder, Reason } from '../builder.js';
import { templated } from '../templates.js';
import type { CandidateSpace } from '../space.js';
import type { LevelLayout } from './layout.js';

/** A component version in the image, and the literal saying so. */
export interface Present {
  version: string;
  lit: Lit;
}

/** name → versionKey → literal "this version is in the effective image" */
export type Effective = Map<string, Map<string, Present>>;

type VersionVars = Map<string, { version: string; vars: Lit[] }>;

function addVersion(map: VersionVars, version: string, lit: Lit, k = versionKey(version)): void {
  let e = map.get(k);
  if (!e) map.set(k, (e = { version, vars: [] }));
  e.vars.push(lit);
}

/** A component an item (base image, add-on, package) sets: name, version and its versionKey. */
interface Entry {
  name: string;
  version: string;
  key: string;
}

const entriesOf = new WeakMap<object, Entry[]>();

/** An item's components as entries, made once per item: a fleet encodes the same items for cluster after cluster. */
function componentEntries(item: { components: Record<string, string> }): Entry[] {
  let list = entriesOf.get(item);
  if (!list) {
    list = Object.entries(item.components).map(([name, version]) => ({ name, version, key: versionKey(version) }));
    entriesOf.set(item, list);
  }
  return list;
}

/** What one layer (add-on or package) does to each component name. */
interface LayerEffect {
  /** name → versions it ends at in the image */
  sets: Map<string, VersionVars>;
  /** name → versions it is overridden to, even when the same layer then removes it (DOWNGRADE is judged on these) */
  overrides: Map<string, VersionVars>;
  /** name → the choices that touch it (set or remove) */
  touches: Map<string, Lit[]>;
}

function layerEffect<T extends { components: Record<string, string>; removed_components: string[] }>(
  items: readonly (T | null)[],
  vars: readonly number[],
): LayerEffect {
  const sets = new Map<string, VersionVars>();
  const overrides = new Map<string, VersionVars>();
  const touches = new Map<string, Lit[]>();
  items.forEach((item, i) => {
    if (!item) return;
    const v = vars[i]!;
    const removed = new Set(item.removed_components);
    for (const { name, version, key } of componentEntries(item)) {
      for (const target of removed.has(name) ? [overrides] : [overrides, sets]) {
        let m = target.get(name);
        if (!m) target.set(name, (m = new Map()));
        addVersion(m, version, v, key);
      }
    }
    for (const name of new Set([...Object.keys(item.components), ...removed])) {
      let t = touches.get(name);
      if (!t) touches.set(name, (t = []));
      t.push(v);
    }
  });
  return { sets, overrides, touches };
}

/**
 * The effective image's literals. Base images in `dropped` contribute nothing (they are
 * forced false); `requires` says when a solution component's level is in use.
 */
export function encodeComposition(
  b: Builder,
  catalog: Catalog,
  space: CandidateSpace,
  layout: LevelLayout,
  requires: Map<string, Lit>,
  dropped: Map<number, ImageError>,
  /** repairs only: removed component name → literal "the desired image still removes it" */
  stillRemoved?: ReadonlyMap<string, Lit>,
): Effective {
  const addOnEffect = layerEffect(space.addOns, layout.addOn.vars);
  const pkgEffect = layerEffect(space.pkgs, layout.pkg.vars);
  const baseSets = new Map<string, VersionVars>();
  space.bases.forEach((base, i) => {
    if (dropped.has(i)) return;
    const lit = layout.base.vars[i]!;
    for (const { name, version, key } of componentEntries(base)) {
      let m = baseSets.get(name);
      if (!m) baseSets.set(name, (m = new Map()));
      addVersion(m, version, lit, key);
    }
  });
  const userByName = new Map(
    space.users.map((u, i) => {
      const vars = layout.users[i]!.vars;
      return [u.name, { versions: u.versions, vars, absent: u.optional ? vars[u.versions.length] : undefined }];
    }),
  );
  const scByName = new Map(layout.solutionComponents.map((sc) => [sc.name, sc]));
  const removed = new Set(space.removed);
  const names = new Set([
    ...baseSets.keys(),
    ...addOnEffect.touches.keys(),
    ...pkgEffect.touches.keys(),
    ...scByName.keys(),
    ...userByName.keys(),
  ]);

  const effective: Effective = new Map();
  const downgrade = (name: string, version: string, setters: readonly Lit[], prev: Map<string, Present>) => {
    for (const p of prev.values()) {
      if (compareVersions(version, p.version) >= 0) continue;
      // one selector stands for every downgrade to this version: say what the base image has
      const reason: Reason = {
        code: 'DOWNGRADE',
        item: `${name}@${version}`,
        message: templated({ kind: 'downgrade', name, version }, catalog),
      };
      for (const s of setters) b.guarded(reason, [-s, -p.lit]);
    }
  };
  /** The values after a layer that sets some versions and otherwise keeps the previous ones. */
  const applyLayer = (
    name: string,
    prev: Map<string, Present>,
    sets: VersionVars,
    touch: Lit,
    overrides: VersionVars = sets,
  ): Map<string, Present> => {
    const next = new Map<string, Present>();
    for (const s of overrides.values()) downgrade(name, s.version, s.vars, prev);
    const keys = new Set([...prev.keys(), ...sets.keys()]);
    for (const k of keys) {
      const setters = sets.get(k)?.vars ?? [];
      const p = prev.get(k);
      const version = sets.get(k)?.version ?? p!.version;
      const e = b.fresh();
      for (const s of setters) b.clause([-s, e]);
      if (p) {
        b.clause([touch, -p.lit, e]);
        b.clause([-e, ...setters, -touch]);
        b.clause([-e, ...setters, p.lit]);
      } else {
        b.clause([-e, ...setters]);
      }
      next.set(k, { version, lit: e });
    }
    return next;
  };

  for (const name of names) {
    let cur = new Map<string, Present>();
    for (const [k, s] of baseSets.get(name) ?? []) cur.set(k, { version: s.version, lit: b.or(s.vars) });
    for (const effect of [addOnEffect, pkgEffect]) {
      const touching = effect.touches.get(name);
      if (touching) cur = applyLayer(name, cur, effect.sets.get(name) ?? new Map(), b.or(touching), effect.overrides.get(name));
    }
    const sc = scByName.get(name);
    if (sc) {
      const sets: VersionVars = new Map();
      sc.versions.forEach((v, i) => addVersion(sets, v, sc.vars[i]!));
      cur = applyLayer(name, cur, sets, requires.get(name)!);
    }
    const user = userByName.get(name);
    if (user) {
      const next = new Map<string, Present>();
      user.versions.forEach((v, i) => {
        downgrade(name, v, [user.vars[i]!], cur);
        next.set(versionKey(v), { version: v, lit: user.vars[i]! });
      });
      // an optional user component left out keeps what the earlier layers made
      if (user.absent !== undefined) {
        for (const [k, p] of cur) {
          const e = b.fresh();
          b.clause([-e, user.absent]);
          b.clause([-e, p.lit]);
          b.clause([-user.absent, -p.lit, e]);
          const same = next.get(k);
          next.set(k, same ? { version: same.version, lit: b.or([same.lit, e]) } : { version: p.version, lit: e });
        }
      }
      cur = next;
    }
    const kept = stillRemoved?.get(name);
    if (kept !== undefined) {
      // a removal the repair may undo: the component stays exactly when the removal is dropped
      const next = new Map<string, Present>();
      for (const [k, p] of cur) {
        const e = b.fresh();
        b.clause([-e, -kept]);
        b.clause([-e, p.lit]);
        b.clause([kept, -p.lit, e]);
        next.set(k, { version: p.version, lit: e });
      }
      cur = next;
    } else if (removed.has(name)) cur = new Map();
    if (cur.size) effective.set(name, cur);
  }
  return effective;
}
