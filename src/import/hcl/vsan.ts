// The vSAN HCL JSON (all.json) → a Strata HCL (src/load/hcl.ts).
//
// Current shape:
//   {"timestamp": 1700000000000, "jsonUpdatedTime": "...", "data": {
//     "controller": [ {"vid", "did", "svid", "ssid", "vendor", "model", "releases": {
//        "ESXi 8.0 U2": { "lsi_mr3": { "7.727.02.00-1OEM.800.1.0.20613240": {
//                            "type": "inbox", "firmwares": [ {"firmware": "52.26.0-5179", ...} ] } },
//                         "vsanSupport": [...] } } } ],
//     "ssd": [...], "hdd": [...], "nic": [...] }}
// Older list shapes, read too: `data` as one array whose entries carry "category"; `releases` as
// an array of {"release", "drivers": [{"driver", "driverVersion" | "version", "firmwares" | "firmware"}]}
// or of flat rows {"release", "driver", "driverVersion", "firmware" | "firmwares"}.
// Firmware lists hold {"firmware": "..."} objects or plain strings.
import type { Hcl, HclDevice, HclRow } from '../../model/types.js';
import { type Collector, collecting, describeValue, isObject, type JsonObject } from '../../load/check.js';
import { childPath } from '../../load/errors.js';
import { parseVersion, compareVersions } from '../../version/version.js';
import type { ReleaseTable } from './releases.js';

/** vSAN HCL category → Strata device class (the classes import-hosts gives PCI devices). */
export const CATEGORY_CLASSES: Readonly<Record<string, string>> = {
  controller: 'storage_controller',
  ssd: 'ssd',
  hdd: 'hdd',
  nic: 'nic',
};

export interface VsanImportOptions {
  releases: ReleaseTable;
  /** driver name in the vSAN HCL (module or VIB name) → component name in the depot */
  drivers?: Record<string, string>;
}

export interface ImportedHcl {
  hcl: Hcl;
  notes: string[];
}

interface Draft {
  device: HclDevice;
  /** release → driver → firmware key → driver versions */
  rows: Map<string, Map<string, Map<string, Set<string>>>>;
  firmware: Map<string, string[]>;
}

const PCI = /^(?:0x)?([0-9a-f]{1,4})$/i;

function pciId(c: Collector, value: unknown, path: string, wildcard: boolean): string | undefined {
  if ((value === undefined || value === null || value === '' || value === '*') && wildcard) return '*';
  const m = typeof value === 'string' ? PCI.exec(value.trim()) : null;
  if (!m) {
    c.problem(path, `expected a PCI id of up to 4 hex digits, found ${describeValue(value)}`);
    return undefined;
  }
  return m[1]!.toLowerCase().padStart(4, '0');
}

/** A version as written, or its first word when the rest is commentary; undefined otherwise. */
function versionOf(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  if (parseVersion(t)) return t;
  const first = t.split(/\s+/)[0] ?? '';
  return first !== '' && parseVersion(first) ? first : undefined;
}

function firmwareList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.map((f) => (isObject(f) ? f.firmware : f));
  if (typeof value === 'string') return [value];
  return [];
}

export function updatedOf(doc: JsonObject): string | undefined {
  const ts = doc.timestamp;
  if (typeof ts === 'number' && Number.isFinite(ts) && ts > 0) {
    // Seconds or milliseconds since the epoch: 1e11 s is the year 5138.
    return new Date(ts < 1e11 ? ts * 1000 : ts).toISOString().replace(/\.000Z$/, 'Z');
  }
  const text = typeof doc.jsonUpdatedTime === 'string' ? doc.jsonUpdatedTime.trim() : '';
  if (text === '') return undefined;
  const parsed = Date.parse(/^\d{4}-\d{2}-\d{2} \d/.test(text) ? text.replace(' ', 'T') + 'Z' : text);
  return Number.isNaN(parsed) ? text : new Date(parsed).toISOString().replace(/\.000Z$/, 'Z');
}

/** Converts a parsed vSAN HCL document; `file` names it in problems. */
export function importVsanHcl(doc: unknown, file: string, opts: VsanImportOptions): ImportedHcl {
  const notes: string[] = [];
  const hcl = collecting(file, (c) => convert(c, doc, opts, notes));
  return { hcl, notes };
}

