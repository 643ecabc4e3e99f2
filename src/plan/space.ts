// The candidate space of SPEC §3.4: one ranked list of candidates per level, newest first.
// Both the reference enumerator and the SAT encoding work on this; they differ only in how
// they search it.
import type { AddOn, BaseImage, Cluster, HardwareSupportPackage, Image, ImageError, Solution, SoftwareSpec } from '../model/types.js';
import { appliesTo, type Catalog } from '../catalog/catalog.js';
import { compareVersions, satisfies } from '../version/version.js';
import type { Selection } from '../image/compose.js';

export interface SolutionLevel {
  name: string;
  /** newest first */
  versions: Solution[];
  /** repairs only: the level may also choose no version (the solution dropped), after the versions */
  optional?: boolean;
}

export interface UserLevel {
  name: string;
  /** newest first */
  versions: string[];
  /** repairs only: the level may also choose no version (the component not added), after the versions */
  optional?: boolean;
}

export interface CandidateSpace {
  bases: BaseImage[];
  /** null is "none" and always ranks last */
  addOns: (AddOn | null)[];
  pkgs: (HardwareSupportPackage | null)[];
  /** by solution name */
  solutions: SolutionLevel[];
  /** by component name */
  users: UserLevel[];
  removed: string[];
}

const newestFirst = <T extends { version: string }>(list: readonly T[]) => [...list].sort((a, b) => compareVersions(b.version, a.version));

/** Add-ons rank by version (newest first), ties by name; "none" last. */
export function rankAddOns(list: readonly AddOn[]): AddOn[] {
  return [...list].sort((a, b) => compareVersions(b.version, a.version) || cmpStr(a.name, b.name));
}

/** Packages rank by version (newest first), ties by manager, then pkg; "none" last. */
export function rankPackages(list: readonly HardwareSupportPackage[]): HardwareSupportPackage[] {
  return [...list].sort((a, b) => compareVersions(b.version, a.version) || cmpStr(a.manager, b.manager) || cmpStr(a.pkg, b.pkg));
}

export const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const atLeast = <T extends { version: string }>(list: readonly T[], min: string | undefined | null) =>
  min == null ? [...list] : list.filter((x) => compareVersions(x.version, min) >= 0);

/** Candidates for recommendation (SPEC §3.4): versions >= the desired ones. */
export function recommendationSpace(catalog: Catalog, cluster: Cluster): CandidateSpace {
  const d = cluster.desired;
  const bases = newestFirst(atLeast(catalog.baseImages, d.base_image?.version));
  const appliesToAll = (scope: AddOn['hardware']) => cluster.hosts.every((h) => appliesTo(scope, h));

  let addOns: (AddOn | null)[];
  if (d.add_on) addOns = rankAddOns(atLeast(catalog.addOnsByName.get(d.add_on.name) ?? [], d.add_on.version));
  else addOns = [...rankAddOns(catalog.depot.add_ons.filter((a) => appliesToAll(a.hardware))), null];

  let pkgs: (HardwareSupportPackage | null)[];
  const wanted = desiredPackage(d);
  if (wanted) pkgs = rankPackages(atLeast(catalog.packageVersions(wanted.manager, wanted.pkg), wanted.version));
  else pkgs = [...rankPackages(catalog.depot.hardware_support_packages.filter((p) => appliesToAll(p.hardware))), null];

  // A solution version one of whose constraints picks no depot version is no candidate: there
  // is no image with it to be valid or invalid.
  const solutions = Object.keys(d.solutions ?? {})
    .sort(cmpStr)
    .map((name) => ({
      name,
      versions: newestFirst(atLeast(catalog.solutionsByName.get(name) ?? [], d.solutions![name]!.version)).filter(
        (s) => unmetSolutionComponent(catalog, s) === undefined,
      ),
    }));
  const users = Object.keys(d.components ?? {})
    .sort(cmpStr)
    .map((name) => ({
      name,
      versions: newestFirst(atLeast(catalog.componentsByName.get(name) ?? [], d.components![name])).map((c) => c.version),
    }));
  return { bases, addOns, pkgs, solutions, users, removed: [...(d.removed_components ?? [])] };
}

export function desiredPackage(d: SoftwareSpec): { manager: string; pkg: string; version: string } | undefined {
  const entries = Object.entries(d.hardware_support?.packages ?? {});
  if (entries.length === 0) return undefined;
  const [manager, ref] = entries[0]!;
  return { manager, pkg: ref.pkg, version: ref.version };
}

/**
 * Candidates for validating a desired image: every pinned item exactly; a solution without a
 * version or a user component with a null version may take any version. Items missing from the
 * depot are returned as NOT_IN_DEPOT errors and left out of the space.
 */
