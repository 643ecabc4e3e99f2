// The oracle: a brute-force enumerator that follows SPEC §3.4 line by line. Slow on purpose and
// obviously right; every engine is checked against it on many random small worlds.
import type { Cluster, Image, ImageError, Recommendations, Solution } from '../model/types.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Selection } from '../image/compose.js';
import { validateSelection } from '../image/validate.js';
import { seriesOf, versionsEqual } from '../version/version.js';
import {
  recommendationSpace,
  solutionComponentLevels,
  toImage,
  type CandidateSpace,
} from './space.js';

export interface ReferenceCombination {
  /** the combination with the newest valid solution-component choice, when it is valid */
  valid: Image | null;
  baseVersion: string;
  /** errors of every solution-component choice of this combination (one list per choice) */
  errorSets: ImageError[][];
}

/** Every assignment of the levels, in rank order (lexicographic, newest first). */
export function* product<T>(levels: readonly (readonly T[])[], prefix: T[] = []): Generator<T[]> {
  if (prefix.length === levels.length) {
    yield [...prefix];
    return;
  }
  for (const choice of levels[prefix.length]!) {
    prefix.push(choice);
    yield* product(levels, prefix);
    prefix.pop();
  }
}

/** Every combination of the space, in rank order, with its validity and errors. */
export function* referenceCombinations(
  catalog: Catalog,
  cluster: Cluster,
  space: CandidateSpace,
): Generator<ReferenceCombination> {
  for (const base of space.bases) {
    for (const addOn of space.addOns) {
      for (const pkg of space.pkgs) {
        for (const solutions of product(space.solutions.map((l) => l.versions))) {
          for (const userVersions of product(space.users.map((l) => l.versions))) {
            yield evaluate(catalog, cluster, space, { base, addOn, pkg, solutions, userVersions });
          }
        }
      }
    }
  }
}

function evaluate(
  catalog: Catalog,
  cluster: Cluster,
  space: CandidateSpace,
  c: { base: Selection['base']; addOn: Selection['addOn']; pkg: Selection['pkg']; solutions: Solution[]; userVersions: string[] },
): ReferenceCombination {
  const user = new Map(space.users.map((l, i) => [l.name, c.userVersions[i]!]));
  const levels = solutionComponentLevels(catalog, c.solutions);
  const errorSets: ImageError[][] = [];
  // Solutions whose constraints on a shared component leave it no common version: there is no
  // image to judge (no error sets), so the combination is neither valid nor explained.
  let valid: Image | null = null;
  for (const versions of product(levels.map((l) => l.versions))) {
    const sel: Selection = {
      base: c.base,
      addOn: c.addOn,
      pkg: c.pkg,
      solutions: c.solutions,
      solutionComponents: new Map(levels.map((l, i) => [l.name, versions[i]!])),
      user,
      removed: space.removed,
    };
    const { errors } = validateSelection(catalog, sel, cluster.hosts);
    errorSets.push(errors);
    if (errors.length === 0 && !valid) valid = toImage(sel);
  }
  return { valid, baseVersion: c.base.version, errorSets };
}

export interface ReferenceResult {
  recommendations: Omit<Recommendations, 'excluded_base_images'>;
  /** every valid combination in rank order */
  combinations: Image[];
  /** base version → error sets of every (combination, solution-component choice) on it */
  errorSetsByBase: Map<string, ImageError[][]>;
  /** candidate base images with no valid combination, newest first */
  excludedBases: string[];
}

export function referencePlan(catalog: Catalog, cluster: Cluster): ReferenceResult {
  const space = recommendationSpace(catalog, cluster);
  const desired = cluster.desired.base_image?.version;
  const combinations: Image[] = [];
  const errorSetsByBase = new Map<string, ImageError[][]>();
  for (const combo of referenceCombinations(catalog, cluster, space)) {
    if (combo.valid) combinations.push(combo.valid);
    let sets = errorSetsByBase.get(combo.baseVersion);
    if (!sets) errorSetsByBase.set(combo.baseVersion, (sets = []));
    sets.push(...combo.errorSets);
  }
  const first = (pred: (img: Image) => boolean) => combinations.find(pred) ?? null;
  const latest = first(() => true);
  const recommendations = {
    latest,
    current_series:
      desired === undefined ? null : first((img) => seriesOf(img.base_image.version) === seriesOf(desired)),
    same_base: desired === undefined ? null : first((img) => versionsEqual(img.base_image.version, desired)),
  };
  const excludedBases = space.bases
    .filter((b) => !combinations.some((img) => versionsEqual(img.base_image.version, b.version)))
    .map((b) => b.version);
  return { recommendations, combinations, errorSetsByBase, excludedBases };
}
