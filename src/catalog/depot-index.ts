// The depot indexed once: versions sorted once per name (components' when first asked), lookups
// by interned version keys.
import type { AddOn, BaseImage, Component, Depot, HardwareSupportPackage, Solution } from '../model/types.js';
import { compareVersions, sortByVersion, versionKey } from '../version/version.js';
import { ComponentsByName } from './components-by-name.js';
import { pairKey } from './pair-key.js';

function groupSorted<T extends { version: string }>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = keyOf(it);
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(it);
  }
  for (const list of m.values()) sortByVersion(list);
  return m;
}

export interface ProvideEntry {
  component: Component;
  /** the provided version, when the entry carries one */
  version?: string;
}

export class DepotIndex {
  /** name → components, oldest first */
  readonly componentsByName: ComponentsByName;
  /** capability name → the components providing it */
  readonly providers: Map<string, ProvideEntry[]>;
  /** oldest first */
  readonly baseImages: BaseImage[];
  /** name → add-ons, oldest first */
  readonly addOnsByName: Map<string, AddOn[]>;
  /** manager\0pkg → packages, oldest first */
  readonly packagesById: Map<string, HardwareSupportPackage[]>;
  /** name → solutions, oldest first */
  readonly solutionsByName: Map<string, Solution[]>;

  private readonly baseIndex = new Map<string, BaseImage>();

  /**
   * `narrows`: an index of a depot with the same component list, of whose other items `depot`
   * keeps a part (what-if removals): its component indexes are shared and its sorted lists
   * filtered, instead of indexing the components again (most of the cost). A depot with an item
   * `narrows` lacks is indexed in full.
   */
  constructor(
    readonly depot: Depot,
    narrows?: DepotIndex,
  ) {
    const part = narrows && narrows.depot.components === depot.components ? narrowed(narrows, depot) : undefined;
    if (part) {
      this.componentsByName = narrows!.componentsByName;
      this.providers = narrows!.providers;
      this.baseImages = part.baseImages;
      for (const b of this.baseImages) this.baseIndex.set(versionKey(b.version), b);
      this.addOnsByName = part.addOnsByName;
      this.packagesById = part.packagesById;
      this.solutionsByName = part.solutionsByName;
      return;
    }
    this.componentsByName = new ComponentsByName();
    this.providers = new Map();
    // one pass: each component's object is read once (a fresh catalog's cost is mostly reading)
    for (const c of depot.components) {
      this.componentsByName.add(c);
      for (const p of c.provides) {
        let list = this.providers.get(p.name);
        if (!list) this.providers.set(p.name, (list = []));
        list.push(p.version === undefined ? { component: c } : { component: c, version: p.version });
      }
    }
    this.baseImages = sortByVersion([...depot.base_images]);
    for (const b of this.baseImages) this.baseIndex.set(versionKey(b.version), b);
    this.addOnsByName = groupSorted(depot.add_ons, (a) => a.name);
    this.packagesById = groupSorted(depot.hardware_support_packages, (p) => pairKey(p.manager, p.pkg));
    this.solutionsByName = groupSorted(depot.solutions, (s) => s.name);
  }

  component(name: string, version: string): Component | undefined {
    return this.componentByKey(name, versionKey(version));
  }

  /** component() by a version's versionKey */
  componentByKey(name: string, key: string): Component | undefined {
    return this.componentsByName.byKey(name, key);
  }

  baseImage(version: string): BaseImage | undefined {
    return this.baseIndex.get(versionKey(version));
  }

  addOn(name: string, version: string): AddOn | undefined {
    return this.addOnsByName.get(name)?.find((a) => compareVersions(a.version, version) === 0);
  }

  package(manager: string, pkg: string, version: string): HardwareSupportPackage | undefined {
    return this.packagesById.get(pairKey(manager, pkg))?.find((p) => compareVersions(p.version, version) === 0);
  }

  packageVersions(manager: string, pkg: string): HardwareSupportPackage[] {
    return this.packagesById.get(pairKey(manager, pkg)) ?? [];
  }

  solution(name: string, version: string): Solution | undefined {
    return this.solutionsByName.get(name)?.find((s) => compareVersions(s.version, version) === 0);
  }
}

/** The sorted lists of `index` kept by `depot`, or undefined when `depot` has an item they lack. */
function narrowed(
  index: DepotIndex,
  depot: Depot,
): Pick<DepotIndex, 'baseImages' | 'addOnsByName' | 'packagesById' | 'solutionsByName'> | undefined {
  let count = 0;
  const kept = <T>(all: readonly T[], items: readonly T[]) => {
    const keep = new Set(items);
    const out = all.filter((x) => keep.has(x));
    count += out.length;
    return out;
  };
  // keys in the order a full index has them (first appearance in `items`)
  const keptGroups = <T>(all: Map<string, T[]>, items: readonly T[], keyOf: (x: T) => string) => {
    const keep = new Set(items);
    const m = new Map<string, T[]>();
    for (const it of items) {
      const k = keyOf(it);
      if (m.has(k)) continue;
      const left = (all.get(k) ?? []).filter((x) => keep.has(x));
      count += left.length;
      m.set(k, left);
    }
    return m;
  };
  const part = {
    baseImages: kept(index.baseImages, depot.base_images),
    addOnsByName: keptGroups(index.addOnsByName, depot.add_ons, (a) => a.name),
    packagesById: keptGroups(index.packagesById, depot.hardware_support_packages, (p) => pairKey(p.manager, p.pkg)),
    solutionsByName: keptGroups(index.solutionsByName, depot.solutions, (s) => s.name),
  };
  const total = depot.base_images.length + depot.add_ons.length + depot.hardware_support_packages.length + depot.solutions.length;
  return count === total ? part : undefined;
}
