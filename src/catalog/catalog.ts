// The catalog: a depot and an HCL indexed once. Versions are sorted once per name; lookups are
// by interned keys; HCL rows are found by (device, release) with the wildcard rule of SPEC §2.2.
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
import { compareVersions, prefixMatches, versionKey } from '../version/version.js';

const key = (...parts: string[]) => parts.join('\u0000');

export function pciString(id: PciId): string {
  return `${id.vid}:${id.did}:${id.svid}:${id.ssid}`;
}

/** How specific a (possibly wildcard) PCI pattern is for a device, or -1 when it does not match. */
export function pciMatchScore(pattern: PciId, device: PciId): number {
  if (pattern.vid !== device.vid || pattern.did !== device.did) return -1;
  let score = 0;
  if (pattern.svid === device.svid) score += 2;
  else if (pattern.svid !== '*') return -1;
  if (pattern.ssid === device.ssid) score += 1;
  else if (pattern.ssid !== '*') return -1;
  return score;
}

/** The most specific pattern matching the device (an exact four-part match wins over a wildcard). */
export function bestPciMatch<T extends PciId>(patterns: readonly T[], device: PciId): T | undefined {
  let best: T | undefined;
  let bestScore = -1;
  for (const p of patterns) {
    const s = pciMatchScore(p, device);
    if (s > bestScore) {
      best = p;
      bestScore = s;
    }
  }
  return best;
}

export function appliesTo(scope: HardwareScope | undefined, host: Host): boolean {
  if (!scope) return true;
  return scope.vendor === host.vendor && (scope.families.length === 0 || scope.families.includes(host.family));
}

/** Missing or empty `supported_base_image_versions` supports every base image. */
export function supportsBase(supported: readonly string[], baseVersion: string): boolean {
  return supported.length === 0 || supported.some((p) => prefixMatches(p, baseVersion));
}

const byVersion = <T extends { version: string }>(a: T, b: T) => compareVersions(a.version, b.version);

function groupSorted<T extends { version: string }>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = keyOf(it);
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(it);
  }
  for (const list of m.values()) list.sort(byVersion);
  return m;
}

export interface ProvideEntry {
  component: Component;
  /** the provided version, when the entry carries one */
  version?: string;
}

export class Catalog {
  /** name → components, oldest first */
  readonly componentsByName: Map<string, Component[]>;
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

  private readonly componentIndex = new Map<string, Component>();
  private readonly baseIndex = new Map<string, BaseImage>();
  private readonly serverReleases = new Map<string, Set<string>>();
  private readonly devicesByVidDid = new Map<string, HclDevice[]>();
  private readonly releaseCache = new Map<string, HclRelease | null>();

  constructor(
    readonly depot: Depot,
    readonly hcl: Hcl,
  ) {
    this.componentsByName = groupSorted(depot.components, (c) => c.name);
    for (const c of depot.components) this.componentIndex.set(key(c.name, versionKey(c.version)), c);
    this.providers = new Map();
    for (const c of depot.components) {
      for (const p of c.provides) {
        let list = this.providers.get(p.name);
        if (!list) this.providers.set(p.name, (list = []));
        list.push(p.version === undefined ? { component: c } : { component: c, version: p.version });
      }
    }
    this.baseImages = [...depot.base_images].sort(byVersion);
    for (const b of this.baseImages) this.baseIndex.set(versionKey(b.version), b);
    this.addOnsByName = groupSorted(depot.add_ons, (a) => a.name);
    this.packagesById = groupSorted(depot.hardware_support_packages, (p) => key(p.manager, p.pkg));
    this.solutionsByName = groupSorted(depot.solutions, (s) => s.name);

    for (const s of hcl.servers) this.serverReleases.set(key(s.vendor, s.model), new Set(s.releases));
    this.classesWithRules = new Set(hcl.devices.map((d) => d.class));
    for (const d of hcl.devices) {
      const k = key(d.vid, d.did);
      let list = this.devicesByVidDid.get(k);
      if (!list) this.devicesByVidDid.set(k, (list = []));
      list.push(d);
    }
  }

  component(name: string, version: string): Component | undefined {
    return this.componentIndex.get(key(name, versionKey(version)));
  }

  baseImage(version: string): BaseImage | undefined {
    return this.baseIndex.get(versionKey(version));
  }

  addOn(name: string, version: string): AddOn | undefined {
    return this.addOnsByName.get(name)?.find((a) => compareVersions(a.version, version) === 0);
  }

  package(manager: string, pkg: string, version: string): HardwareSupportPackage | undefined {
    return this.packagesById.get(key(manager, pkg))?.find((p) => compareVersions(p.version, version) === 0);
  }

  packageVersions(manager: string, pkg: string): HardwareSupportPackage[] {
    return this.packagesById.get(key(manager, pkg)) ?? [];
  }

  solution(name: string, version: string): Solution | undefined {
    return this.solutionsByName.get(name)?.find((s) => compareVersions(s.version, version) === 0);
  }

  /** The HCL release a base image belongs to: the longest matching prefix wins. */
  releaseOf(baseVersion: string): HclRelease | undefined {
    const cached = this.releaseCache.get(baseVersion);
    if (cached !== undefined) return cached ?? undefined;
    let best: HclRelease | undefined;
    let bestLen = -1;
    for (const r of this.hcl.releases) {
      for (const p of r.base_image_versions) {
        if (p.length > bestLen && prefixMatches(p, baseVersion)) {
          best = r;
          bestLen = p.length;
        }
      }
    }
    this.releaseCache.set(baseVersion, best ?? null);
    return best;
  }

  /** Is the host's server certified for the release of this base image? */
  serverCertified(host: Host, baseVersion: string): boolean {
    const release = this.releaseOf(baseVersion);
    return release !== undefined && (this.serverReleases.get(key(host.vendor, host.model))?.has(release.name) ?? false);
  }

  /** The HCL entry for a host device (exact four-part match wins over wildcards). */
  hclDevice(device: PciId): HclDevice | undefined {
    const candidates = this.devicesByVidDid.get(key(device.vid, device.did));
    return candidates ? bestPciMatch(candidates, device) : undefined;
  }
}

/** The package's firmware version for a device, when the package lists it. */
export function packageFirmwareFor(pkg: HardwareSupportPackage | null | undefined, device: PciId): string | undefined {
  if (!pkg || pkg.firmware.length === 0) return undefined;
  return bestPciMatch(pkg.firmware, device)?.version;
}
