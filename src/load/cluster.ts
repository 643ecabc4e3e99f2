// A cluster (SPEC §2.3): its hosts as they are and the desired image (`SoftwareSpec`). References
// from the desired image to the depot are not checked here: they are NOT_IN_DEPOT validation
// errors, which recommendations can explain, not input errors.
import type { Cluster, Device, HardwareSupportSpec, Host, InstalledImage, PackageRef, SoftwareSpec } from '../model/types.js';
import {
  Collector,
  Uniqueness,
  collecting,
  expected,
  indexed,
  isObject,
  mapValue,
  objectItem,
  optArray,
  optObject,
  optStringArray,
  optVersionMap,
  reqArray,
  reqObject,
  reqPciId,
  reqString,
  reqVersion,
  versionValue,
  type JsonObject,
} from './check.js';
import { childPath } from './errors.js';
import { readJsonFile } from './json.js';

export function deviceFrom(c: Collector, value: unknown, path: string): Device | undefined {
  const obj = objectItem(c, value, path, 'a device object');
  if (!obj) return undefined;
  const id = reqString(c, obj, 'id', path);
  // A real device has exact ids: "*" only makes sense in HCL and firmware rules.
  const vid = reqPciId(c, obj, 'vid', path);
  const did = reqPciId(c, obj, 'did', path);
  const svid = reqPciId(c, obj, 'svid', path);
  const ssid = reqPciId(c, obj, 'ssid', path);
  const cls = reqString(c, obj, 'class', path);
  const firmware_version = reqVersion(c, obj, 'firmware_version', path);
  if (id === undefined || !vid || !did || !svid || !ssid || cls === undefined || firmware_version === undefined) {
    return undefined;
  }
  return { id, vid, did, svid, ssid, class: cls, firmware_version };
}

function versionRef(c: Collector, obj: JsonObject, key: string, path: string, required: boolean): { version: string } | undefined {
  const ref = required ? reqObject(c, obj, key, path) : optObject(c, obj, key, path);
  if (!ref) return undefined;
  const version = reqVersion(c, ref, 'version', childPath(path, key));
  return version === undefined ? undefined : { version };
}

function installed(c: Collector, obj: JsonObject, path: string): InstalledImage | undefined {
  const inst = optObject(c, obj, 'installed', path);
  if (!inst) return undefined;
  const p = childPath(path, 'installed');
  const base_image = versionRef(c, inst, 'base_image', p, true);
  const components = optVersionMap(c, inst, 'components', p);
  return base_image && { base_image, components };
}

export function hostFrom(c: Collector, value: unknown, path: string): Host | undefined {
  const obj = objectItem(c, value, path, 'a host object');
  if (!obj) return undefined;
  const name = reqString(c, obj, 'name', path);
  const vendor = reqString(c, obj, 'vendor', path);
  const model = reqString(c, obj, 'model', path);
  const family = reqString(c, obj, 'family', path);
  const devices = indexed(optArray(c, obj, 'devices', path), childPath(path, 'devices'), (v, p) => deviceFrom(c, v, p));
  const uniqueIds = new Uniqueness(c, 'device id');
  for (const { item, path: p } of devices) uniqueIds.check(item.id, item.id, p);
  const inst = installed(c, obj, path);
  if (name === undefined || vendor === undefined || model === undefined || family === undefined) return undefined;
  const host: Host = { name, vendor, model, family, devices: devices.map((d) => d.item) };
  if (inst) host.installed = inst;
  return host;
}

function hardwareSupport(c: Collector, obj: JsonObject, path: string): HardwareSupportSpec | undefined {
  const hs = optObject(c, obj, 'hardware_support', path);
  if (!hs) return undefined;
  const hsPath = childPath(path, 'hardware_support');
  const raw = reqObject(c, hs, 'packages', hsPath);
  if (!raw) return undefined;
  const pPath = childPath(hsPath, 'packages');
  const count = Object.keys(raw).length;
  if (count > 1) c.problem(pPath, `at most one hardware support package can be chosen, found ${count}`);
  const packages = mapValue(c, raw, pPath, 'an object mapping managers to packages', (v, p): PackageRef | undefined => {
    const ref = objectItem(c, v, p, 'a package object ({"pkg", "version"})');
    if (!ref) return undefined;
    const pkg = reqString(c, ref, 'pkg', p);
    const version = reqVersion(c, ref, 'version', p);
    return pkg === undefined || version === undefined ? undefined : { pkg, version };
  });
  // An empty `packages` chooses nothing: normalised to no hardware support at all.
  if (!packages || Object.keys(packages).length === 0) return undefined;
  return { packages };
}

