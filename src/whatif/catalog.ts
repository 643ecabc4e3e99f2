// A catalog for the same depot under another HCL, without indexing the depot again: the depot
// indexes are shared with the baseline catalog, the HCL indexes are built for the new HCL.
// Indexing a vendor-size depot takes tens of milliseconds; an HCL what-if should not pay that.
import { Catalog } from '../catalog/catalog.js';
import type { Depot, Hcl, HclDevice } from '../model/types.js';

const EMPTY_DEPOT: Depot = { components: [], base_images: [], add_ons: [], hardware_support_packages: [], solutions: [] };

/** The catalog fields derived from the HCL alone, and those derived from the depot alone. */
const HCL_FIELDS = new Set(['hcl', 'classesWithRules', 'serverReleases', 'devicesByVidDid', 'releaseCache']);
const DEPOT_FIELDS = new Set([
  'depot',
  'componentsByName',
  'providers',
  'baseImages',
  'addOnsByName',
  'packagesById',
  'solutionsByName',
  'componentIndex',
  'baseIndex',
]);

type Fields = Record<string, unknown>;

function hclOnly(hcl: Partial<Hcl>): Fields {
  return new Catalog(EMPTY_DEPOT, { releases: [], servers: [], devices: [], ...hcl }) as unknown as Fields;
}

/**
 * `base`'s depot with `hcl`. The HCL indexes are shared with `base` where the HCL's parts are
 * the same objects, and patched where a what-if replaced a few device entries in place (the
 * usual HCL edit), so an HCL scenario does not index thousands of entries again. When the
 * Catalog class has fields this module does not know (it changed since), it cannot tell which
 * side they come from and indexes everything again.
 */
export function catalogWithHcl(base: Catalog, hcl: Hcl): Catalog {
  if (hcl === base.hcl) return base;
  const keys = Object.keys(base);
  const known = keys.length === HCL_FIELDS.size + DEPOT_FIELDS.size && keys.every((k) => HCL_FIELDS.has(k) || DEPOT_FIELDS.has(k));
  if (!known) return new Catalog(base.depot, hcl);
  const from = base as unknown as Fields;
  const out = Object.create(Catalog.prototype) as Fields;
  for (const k of DEPOT_FIELDS) out[k] = from[k];
  out.hcl = hcl;
  const old = base.hcl;
  // the release of a base image depends on the releases alone: share the (lazily filled) cache
  out.releaseCache = hcl.releases === old.releases ? from.releaseCache : new Map();
  out.serverReleases = hcl.servers === old.servers ? from.serverReleases : hclOnly({ servers: hcl.servers }).serverReleases;
  const devices = devicesIndex(from, old, hcl);
  out.devicesByVidDid = devices.byVidDid;
  out.classesWithRules = devices.classes;
  return out as unknown as Catalog;
}

function devicesIndex(from: Fields, old: Hcl, hcl: Hcl): { byVidDid: unknown; classes: unknown } {
  if (hcl.devices === old.devices) return { byVidDid: from.devicesByVidDid, classes: from.classesWithRules };
  const fresh = () => {
    const f = hclOnly({ devices: hcl.devices });
    return { byVidDid: f.devicesByVidDid, classes: f.classesWithRules };
  };
  if (hcl.devices.length !== old.devices.length) return fresh();
  const changed: number[] = [];
  for (let i = 0; i < hcl.devices.length; i++) if (hcl.devices[i] !== old.devices[i]) changed.push(i);
  if (changed.length > 64) return fresh();
  const byVidDid = new Map(from.devicesByVidDid as Map<string, HclDevice[]>);
  for (const i of changed) {
    const was = old.devices[i]!;
    const now = hcl.devices[i]!;
    if (was.vid !== now.vid || was.did !== now.did || was.svid !== now.svid || was.ssid !== now.ssid || was.class !== now.class) return fresh();
    // the index key of this entry, however the Catalog spells it
    const [k] = (hclOnly({ devices: [was] }).devicesByVidDid as Map<string, HclDevice[]>).keys();
    const list = byVidDid.get(k!);
    const at = list?.indexOf(was) ?? -1;
    if (!list || at < 0) return fresh();
    const copy = [...list];
    copy[at] = now;
    byVidDid.set(k!, copy);
  }
  return { byVidDid, classes: from.classesWithRules };
}
