// Base-image support (SPEC §3.2): an add-on, package or solution is only used on the base
// images it supports.
import { supportsBase } from '../../catalog/catalog.js';
import type { Lit } from '../../sat/engine.js';
import type { Catalog } from '../../catalog/catalog.js';
import { templated } from '../templates.js';
import type { Builder } from '../builder.js';
import type { CandidateSpace } from '../space.js';
import type { LevelLayout } from './layout.js';

/**
 * Base images in `dropped` (ruled out by the pre-filter) are left out of the rules: they are false
 * in every planner model, and an explanation assumes another base image.
 */
export function encodeBaseSupport(
  b: Builder,
  catalog: Catalog,
  space: CandidateSpace,
  layout: LevelLayout,
  dropped?: ReadonlyMap<number, unknown>,
): void {
  // items sharing their supported versions share one disjunction of the bases they do not support
  const unsupportedBy = new Map<string, Lit | null>();
  const unsupported = (supported: readonly string[]): Lit | null => {
    const key = supported.join('\u0000');
    let lit = unsupportedBy.get(key);
    if (lit === undefined) {
      const supports = supportMemo(catalog, key, supported);
      const bases = layout.base.vars.filter((_, i) => !dropped?.has(i) && !supports(space.bases[i]!.version));
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

/** supportsBase per catalog and supported list: a fleet asks the same lists of the same base images. */
const supportMemos = new WeakMap<Catalog, Map<string, Map<string, boolean>>>();

function supportMemo(catalog: Catalog, key: string, supported: readonly string[]): (version: string) => boolean {
  let lists = supportMemos.get(catalog);
  if (!lists) supportMemos.set(catalog, (lists = new Map()));
  let answers = lists.get(key);
  if (!answers) lists.set(key, (answers = new Map()));
  const known = answers;
  return (version) => {
    let a = known.get(version);
    if (a === undefined) known.set(version, (a = supportsBase(supported, version)));
    return a;
  };
}
