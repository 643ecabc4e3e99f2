// The oracle: a brute-force enumerator that follows SPEC §3.4 line by line. Slow on purpose and
// obviously right; every engine is checked against it on many random small worlds. It builds its
// candidates from the depot itself, not from the engines' candidate space (src/plan/space.ts), so a
// mistake there cannot hide by being made twice.
import type {
  AddOn,
  BaseImage,
  Cluster,
  Constraint,
  HardwareScope,
  HardwareSupportPackage,
  Host,
  Image,
  ImageError,
  Recommendations,
  Solution,
  SoftwareSpec,
} from '../model/types.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Selection } from '../image/compose.js';
import { errorKey, validateSelection } from '../image/validate.js';
import { compareVersions, satisfies, seriesOf, versionsEqual } from '../version/version.js';

/** One ranked candidate list per level, newest first ("none" is null and last). */
export interface ReferenceSpace {
  bases: BaseImage[];
  addOns: (AddOn | null)[];
  pkgs: (HardwareSupportPackage | null)[];
  /** by solution name */
  solutions: { name: string; versions: Solution[] }[];
  /** by component name */
  users: { name: string; versions: string[] }[];
  removed: string[];
}

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

// ---- SPEC §3.4 candidates, read off the depot ------------------------------------------------

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const newestFirst = <T extends { version: string }>(list: readonly T[]) => [...list].sort((a, b) => compareVersions(b.version, a.version));
const atLeast = <T extends { version: string }>(list: readonly T[], min: string | null | undefined) =>
  min == null ? [...list] : list.filter((x) => compareVersions(x.version, min) >= 0);
const exactly = <T extends { version: string }>(list: readonly T[], v: string) => list.filter((x) => compareVersions(x.version, v) === 0);

/** SPEC §2.1: same vendor, and the family listed (no families: every family); no scope: every host. */
const covers = (scope: HardwareScope | undefined, host: Host) =>
  !scope || (scope.vendor === host.vendor && (scope.families.length === 0 || scope.families.includes(host.family)));

/** Add-ons rank by version, ties by name. */
const rankAddOns = (list: readonly AddOn[]) => [...list].sort((a, b) => compareVersions(b.version, a.version) || byName(a.name, b.name));
/** Packages rank by version, ties by manager, then pkg. */
const rankPackages = (list: readonly HardwareSupportPackage[]) =>
  [...list].sort((a, b) => compareVersions(b.version, a.version) || byName(a.manager, b.manager) || byName(a.pkg, b.pkg));

function wantedPackage(spec: SoftwareSpec): { manager: string; pkg: string; version: string } | undefined {
  const [entry] = Object.entries(spec.hardware_support?.packages ?? {});
  return entry && { manager: entry[0], pkg: entry[1].pkg, version: entry[1].version };
}

const componentVersions = (catalog: Catalog, name: string) => catalog.depot.components.filter((c) => c.name === name);

/** A solution version with a component constraint no depot version meets has no image: no candidate. */
const solutionHasImage = (catalog: Catalog, s: Solution) =>
  s.components.every((k) => componentVersions(catalog, k.name).some((c) => satisfies(c.version, k.relation, k.version)));