function entriesOf(c: Collector, doc: JsonObject): { category: string; entry: unknown; path: string }[] {
  const data = doc.data;
  const out: { category: string; entry: unknown; path: string }[] = [];
  if (Array.isArray(data)) {
    data.forEach((entry, i) => {
      const cat = isObject(entry) ? (entry.category ?? entry.deviceType ?? entry.type) : undefined;
      const path = `$.data[${i}]`;
      if (typeof cat !== 'string' || !(cat.toLowerCase() in CATEGORY_CLASSES)) {
        c.problem(
          path,
          `expected an entry with "category" one of ${Object.keys(CATEGORY_CLASSES).join(', ')}, found ${describeValue(cat)}`,
        );
        return;
      }
      out.push({ category: cat.toLowerCase(), entry, path });
    });
    return out;
  }
  if (!isObject(data)) {
    c.problem('$.data', `expected the vSAN HCL's "data" object (controller, ssd, hdd, nic), found ${describeValue(data)}`);
    return out;
  }
  for (const category of Object.keys(CATEGORY_CLASSES)) {
    const list = data[category];
    if (list === undefined) continue;
    const p = childPath('$.data', category);
    if (!Array.isArray(list)) {
      c.problem(p, `expected an array of ${category} entries, found ${describeValue(list)}`);
      continue;
    }
    list.forEach((entry, i) => out.push({ category, entry, path: `${p}[${i}]` }));
  }
  return out;
}

/** (release, driver, driver version, firmwares) rows of one entry, whatever its shape. */
function releaseRows(
  c: Collector,
  releases: unknown,
  path: string,
): { release: string; driver: string; version: unknown; firmwares: unknown[]; path: string }[] {
  const out: { release: string; driver: string; version: unknown; firmwares: unknown[]; path: string }[] = [];
  if (releases === undefined || releases === null) return out;
  if (Array.isArray(releases)) {
    releases.forEach((r, i) => {
      const p = childPath(path, i);
      if (!isObject(r) || typeof (r.release ?? r.name) !== 'string') {
        c.problem(p, `expected a release object with "release", found ${describeValue(r)}`);
        return;
      }
      const release = (r.release ?? r.name) as string;
      const drivers = Array.isArray(r.drivers) ? r.drivers : [r];
      drivers.forEach((d, j) => {
        const dp = Array.isArray(r.drivers) ? childPath(childPath(p, 'drivers'), j) : p;
        if (!isObject(d) || typeof d.driver !== 'string' || d.driver === '') {
          c.problem(dp, `expected a driver row with "driver", found ${describeValue(isObject(d) ? d.driver : d)}`);
          return;
        }
        out.push({
          release,
          driver: d.driver,
          version: d.driverVersion ?? d.driver_version ?? d.version,
          firmwares: firmwareList(d.firmwares ?? d.firmware),
          path: dp,
        });
      });
    });
    return out;
  }
  if (!isObject(releases)) {
    c.problem(path, `expected an object mapping ESXi releases to drivers, found ${describeValue(releases)}`);
    return out;
  }
  for (const [release, drivers] of Object.entries(releases)) {
    const rp = childPath(path, release);
    if (!isObject(drivers)) {
      c.problem(rp, `expected an object mapping driver names to driver versions, found ${describeValue(drivers)}`);
      continue;
    }
    for (const [driver, versions] of Object.entries(drivers)) {
      // Arrays and strings beside the drivers are vSAN facts ("vsanSupport"), not drivers.
      if (!isObject(versions)) continue;
      for (const [version, info] of Object.entries(versions)) {
        const vp = childPath(childPath(rp, driver), version);
        if (!isObject(info)) {
          c.problem(vp, `expected a driver version object with "firmwares", found ${describeValue(info)}`);
          continue;
        }
        out.push({ release, driver, version, firmwares: firmwareList(info.firmwares ?? info.firmware), path: vp });
      }
    }
  }
  return out;
}