export function softwareSpecFrom(c: Collector, value: unknown, path: string): SoftwareSpec {
  const spec: SoftwareSpec = {};
  if (!isObject(value)) {
    expected(c, path, 'a software spec object', value);
    return spec;
  }
  const base = versionRef(c, value, 'base_image', path, false);
  if (base) spec.base_image = base;

  const addOn = optObject(c, value, 'add_on', path);
  if (addOn) {
    const p = childPath(path, 'add_on');
    const name = reqString(c, addOn, 'name', p);
    const version = reqVersion(c, addOn, 'version', p);
    if (name !== undefined && version !== undefined) spec.add_on = { name, version };
  }

  const hs = hardwareSupport(c, value, path);
  if (hs) spec.hardware_support = hs;

  if (value.solutions != null) {
    const solutions = mapValue(
      c,
      value.solutions,
      childPath(path, 'solutions'),
      'an object mapping solution names to {"version"}',
      (v, p) => {
        const sol = objectItem(c, v, p, 'a solution object ({"version"?})');
        if (!sol) return undefined;
        // null and absent both mean "any version"; kept as written.
        if (sol.version === undefined) return {};
        if (sol.version === null) return { version: null };
        const version = versionValue(c, sol.version, childPath(p, 'version'));
        return version === undefined ? undefined : { version };
      },
    );
    if (solutions) spec.solutions = solutions;
  }

  if (value.components != null) {
    const components = mapValue(
      c,
      value.components,
      childPath(path, 'components'),
      'an object mapping component names to versions (or null)',
      (v, p): string | null | undefined => (v === null ? null : versionValue(c, v, p)),
    );
    if (components) spec.components = components;
  }

  if (value.removed_components != null) {
    spec.removed_components = optStringArray(c, value, 'removed_components', path);
  }
  return spec;
}

function clusterFrom(c: Collector, value: unknown): Cluster {
  if (!isObject(value)) {
    expected(c, '$', 'an object with name, hosts and desired', value);
    return { name: '', hosts: [], desired: {} };
  }
  const name = reqString(c, value, 'name', '$');
  const hosts = indexed(reqArray(c, value, 'hosts', '$'), '$.hosts', (v, p) => hostFrom(c, v, p));
  const uniqueHosts = new Uniqueness(c, 'host');
  for (const { item, path } of hosts) uniqueHosts.check(item.name, item.name, path);
  const desired = reqObject(c, value, 'desired', '$');
  return {
    name: name ?? '',
    hosts: hosts.map((h) => h.item),
    desired: desired ? softwareSpecFrom(c, desired, '$.desired') : {},
  };
}

/** Checks a parsed cluster document; throws an InputError naming `file` and every problem found. */
export function parseCluster(value: unknown, file: string): Cluster {
  return collecting(file, (c) => clusterFrom(c, value));
}

export function loadCluster(file: string): Cluster {
  return parseCluster(readJsonFile(file), file);
}

/** A desired image on its own (an HTTP body, say); `file` and `path` name it in problems. */
export function parseSoftwareSpec(value: unknown, file: string, path = '$'): SoftwareSpec {
  return collecting(file, (c) => softwareSpecFrom(c, value, path));
}

export function parseHost(value: unknown, file: string, path = '$'): Host {
  // hostFrom returns undefined only after reporting a problem, so collecting() has thrown by then.
  return collecting(file, (c) => hostFrom(c, value, path))!;
}

export function parseDevice(value: unknown, file: string, path = '$'): Device {
  return collecting(file, (c) => deviceFrom(c, value, path))!;
}
