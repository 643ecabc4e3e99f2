// The HCL indexed once: servers by (vendor, model), device entries by (vid, did) with the
// wildcard rule of SPEC §2.2, and the release of each base image (cached as asked).
import type { Hcl, HclDevice, HclRelease, HclServer, Host, PciId } from '../model/types.js';
import { prefixMatches } from '../version/version.js';
import { bestPciMatch } from './pci.js';
import { pairKey } from './pair-key.js';

/** Above this many replaced device entries, indexing the devices again is as cheap as patching. */
const MAX_PATCHED_DEVICES = 64;

/** vid → did → entries: nested, so that indexing thousands of entries builds no key string */
type ByVidDid = Map<string, Map<string, HclDevice[]>>;

interface DeviceIndex {
  byVidDid: ByVidDid;
  /**
   * Lists of byVidDid replaced by a patch, by pairKey(vid, did) (an index of an edited HCL shares
   * byVidDid with the one it was patched from: copying thousands of entries per what-if HCL edit
   * was the largest allocation of the what-if mix)
   */
  patched: Map<string, HclDevice[]>;
  /** device classes that have at least one HCL entry: only those carry rules */
  classes: Set<string>;
}

/** Lists a chain of patches may replace before the devices are indexed afresh. */
const MAX_PATCHED_LISTS = 256;

function serverIndex(servers: readonly HclServer[]): Map<string, Set<string>> {
  return new Map(servers.map((s) => [pairKey(s.vendor, s.model), new Set(s.releases)]));
}

function deviceIndex(devices: readonly HclDevice[]): DeviceIndex {
  const byVidDid: ByVidDid = new Map();
  const classes = new Set<string>();
  for (const d of devices) {
    let dids = byVidDid.get(d.vid);
    if (!dids) byVidDid.set(d.vid, (dids = new Map()));
    const list = dids.get(d.did);
    if (list) list.push(d);
    else dids.set(d.did, [d]);
    classes.add(d.class);
  }
  return { byVidDid, patched: new Map(), classes };
}

export class HclIndex {
  /** device classes that have at least one HCL entry: only those carry rules */
  readonly classesWithRules: Set<string>;

  private readonly serverReleases: Map<string, Set<string>>;
  private readonly devicesByVidDid: ByVidDid;
  private readonly devicePatches: Map<string, HclDevice[]>;
  private readonly releaseCache: Map<string, HclRelease | null>;

  /**
   * Indexes `hcl`. With `previous`, the index of an earlier version of it, the parts that are
   * the same objects are shared and device entries replaced in place (the usual HCL edit of a
   * what-if) are patched, so a small HCL change does not index thousands of entries again.
   */
  constructor(
    readonly hcl: Hcl,
    previous?: HclIndex,
  ) {
    const old = previous?.hcl;
    // the release of a base image depends on the releases alone: share the (lazily filled) cache
    this.releaseCache = previous && hcl.releases === old!.releases ? previous.releaseCache : new Map();
    this.serverReleases = previous && hcl.servers === old!.servers ? previous.serverReleases : serverIndex(hcl.servers);
    const devices = previous?.patchedDevices(hcl.devices) ?? deviceIndex(hcl.devices);
    this.devicesByVidDid = devices.byVidDid;
    this.devicePatches = devices.patched;
    this.classesWithRules = devices.classes;
  }

  /** This index's devices with some entries replaced by ones of the same id and class; undefined when `devices` differs more. */
  private patchedDevices(devices: readonly HclDevice[]): DeviceIndex | undefined {
    const old = this.hcl.devices;
    const byVidDid = this.devicesByVidDid;
    if (devices === old) return { byVidDid, patched: this.devicePatches, classes: this.classesWithRules };
    if (devices.length !== old.length) return undefined;
    const changed: number[] = [];
    for (let i = 0; i < devices.length; i++) if (devices[i] !== old[i]) changed.push(i);
    if (changed.length > MAX_PATCHED_DEVICES || this.devicePatches.size + changed.length > MAX_PATCHED_LISTS) return undefined;
    const patched = new Map(this.devicePatches);
    for (const i of changed) {
      const was = old[i]!;
      const now = devices[i]!;
      if (was.vid !== now.vid || was.did !== now.did || was.svid !== now.svid || was.ssid !== now.ssid || was.class !== now.class)
        return undefined;
      const k = pairKey(was.vid, was.did);
      const list = patched.get(k) ?? byVidDid.get(was.vid)?.get(was.did);
      const at = list?.indexOf(was) ?? -1;
      if (!list || at < 0) return undefined;
      const copy = [...list];
      copy[at] = now;
      patched.set(k, copy);
    }
    return { byVidDid, patched, classes: this.classesWithRules };
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
    return release !== undefined && (this.serverReleases.get(pairKey(host.vendor, host.model))?.has(release.name) ?? false);
  }

  /** The HCL entry for a host device (exact four-part match wins over wildcards). */
  hclDevice(device: PciId): HclDevice | undefined {
    const candidates =
      (this.devicePatches.size ? this.devicePatches.get(pairKey(device.vid, device.did)) : undefined) ??
      this.devicesByVidDid.get(device.vid)?.get(device.did);
    return candidates ? bestPciMatch(candidates, device) : undefined;
  }
}
