// Software rules (SPEC §3.2) on every component that can be in the effective image: each
// dependency is met by a component version or a provider in the image, no conflict is.
import type { Catalog } from '../../catalog/catalog.js';
import type { Component } from '../../model/types.js';
import type { Lit } from '../../sat/engine.js';
import { satisfies, versionKey } from '../../version/version.js';
import { describeConstraint } from '../../image/messages.js';
import type { Builder, Reason } from '../builder.js';
import type { Effective } from './composition.js';

type Constraint = { name: string; relation?: Component['depends'][0]['relation']; version?: string };

export function encodeSoftwareRules(b: Builder, catalog: Catalog, effective: Effective): void {
  const present = (c: Component) => effective.get(c.name)?.get(versionKey(c.version))?.lit;
  /** literals of what in the image meets `k`, other than components named `exclude` */
  const matchingUncached = (k: Constraint, exclude?: string) => {
    // each literal once (a provider may be a version matched too, or provide twice); few: no Set
    const lits: Lit[] = [];
    if (k.name !== exclude) {
      for (const e of effective.get(k.name)?.values() ?? [])
        if (!lits.includes(e.lit) && satisfies(e.version, k.relation, k.version)) lits.push(e.lit);
    }
    for (const p of catalog.providers.get(k.name) ?? []) {
      if (p.component.name === exclude) continue;
      const lit = present(p.component);
      if (lit === undefined) continue;
      if (!lits.includes(lit) && (!k.relation || (p.version !== undefined && satisfies(p.version, k.relation, k.version)))) lits.push(lit);
    }
    return lits;
  };
  // many components share a constraint (a vmkapi level, esx-base >= x): match each once; the same
  // constraint object (one catalog component in many base images) is found without a key
  const matched = new Map<string, Lit[]>();
  const byObject = new Map<Constraint, Lit[]>();
  const matching = (k: Constraint, exclude?: string) => {
    if (exclude === undefined) {
      const same = byObject.get(k);
      if (same) return same;
    }
    const key = `${k.name}\u0000${k.relation ?? ''}\u0000${k.version ?? ''}\u0000${exclude ?? ''}`;
    let known = matched.get(key);
    if (!known) matched.set(key, (known = matchingUncached(k, exclude)));
    if (exclude === undefined) byObject.set(k, known);
    return known;
  };
  for (const [name, versions] of effective) {
    for (const [key, e] of versions) {
      const c = catalog.componentByKey(name, key);
      if (!c) continue;
      const item = `${name}@${e.version}`;
      // one selector per (code, item) stands for all of a version's rules of that code, and it
      // keeps the first rule's message (Builder.guarded): make that one reason object
      let missing: Reason | undefined;
      for (const k of c.depends) {
        missing ??= {
          code: 'MISSING_DEPENDENCY',
          item,
          message: `${name} ${e.version} needs ${describeConstraint(k)}, which the image does not have or provide`,
        };
        b.guardedAfter(missing, -e.lit, matching(k));
      }
      let conflict: Reason | undefined;
      for (const k of c.conflicts) {
        for (const m of matching(k, name)) {
          conflict ??= { code: 'CONFLICT', item, message: `${name} ${e.version} conflicts with ${describeConstraint(k)}` };
          b.guarded(conflict, [-e.lit, -m]);
        }
      }
    }
  }
}
