// The candidates a repair may choose from: the recommendation space widened by the operator's
// levers on the desired image. Each widening is an edit, counted once when used:
// - another add-on (package) than the desired one at or above its version;
// - a desired user component pinned below its pinned version;
// - a component added as a user component (only names that could change a rule's outcome: a
//   driver an HCL row names for a host device, a name some dependency asks for or that provides
//   one, a name some layer or solution sets, so that overriding it can lift a downgrade or a
//   conflict);
// - a desired solution dropped;
// - a removal of the desired image undone.
import { appliesTo, type Catalog } from '../../catalog/catalog.js';
import type { AddOn, Cluster, HardwareSupportPackage } from '../../model/types.js';
import { compareVersions } from '../../version/version.js';
import { cmpStr, desiredPackage, rankAddOns, rankPackages, recommendationSpace, type CandidateSpace, type UserLevel } from '../space.js';

export interface RepairSpace {
  space: CandidateSpace;
  /** by add-on index: choosing it is an edit of the desired image */
  addOnEdit: boolean[];
  pkgEdit: boolean[];
  /** by user level: which versions are an edit (pinned below the desired pin); optional levels are added components */
  userEdit: boolean[][];
}

const newestFirst = (versions: readonly string[]) => [...versions].sort((a, b) => compareVersions(b, a));

export function repairSpace(catalog: Catalog, cluster: Cluster): RepairSpace {
  const rec = recommendationSpace(catalog, cluster);
  const d = cluster.desired;
  const forAll = (scope: AddOn['hardware']) => cluster.hosts.every((h) => appliesTo(scope, h));

  let addOns = rec.addOns;
  let addOnEdit = addOns.map(() => false);
  if (d.add_on) {
    const wanted = d.add_on;
    addOns = rankAddOns(catalog.depot.add_ons.filter((a) => forAll(a.hardware)));
    addOnEdit = addOns.map((a) => !(a!.name === wanted.name && compareVersions(a!.version, wanted.version) >= 0));
  }
  let pkgs = rec.pkgs;
  let pkgEdit = pkgs.map(() => false);
  const wantedPkg = desiredPackage(d);
  if (wantedPkg) {
    pkgs = rankPackages(catalog.depot.hardware_support_packages.filter((p) => forAll(p.hardware)));
    const same = (p: HardwareSupportPackage) => p.manager === wantedPkg.manager && p.pkg === wantedPkg.pkg;
    pkgEdit = pkgs.map((p) => !(same(p!) && compareVersions(p!.version, wantedPkg.version) >= 0));
  }

  const users: { level: UserLevel; edit: boolean[] }[] = [];
  for (const u of rec.users) {
    const pinned = d.components?.[u.name];
    const all = newestFirst((catalog.componentsByName.get(u.name) ?? []).map((c) => c.version));
    const edit = all.map((v) => pinned != null && compareVersions(v, pinned) < 0);
    users.push({ level: { name: u.name, versions: all }, edit });
  }
  const desiredNames = new Set(rec.users.map((u) => u.name));
  for (const name of [...addableNames(catalog, cluster)].sort(cmpStr)) {
    if (desiredNames.has(name)) continue;
    const versions = newestFirst((catalog.componentsByName.get(name) ?? []).map((c) => c.version));
    if (versions.length) users.push({ level: { name, versions, optional: true }, edit: versions.map(() => false) });
  }
  users.sort((a, b) => cmpStr(a.level.name, b.level.name));

  return {
    space: {
      ...rec,
      addOns,
      pkgs,
      solutions: rec.solutions.map((s) => ({ ...s, optional: true })),
      users: users.map((u) => u.level),
    },
    addOnEdit,
    pkgEdit,
    userEdit: users.map((u) => u.edit),
  };
}

/** Component names whose addition as a user component can change whether some rule holds. */
function addableNames(catalog: Catalog, cluster: Cluster): Set<string> {
  const names = new Set<string>();
  const depot = catalog.depot;
  // drivers the HCL names for the hosts' devices
  for (const h of cluster.hosts) {
    for (const dev of h.devices) {
      const entry = catalog.hclDevice(dev);
      for (const rows of Object.values(entry?.releases ?? {})) for (const row of rows) names.add(row.driver);
    }
  }
  // names that layers or solutions set (overriding them lifts downgrades and conflicts)
  for (const b of depot.base_images) for (const n of Object.keys(b.components)) names.add(n);
  for (const x of [...depot.add_ons, ...depot.hardware_support_packages]) for (const n of Object.keys(x.components)) names.add(n);
  for (const s of depot.solutions) for (const k of s.components) names.add(k.name);
  // what dependencies ask for, and what provides it
  const wanted = new Set<string>();
  for (const c of depot.components) for (const k of c.depends) wanted.add(k.name);
  for (const c of depot.components) {
    if (wanted.has(c.name) || c.provides.some((p) => wanted.has(p.name))) names.add(c.name);
  }
  return names;
}