/** The candidates of SPEC §3.4 for recommending an image to the cluster. */
export function referenceSpace(catalog: Catalog, cluster: Cluster): ReferenceSpace {
  const d = cluster.desired;
  const { depot } = catalog;
  const forAllHosts = (scope: HardwareScope | undefined) => cluster.hosts.every((h) => covers(scope, h));
  const bases = newestFirst(atLeast(depot.base_images, d.base_image?.version));
  const addOns: (AddOn | null)[] = d.add_on
    ? rankAddOns(
        atLeast(
          depot.add_ons.filter((a) => a.name === d.add_on!.name),
          d.add_on.version,
        ),
      )
    : [...rankAddOns(depot.add_ons.filter((a) => forAllHosts(a.hardware))), null];
  const want = wantedPackage(d);
  const pkgs: (HardwareSupportPackage | null)[] = want
    ? rankPackages(
        atLeast(
          depot.hardware_support_packages.filter((p) => p.manager === want.manager && p.pkg === want.pkg),
          want.version,
        ),
      )
    : [...rankPackages(depot.hardware_support_packages.filter((p) => forAllHosts(p.hardware))), null];
  const solutions = Object.keys(d.solutions ?? {})
    .sort(byName)
    .map((name) => ({
      name,
      versions: newestFirst(
        atLeast(
          depot.solutions.filter((s) => s.name === name),
          d.solutions![name]!.version,
        ),
      ).filter((s) => solutionHasImage(catalog, s)),
    }));
  const users = Object.keys(d.components ?? {})
    .sort(byName)
    .map((name) => ({ name, versions: newestFirst(atLeast(componentVersions(catalog, name), d.components![name])).map((c) => c.version) }));
  return { bases, addOns, pkgs, solutions, users, removed: [...(d.removed_components ?? [])] };
}

/**
 * The candidates for validating a desired image: every pinned item exactly, an unpinned solution or
 * a null user component at any version. What the depot lacks is a NOT_IN_DEPOT error, left out.
 */
export function referenceValidationSpace(catalog: Catalog, spec: SoftwareSpec): { space: ReferenceSpace; missing: ImageError[] } {
  const { depot } = catalog;
  const missing: ImageError[] = [];
  const absent = (item: string) => missing.push({ code: 'NOT_IN_DEPOT', item, message: `${item} is not in the depot` });
  const bases = spec.base_image ? exactly(depot.base_images, spec.base_image.version) : [];
  if (spec.base_image && bases.length === 0) absent(spec.base_image.version);
  let addOns: (AddOn | null)[] = [null];
  if (spec.add_on) {
    addOns = exactly(
      depot.add_ons.filter((a) => a.name === spec.add_on!.name),
      spec.add_on.version,
    );
    if (addOns.length === 0) absent(`${spec.add_on.name}@${spec.add_on.version}`);
  }
  let pkgs: (HardwareSupportPackage | null)[] = [null];
  const want = wantedPackage(spec);
  if (want) {
    pkgs = exactly(
      depot.hardware_support_packages.filter((p) => p.manager === want.manager && p.pkg === want.pkg),
      want.version,
    );
    if (pkgs.length === 0) absent(`${want.pkg}@${want.version}`);
  }
  const solutions: ReferenceSpace['solutions'] = [];
  for (const name of Object.keys(spec.solutions ?? {}).sort(byName)) {
    const version = spec.solutions![name]!.version;
    const all = depot.solutions.filter((s) => s.name === name);
    const named = version == null ? newestFirst(all) : exactly(all, version);
    const versions = named.filter((s) => solutionHasImage(catalog, s));
    if (versions.length) solutions.push({ name, versions });
    else if (named.length === 0) absent(version == null ? name : `${name}@${version}`);
    else
      absent(
        named[0]!.components.find((k) => !componentVersions(catalog, k.name).some((c) => satisfies(c.version, k.relation, k.version)))!
          .name,
      );
  }
  const users: ReferenceSpace['users'] = [];
  for (const name of Object.keys(spec.components ?? {}).sort(byName)) {
    const version = spec.components![name];
    const all = componentVersions(catalog, name);
    const versions = (version == null ? newestFirst(all) : exactly(all, version)).map((c) => c.version);
    if (versions.length) users.push({ name, versions });
    else absent(version == null ? name : `${name}@${version}`);
  }
  return { space: { bases, addOns, pkgs, solutions, users, removed: [...(spec.removed_components ?? [])] }, missing };
}

/** Per component named by the chosen solutions: the depot versions meeting all their constraints on it. */
function solutionComponentLevels(catalog: Catalog, solutions: readonly Solution[]): { name: string; versions: string[] }[] {
  const constraints = new Map<string, Constraint[]>();
  for (const s of solutions) for (const k of s.components) constraints.set(k.name, [...(constraints.get(k.name) ?? []), k]);
  return [...constraints.keys()].sort(byName).map((name) => ({
    name,
    versions: newestFirst(componentVersions(catalog, name))
      .filter((c) => constraints.get(name)!.every((k) => satisfies(c.version, k.relation, k.version)))
      .map((c) => c.version),
  }));
}

