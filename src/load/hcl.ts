// The hardware compatibility list (SPEC §2.2): releases, certified servers and devices, with
// every release a server or device names defined in `releases`.
import type { Hcl, HclDevice, HclRelease, HclRow, HclServer } from '../model/types.js';
import {
  Collector,
  Uniqueness,
  collecting,
  expected,
  indexed,
  isObject,
  mapArray,
  mapValue,
  objectItem,
  optString,
  optVersionArray,
  reqArray,
  reqObject,
  reqPciId,
  reqString,
  reqVersionArray,
} from './check.js';
import { childPath } from './errors.js';
import { readJsonFile } from './json.js';

function release(c: Collector, value: unknown, path: string): HclRelease | undefined {
  const obj = objectItem(c, value, path, 'a release object ({"name", "base_image_versions"})');
  if (!obj) return undefined;
  const name = reqString(c, obj, 'name', path);
  // Prefixes such as "8.0.2" are versions themselves, so they are checked as versions.
  const base_image_versions = reqVersionArray(c, obj, 'base_image_versions', path);
  if (name === undefined || base_image_versions === undefined) return undefined;
  return { name, base_image_versions };
}

function releaseRef(c: Collector, releases: Set<string>, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value === '') {
    expected(c, path, 'a release name', value);
    return undefined;
  }
  if (!releases.has(value)) {
    c.problem(path, `release ${JSON.stringify(value)} is not in the HCL's releases`);
    return undefined;
  }
  return value;
}

function server(c: Collector, releases: Set<string>, value: unknown, path: string): HclServer | undefined {
  const obj = objectItem(c, value, path, 'a server object ({"vendor", "model", "releases"})');
  if (!obj) return undefined;
  const vendor = reqString(c, obj, 'vendor', path);
  const model = reqString(c, obj, 'model', path);
  const list = reqArray(c, obj, 'releases', path);
  const names = list && mapArray(list, childPath(path, 'releases'), (v, p) => releaseRef(c, releases, v, p));
  if (vendor === undefined || model === undefined || names === undefined) return undefined;
  return { vendor, model, releases: names };
}

function row(c: Collector, value: unknown, path: string): HclRow | undefined {
  const obj = objectItem(c, value, path, 'a row object ({"driver", "driver_versions", "firmware_versions"?})');
  if (!obj) return undefined;
  const driver = reqString(c, obj, 'driver', path);
  const driver_versions = reqVersionArray(c, obj, 'driver_versions', path);
  const firmware_versions = optVersionArray(c, obj, 'firmware_versions', path);
  if (driver === undefined || driver_versions === undefined) return undefined;
  return { driver, driver_versions, firmware_versions };
}

function device(c: Collector, releases: Set<string>, value: unknown, path: string): HclDevice | undefined {
  const obj = objectItem(c, value, path, 'a device object');
  if (!obj) return undefined;
  const vid = reqPciId(c, obj, 'vid', path);
  const did = reqPciId(c, obj, 'did', path);
  const svid = reqPciId(c, obj, 'svid', path, true);
  const ssid = reqPciId(c, obj, 'ssid', path, true);
  const cls = reqString(c, obj, 'class', path);
  const vendor = optString(c, obj, 'vendor', path);
  const model = optString(c, obj, 'model', path);
  const rel = reqObject(c, obj, 'releases', path);
  const byRelease =
    rel &&
    mapValue(c, rel, childPath(path, 'releases'), 'an object mapping release names to rows', (v, p, name) => {
      if (!releases.has(name)) {
        c.problem(p, `release ${JSON.stringify(name)} is not in the HCL's releases`);
        return undefined;
      }
      if (!Array.isArray(v)) {
        expected(c, p, 'an array of rows', v);
        return undefined;
      }
      return mapArray(v, p, (r, rp) => row(c, r, rp));
    });
  if (!vid || !did || !svid || !ssid || cls === undefined || byRelease === undefined) return undefined;
  const out: HclDevice = { vid, did, svid, ssid, class: cls, releases: byRelease };
  if (vendor !== undefined) out.vendor = vendor;
  if (model !== undefined) out.model = model;
  return out;
}

function hclFrom(c: Collector, value: unknown): Hcl {
  if (!isObject(value)) {
    expected(c, '$', 'an object with releases, servers and devices', value);
    return { releases: [], servers: [], devices: [] };
  }
  const updated = optString(c, value, 'updated', '$');
  const releases = indexed(reqArray(c, value, 'releases', '$'), '$.releases', (v, p) => release(c, v, p));
  const uniqueReleases = new Uniqueness(c, 'release');
  for (const { item, path } of releases) uniqueReleases.check(item.name, JSON.stringify(item.name), path);
  const names = new Set(releases.map((r) => r.item.name));

  const servers = indexed(reqArray(c, value, 'servers', '$'), '$.servers', (v, p) => server(c, names, v, p));
  const uniqueServers = new Uniqueness(c, 'server');
  for (const { item, path } of servers) {
    uniqueServers.check(`${item.vendor}\0${item.model}`, `${item.vendor} ${item.model}`, path);
  }

  const devices = indexed(reqArray(c, value, 'devices', '$'), '$.devices', (v, p) => device(c, names, v, p));
  const uniqueDevices = new Uniqueness(c, 'device');
  for (const { item, path } of devices) {
    const id = `${item.vid}:${item.did}:${item.svid}:${item.ssid}`;
    uniqueDevices.check(id, id, path);
  }

  const hcl: Hcl = {
    releases: releases.map((x) => x.item),
    servers: servers.map((x) => x.item),
    devices: devices.map((x) => x.item),
  };
  if (updated !== undefined) hcl.updated = updated;
  return hcl;
}

/** Checks a parsed HCL document; throws an InputError naming `file` and every problem found. */
export function parseHcl(value: unknown, file: string): Hcl {
  return collecting(file, (c) => hclFrom(c, value));
}

export function loadHcl(file: string): Hcl {
  return parseHcl(readJsonFile(file), file);
}

/** The loader's check of one HCL row, for inputs that carry a single row (what-if scenarios). */
export { row as hclRowFrom };
