// The catalog: a depot index and an HCL index. They are built apart so that a catalog for the
// same depot under another HCL (what-if) shares the depot index instead of building it again.
import type {
  AddOn,
  BaseImage,
  Component,
  Depot,
  HardwareScope,
  HardwareSupportPackage,
  Hcl,
  HclDevice,
  HclRelease,
  Host,
  PciId,
  Solution,
} from '../model/types.js';
import { prefixMatches } from '../version/version.js';
import type { ComponentsByName } from './components-by-name.js';
import { DepotIndex, type ProvideEntry } from './depot-index.js';
import { HclIndex } from './hcl-index.js';
import { bestPciMatch } from './pci.js';

export { DepotIndex, type ProvideEntry } from './depot-index.js';
export { HclIndex } from './hcl-index.js';
export { bestPciMatch, pciMatchScore, pciString } from './pci.js';

export function appliesTo(scope: HardwareScope | undefined, host: Host): boolean {
  if (!scope) return true;
  return scope.vendor === host.vendor && (scope.families.length === 0 || scope.families.includes(host.family));
}

/** Missing or empty `supported_base_image_versions` supports every base image. */
export function supportsBase(supported: readonly string[], baseVersion: string): boolean {
  return supported.length === 0 || supported.some((p) => prefixMatches(p, baseVersion));
}

export class Catalog {
  readonly depotIndex: DepotIndex;
  readonly hclIndex: HclIndex;
  readonly depot: Depot;
  readonly hcl: Hcl;
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
  /** device classes that have at least one HCL entry: only those carry rules */
  readonly classesWithRules: Set<string>;

  /** Indexes what is given as documents; an index given is shared as it is. */
  constructor(depot: Depot | DepotIndex, hcl: Hcl | HclIndex) {
    const d = (this.depotIndex = depot instanceof DepotIndex ? depot : new DepotIndex(depot));
    const h = (this.hclIndex = hcl instanceof HclIndex ? hcl : new HclIndex(hcl));
    this.depot = d.depot;
    this.hcl = h.hcl;
    this.componentsByName = d.componentsByName;
    this.providers = d.providers;
    this.baseImages = d.baseImages;
    this.addOnsByName = d.addOnsByName;
    this.packagesById = d.packagesById;
    this.solutionsByName = d.solutionsByName;
    this.classesWithRules = h.classesWithRules;
  }

  /**
   * This catalog's depot under another HCL: the depot index is shared, and an HCL document is
   * indexed sharing what it has in common with this catalog's HCL (see HclIndex).
   */
  withHcl(hcl: Hcl | HclIndex): Catalog {
    if (hcl === this.hcl || hcl === this.hclIndex) return this;
    return new Catalog(this.depotIndex, hcl instanceof HclIndex ? hcl : new HclIndex(hcl, this.hclIndex));
  }

  component(name: string, version: string): Component | undefined {
    return this.depotIndex.component(name, version);
  }

  /** component() by a version's versionKey (src/version/version.ts) */
  componentByKey(name: string, key: string): Component | undefined {
    return this.depotIndex.componentByKey(name, key);
  }

  baseImage(version: string): BaseImage | undefined {
    return this.depotIndex.baseImage(version);
  }

  addOn(name: string, version: string): AddOn | undefined {
    return this.depotIndex.addOn(name, version);
  }

  package(manager: string, pkg: string, version: string): HardwareSupportPackage | undefined {
    return this.depotIndex.package(manager, pkg, version);
  }

  packageVersions(manager: string, pkg: string): HardwareSupportPackage[] {
    return this.depotIndex.packageVersions(manager, pkg);
  }

  solution(name: string, version: string): Solution | undefined {
    return this.depotIndex.solution(name, version);
  }

  /** The HCL release a base image belongs to: the longest matching prefix wins. */
  releaseOf(baseVersion: string): HclRelease | undefined {
    return this.hclIndex.releaseOf(baseVersion);
  }

  /** Is the host's server certified for the release of this base image? */
  serverCertified(host: Host, baseVersion: string): boolean {
    return this.hclIndex.serverCertified(host, baseVersion);
  }

  /** The HCL entry for a host device (exact four-part match wins over wildcards). */
  hclDevice(device: PciId): HclDevice | undefined {
    return this.hclIndex.hclDevice(device);
  }
}

/** The package's firmware version for a device, when the package lists it. */
export function packageFirmwareFor(pkg: HardwareSupportPackage | null | undefined, device: PciId): string | undefined {
  if (!pkg || pkg.firmware.length === 0) return undefined;
  return bestPciMatch(pkg.firmware, device)?.version;
}