export function validationSpace(catalog: Catalog, spec: SoftwareSpec): { space: CandidateSpace; missing: ImageError[] } {
  const missing: ImageError[] = [];
  const notInDepot = (what: string, item: string) => missing.push({ code: 'NOT_IN_DEPOT', item, message: `${what} is not in the depot` });

  const bases: BaseImage[] = [];
  if (spec.base_image) {
    const b = catalog.baseImage(spec.base_image.version);
    if (b) bases.push(b);
    else notInDepot(`base image ${spec.base_image.version}`, spec.base_image.version);
  }
  let addOns: (AddOn | null)[] = [null];
  if (spec.add_on) {
    const a = catalog.addOn(spec.add_on.name, spec.add_on.version);
    if (a) addOns = [a];
    else notInDepot(`add-on ${spec.add_on.name} ${spec.add_on.version}`, `${spec.add_on.name}@${spec.add_on.version}`);
  }
  let pkgs: (HardwareSupportPackage | null)[] = [null];
  const wanted = desiredPackage(spec);
  if (wanted) {
    const p = catalog.package(wanted.manager, wanted.pkg, wanted.version);
    if (p) pkgs = [p];
    else notInDepot(`package ${wanted.manager}/${wanted.pkg} ${wanted.version}`, `${wanted.pkg}@${wanted.version}`);
  }
  const solutions: SolutionLevel[] = [];
  for (const name of Object.keys(spec.solutions ?? {}).sort(cmpStr)) {
    const version = spec.solutions![name]!.version;
    const all = catalog.solutionsByName.get(name) ?? [];
    const named = version == null ? newestFirst(all) : all.filter((s) => compareVersions(s.version, version) === 0);
    // a solution version with a component constraint no depot version meets has no image
    const versions = named.filter((s) => unmetSolutionComponent(catalog, s) === undefined);
    if (versions.length) solutions.push({ name, versions });
    else if (named.length === 0)
      notInDepot(`solution ${name}${version == null ? '' : ` ${version}`}`, version == null ? name : `${name}@${version}`);
    else {
      const k = unmetSolutionComponent(catalog, named[0]!)!;
      const bound = k.relation ? ` ${k.relation} ${k.version}` : '';
      missing.push({
        code: 'NOT_IN_DEPOT',
        item: k.name,
        message: `component ${k.name}${bound}, named by solution ${name} ${named[0]!.version}, is not in the depot`,
      });
    }
  }
  const users: UserLevel[] = [];
  for (const name of Object.keys(spec.components ?? {}).sort(cmpStr)) {
    const version = spec.components![name];
    const all = catalog.componentsByName.get(name) ?? [];
    const versions = (version == null ? newestFirst(all) : all.filter((c) => compareVersions(c.version, version) === 0)).map(
      (c) => c.version,
    );
    if (versions.length) users.push({ name, versions });
    else notInDepot(`component ${name}${version == null ? '' : ` ${version}`}`, version == null ? name : `${name}@${version}`);
  }
  return { space: { bases, addOns, pkgs, solutions, users, removed: [...(spec.removed_components ?? [])] }, missing };
}

/** The first component constraint of a solution that no depot version meets. */
function unmetSolutionComponent(catalog: Catalog, s: Solution): Solution['components'][number] | undefined {
  return s.components.find((k) => !(catalog.componentsByName.get(k.name) ?? []).some((c) => satisfies(c.version, k.relation, k.version)));
}

export interface SolutionComponentLevel {
  name: string;
  /** depot versions meeting every constraint on this name of the chosen solutions, newest first */
  versions: string[];
}

/** The solution-component levels for a choice of solution versions, by component name. */
export function solutionComponentLevels(catalog: Catalog, solutions: readonly Solution[]): SolutionComponentLevel[] {
  const names = [...new Set(solutions.flatMap((s) => s.components.map((k) => k.name)))].sort(cmpStr);
  return names.map((name) => {
    const constraints = solutions.flatMap((s) => s.components.filter((k) => k.name === name));
    const versions = newestFirst(catalog.componentsByName.get(name) ?? [])
      .filter((c) => constraints.every((k) => satisfies(c.version, k.relation, k.version)))
      .map((c) => c.version);
    return { name, versions };
  });
}

/** The SPEC §4 image of a selection. */
export function toImage(sel: Selection): Image {
  const solutions: Image['solutions'] = {};
  for (const s of sel.solutions) {
    const seen = new Set<string>();
    const components: { name: string; version: string }[] = [];
    for (const k of s.components) {
      if (seen.has(k.name)) continue;
      seen.add(k.name);
      components.push({ name: k.name, version: sel.solutionComponents.get(k.name)! });
    }
    solutions[s.name] = { version: s.version, components };
  }
  return {
    base_image: { version: sel.base.version },
    add_on: sel.addOn ? { name: sel.addOn.name, version: sel.addOn.version } : null,
    hardware_support: sel.pkg ? { packages: { [sel.pkg.manager]: { pkg: sel.pkg.pkg, version: sel.pkg.version } } } : null,
    solutions,
    components: Object.fromEntries(sel.user),
  };
}