/** The SPEC §4 image of a selection: each solution lists its component names once, in its order. */
function imageOf(sel: Selection): Image {
  const solutions: Image['solutions'] = {};
  for (const s of sel.solutions) {
    const names = [...new Set(s.components.map((k) => k.name))];
    solutions[s.name] = { version: s.version, components: names.map((name) => ({ name, version: sel.solutionComponents.get(name)! })) };
  }
  return {
    base_image: { version: sel.base.version },
    add_on: sel.addOn ? { name: sel.addOn.name, version: sel.addOn.version } : null,
    hardware_support: sel.pkg ? { packages: { [sel.pkg.manager]: { pkg: sel.pkg.pkg, version: sel.pkg.version } } } : null,
    solutions,
    components: Object.fromEntries(sel.user),
  };
}

// ---- enumeration -------------------------------------------------------------------------------

/** Every combination of the space, in rank order, with its validity and errors. */
export function* referenceCombinations(catalog: Catalog, cluster: Cluster, space: ReferenceSpace): Generator<ReferenceCombination> {
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
  space: ReferenceSpace,
  c: { base: BaseImage; addOn: AddOn | null; pkg: HardwareSupportPackage | null; solutions: Solution[]; userVersions: string[] },
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
    if (errors.length === 0 && !valid) valid = imageOf(sel);
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
  const space = referenceSpace(catalog, cluster);
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
    current_series: desired === undefined ? null : first((img) => seriesOf(img.base_image.version) === seriesOf(desired)),
    same_base: desired === undefined ? null : first((img) => versionsEqual(img.base_image.version, desired)),
  };
  const excludedBases = space.bases
    .filter((b) => !combinations.some((img) => versionsEqual(img.base_image.version, b.version)))
    .map((b) => b.version);
  return { recommendations, combinations, errorSetsByBase, excludedBases };
}

// ---- reasons -----------------------------------------------------------------------------------

/** A reason matches an error when their code and every field the reason sets are equal (SPEC §3.4). */
export function reasonMatches(reason: ImageError, error: ImageError): boolean {
  return (
    reason.code === error.code &&
    (reason.host === undefined || reason.host === error.host) &&
    (reason.device === undefined || reason.device === error.device) &&
    (reason.item === undefined || reason.item === error.item)
  );
}

/**
 * A smallest sound and complete set of reasons for a base image, by brute force: the fewest errors
 * of its combinations such that every combination has one of them. Errors are tried in the order
 * they first occur (software before hosts, hosts in cluster order), so among equally small sets the
 * first found names the first host of identical ones. Undefined when more than `maxSize` are needed.
 */
export function smallestReasons(errorSets: readonly ImageError[][], maxSize = 6): ImageError[] | undefined {
  const candidates = new Map<string, ImageError>();
  for (const s of errorSets) for (const e of s) if (!candidates.has(errorKey(e))) candidates.set(errorKey(e), e);
  const errors = [...candidates.values()];
  // which error sets each candidate hits, as a bit set over the sets
  const hits = errors.map((r) => errorSets.map((s) => s.some((e) => reasonMatches(r, e))));
  const covered = (chosen: number[]) => errorSets.every((_, i) => chosen.some((c) => hits[c]![i]));
  for (let size = 0; size <= Math.min(maxSize, errors.length); size++) {
    for (const chosen of subsets(errors.length, size)) if (covered(chosen)) return chosen.map((i) => errors[i]!);
  }
  return undefined;
}

/** The index subsets of {0..n-1} of one size, in lexicographic order. */
function* subsets(n: number, size: number, from = 0, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === size) {
    yield [...prefix];
    return;
  }
  for (let i = from; i <= n - (size - prefix.length); i++) {
    prefix.push(i);
    yield* subsets(n, size, i + 1, prefix);
    prefix.pop();
  }
}
