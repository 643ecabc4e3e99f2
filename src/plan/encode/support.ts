// Base-image support (SPEC §3.2): an add-on, package or solution is only used on the base
// images it supports.
import { supportsBase } from '../../catalog/catalog.js';
import type { Lit } from '../../sat/engine.js';
import type { Catalog } from '../../catalog/catalog.js';
import { templated } from '../templates.js';
import type { Builder } from '../builder.js';
import type { CandidateSpace } from '../space.js';
import type { LevelLayout } from './layout.js';

export function encodeBaseSupport(b: Builder, catalog: Catalog, space: CandidateSpace, layout: LevelLayout): void {
  // items sharing their supported versions share one disjunction of the bases they do not support
  const unsupportedBy = new Map<string, Lit | null>();
  const unsupported = (supported: readonly string[]): Lit | null => {
    const key = supported.join('\u0000');
    let lit = unsupportedBy.get(key);
    if (lit === undefined) {
      const bases = layout.base.vars.filter((_, i) => !supportsBase(supported, space.bases[i]!.version));
      unsupportedBy.set(key, (lit = bases.length ? b.or(bases) : null));
    }
    return lit;
  };
  const supportRule = (what: string, item: string, supported: readonly string[], lit: Lit) => {
    const bases = unsupported(supported);
    if (bases === null) return;
    const message = templated({ kind: 'unsupported', what, supported: [...supported] }, catalog);
    b.guarded({ code: 'UNSUPPORTED_BASE_IMAGE', item, message }, [-lit, -bases]);
  };
  space.addOns.forEach(
    (a, i) =>
      a && supportRule(`add-on ${a.name} ${a.version}`, `${a.name}@${a.version}`, a.supported_base_image_versions, layout.addOn.vars[i]!),
  );
  space.pkgs.forEach(
    (p, i) =>
      p && supportRule(`package ${p.pkg} ${p.version}`, `${p.pkg}@${p.version}`, p.supported_base_image_versions, layout.pkg.vars[i]!),
  );
  space.solutions.forEach((s, si) =>
    s.versions.forEach((sol, vi) =>
      supportRule(
        `solution ${sol.name} ${sol.version}`,
        `${sol.name}@${sol.version}`,
        sol.supported_base_image_versions,
        layout.solutions[si]!.vars[vi]!,
      ),
    ),
  );
}