function convert(c: Collector, doc: unknown, opts: VsanImportOptions, notes: string[]): Hcl {
  if (!isObject(doc)) {
    c.problem('$', `expected the vSAN HCL object ({"timestamp", "data": {...}}), found ${describeValue(doc)}`);
    return { releases: [], servers: [], devices: [] };
  }
  const drafts = new Map<string, Draft>();
  const unmapped = new Set<string>();
  const usedReleases = new Set<string>();
  let withoutIds = 0;
  let badVersions = 0;
  for (const { category, entry, path } of entriesOf(c, doc)) {
    if (!isObject(entry)) {
      c.problem(path, `expected a device entry object, found ${describeValue(entry)}`);
      continue;
    }
    // Disks behind a controller (SAS/SATA) have no PCI ids of their own: nothing to match a host device.
    if (entry.vid === undefined || entry.did === undefined || entry.vid === '' || entry.did === '') {
      withoutIds++;
      continue;
    }
    const vid = pciId(c, entry.vid, childPath(path, 'vid'), false);
    const did = pciId(c, entry.did, childPath(path, 'did'), false);
    const svid = pciId(c, entry.svid, childPath(path, 'svid'), true);
    const ssid = pciId(c, entry.ssid, childPath(path, 'ssid'), true);
    const rows = releaseRows(c, entry.releases, childPath(path, 'releases'));
    if (!vid || !did || !svid || !ssid) continue;
    const key = `${vid}:${did}:${svid}:${ssid}`;
    let draft = drafts.get(key);
    if (!draft) {
      const device: HclDevice = { vid, did, svid, ssid, class: CATEGORY_CLASSES[category]!, releases: {} };
      if (typeof entry.vendor === 'string' && entry.vendor.trim()) device.vendor = entry.vendor.trim();
      if (typeof entry.model === 'string' && entry.model.trim()) device.model = entry.model.trim();
      draft = { device, rows: new Map(), firmware: new Map() };
      drafts.set(key, draft);
    }
    for (const row of rows) {
      if (!opts.releases[row.release]?.length) {
        unmapped.add(row.release);
        continue;
      }
      const version = versionOf(row.version);
      if (version === undefined) {
        badVersions++;
        continue;
      }
      const firmwares: string[] = [];
      for (const f of row.firmwares) {
        const v = versionOf(f);
        if (v !== undefined) firmwares.push(v);
        else if (f !== undefined && f !== null && f !== '') badVersions++;
      }
      const uniq = [...new Set(firmwares)].sort(compareVersions);
      const fwKey = uniq.join('\n');
      draft.firmware.set(fwKey, uniq);
      const driver = opts.drivers?.[row.driver] ?? row.driver;
      usedReleases.add(row.release);
      const byDriver = draft.rows.get(row.release) ?? new Map<string, Map<string, Set<string>>>();
      draft.rows.set(row.release, byDriver);
      const byFw = byDriver.get(driver) ?? new Map<string, Set<string>>();
      byDriver.set(driver, byFw);
      const set = byFw.get(fwKey) ?? new Set<string>();
      byFw.set(fwKey, set);
      set.add(version);
    }
  }
  if (withoutIds > 0) notes.push(`${withoutIds} entries have no PCI ids (disks behind a controller) and were skipped`);
  if (unmapped.size > 0) {
    notes.push(
      `releases with no base image version prefix were left out (map them with --releases FILE): ${[...unmapped].sort().join(', ')}`,
    );
  }
  if (badVersions > 0) notes.push(`${badVersions} driver or firmware versions that are not versions were left out`);

  const devices: HclDevice[] = [];
  for (const draft of drafts.values()) {
    for (const [release, byDriver] of draft.rows) {
      const rows: HclRow[] = [];
      for (const [driver, byFw] of byDriver) {
        for (const [fwKey, versions] of byFw) {
          rows.push({ driver, driver_versions: [...versions].sort(compareVersions), firmware_versions: draft.firmware.get(fwKey)! });
        }
      }
      draft.device.releases[release] = rows;
    }
    devices.push(draft.device);
  }
  const releases = Object.entries(opts.releases)
    .filter(([name, prefixes]) => usedReleases.has(name) && prefixes.length > 0)
    .map(([name, base_image_versions]) => ({ name, base_image_versions }));
  const hcl: Hcl = { releases, servers: [], devices };
  const updated = updatedOf(doc);
  if (updated !== undefined) hcl.updated = updated;
  return hcl;
}

/**
 * Merges an imported HCL into an existing Strata HCL: its releases and servers stay, imported
 * devices replace the entries with the same ids, and imported releases add to (never replace) its own.
 */
export function mergeHcl(base: Hcl, imported: Hcl): Hcl {
  const key = (d: HclDevice) => `${d.vid}:${d.did}:${d.svid}:${d.ssid}`;
  const importedKeys = new Set(imported.devices.map(key));
  const names = new Set(base.releases.map((r) => r.name));
  const out: Hcl = {
    releases: [...base.releases, ...imported.releases.filter((r) => !names.has(r.name))],
    servers: base.servers,
    devices: [...base.devices.filter((d) => !importedKeys.has(key(d))), ...imported.devices],
  };
  const updated = imported.updated ?? base.updated;
  if (updated !== undefined) out.updated = updated;
  return out;
}
