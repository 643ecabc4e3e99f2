// Solution components (SPEC §3.4): one version per component name that a chosen solution
// names, meeting the constraint of every chosen solution on it; none when no chosen solution
// names it.
import type { Catalog } from '../../catalog/catalog.js';
import type { Lit } from '../../sat/engine.js';
import { compareVersions, satisfies } from '../../version/version.js';
import type { Builder } from '../builder.js';
import { solutionComponentLevels, type CandidateSpace } from '../space.js';
import { combinationOf, type CombinationLevels, type SolutionComponentLevel } from './layout.js';

export interface SolutionComponents {
  levels: SolutionComponentLevel[];
  /** component name → literal "some chosen solution names it" */
  requires: Map<string, Lit>;
}

export function encodeSolutionComponents(
  b: Builder,
  catalog: Catalog,
  space: CandidateSpace,
  levels: CombinationLevels,
): SolutionComponents {
  const allSolutions = space.solutions.flatMap((s) => s.versions);
  // their places in the choices come after the combination's
  const firstIndex = combinationOf(levels).length;
  const scLevels = solutionComponentLevels(catalog, allSolutions).map((l, i): SolutionComponentLevel => {
    // only versions meeting at least one constraint can ever be chosen
    const versions = (catalog.componentsByName.get(l.name) ?? [])
      .filter((c) => allSolutions.some((s) => s.components.some((k) => k.name === l.name && satisfies(c.version, k.relation, k.version))))
      .map((c) => c.version)
      .sort((x, y) => compareVersions(y, x));
    return { kind: 'solution_component', name: l.name, versions, vars: versions.map(() => b.fresh()), index: firstIndex + i };
  });
  const requires = new Map<string, Lit>();
  for (const sc of scLevels) {
    const requiring: Lit[] = [];
    space.solutions.forEach((s, si) =>
      s.versions.forEach((sol, vi) => {
        const ks = sol.components.filter((k) => k.name === sc.name);
        if (ks.length === 0) return;
        const sv = levels.solutions[si]!.vars[vi]!;
        requiring.push(sv);
        sc.versions.forEach((version, xi) => {
          if (!ks.every((k) => satisfies(version, k.relation, k.version))) b.clause([-sv, -sc.vars[xi]!]);
        });
      }),
    );
    const req = b.or(requiring);
    requires.set(sc.name, req);
    b.clause([-req, ...sc.vars]);
    b.atMostOne(sc.vars);
    for (const x of sc.vars) b.clause([-x, req]);
  }
  return { levels: scLevels, requires };
}
