// The depot (SPEC §2.1): checked field by field, defaults filled in, identities unique and every
// component version named by a base image, add-on or package present in the depot.
import type {
  AddOn,
  BaseImage,
  Component,
  ComponentMap,
  Constraint,
  Depot,
  FirmwareEntry,
  HardwareScope,
  HardwareSupportPackage,
  Provide,
  Solution,
} from '../model/types.js';
import { versionKey } from '../version/version.js';
import {
  Collector,
  Uniqueness,
  collecting,
  expected,
  indexed,
  isObject,
  mapArray,
  objectItem,
  optArray,
  optBoolean,
  optObject,
  optRelation,
  optString,
  optStringArray,
  optVersion,
  optVersionArray,
  reqArray,
  reqPciId,
  reqString,
  reqVersion,
  reqVersionMap,
  type JsonObject,
} from './check.js';
import { childPath } from './errors.js';
import { readJsonFile } from './json.js';

function constraint(c: Collector, value: unknown, path: string): Constraint | undefined {
  const obj = objectItem(c, value, path, 'a constraint object ({"name", "relation"?, "version"?})');
  if (!obj) return undefined;
  const name = reqString(c, obj, 'name', path);
  const relation = optRelation(c, obj, 'relation', path);
  const version = optVersion(c, obj, 'version', path);
  if (relation !== undefined && obj.version == null) {
    c.problem(path, `relation "${relation}" needs a version to compare with`);
    return undefined;
  }
  if (name === undefined) return undefined;
  const out: Constraint = { name };
  if (relation !== undefined) out.relation = relation;
  if (version !== undefined) out.version = version;
  return out;
}

function constraints(c: Collector, obj: JsonObject, key: string, path: string): Constraint[] {
  return mapArray(optArray(c, obj, key, path), childPath(path, key), (v, p) => constraint(c, v, p));
}

function provide(c: Collector, value: unknown, path: string): Provide | undefined {
  const obj = objectItem(c, value, path, 'a provides object ({"name", "version"?})');
  if (!obj) return undefined;
  const name = reqString(c, obj, 'name', path);
  const version = optVersion(c, obj, 'version', path);
  if (name === undefined) return undefined;
  return version === undefined ? { name } : { name, version };
}

function component(c: Collector, value: unknown, path: string): Component | undefined {
  const obj = objectItem(c, value, path, 'a component object');
  if (!obj) return undefined;
  const name = reqString(c, obj, 'name', path);
  const version = reqVersion(c, obj, 'version', path);
  const extra = descriptive(c, obj, path, ['display_name', 'display_version', 'vendor', 'release_date']);
  const depends = constraints(c, obj, 'depends', path);
  const conflicts = constraints(c, obj, 'conflicts', path);
  const provides = mapArray(optArray(c, obj, 'provides', path), childPath(path, 'provides'), (v, p) => provide(c, v, p));
  const reboot_required = optBoolean(c, obj, 'reboot_required', path, false);
  if (name === undefined || version === undefined) return undefined;
  return { name, version, ...extra, depends, conflicts, provides, reboot_required };
}

/** Optional free-text fields, copied only when present. */
function descriptive(c: Collector, obj: JsonObject, path: string, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const v = optString(c, obj, key, path);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function hardware(c: Collector, obj: JsonObject, path: string): HardwareScope | undefined {
  const hw = optObject(c, obj, 'hardware', path);
  if (!hw) return undefined;
  const hwPath = childPath(path, 'hardware');
  const vendor = reqString(c, hw, 'vendor', hwPath);
  const families = optStringArray(c, hw, 'families', hwPath);
  return vendor === undefined ? undefined : { vendor, families };
}

function baseImage(c: Collector, value: unknown, path: string): BaseImage | undefined {
  const obj = objectItem(c, value, path, 'a base image object');
  if (!obj) return undefined;
  const version = reqVersion(c, obj, 'version', path);
  const extra = descriptive(c, obj, path, ['display_version', 'release_date']);
  const components = reqVersionMap(c, obj, 'components', path);
  if (version === undefined || components === undefined) return undefined;
  return { version, ...extra, components };
}

function addOn(c: Collector, value: unknown, path: string): AddOn | undefined {
  const obj = objectItem(c, value, path, 'an add-on object');
  if (!obj) return undefined;
  const name = reqString(c, obj, 'name', path);
  const version = reqVersion(c, obj, 'version', path);
  const extra = descriptive(c, obj, path, ['display_name', 'vendor']);
  const hw = hardware(c, obj, path);
  const supported = optVersionArray(c, obj, 'supported_base_image_versions', path);
  const components = reqVersionMap(c, obj, 'components', path);
  const removed = optStringArray(c, obj, 'removed_components', path);
  if (name === undefined || version === undefined || components === undefined) return undefined;
  const out: AddOn = {
    name,
    version,
    ...extra,
    supported_base_image_versions: supported,
    components,
    removed_components: removed,
  };
  if (hw) out.hardware = hw;
  return out;
}

function firmware(c: Collector, value: unknown, path: string): FirmwareEntry | undefined {
  const obj = objectItem(c, value, path, 'a firmware object ({"vid", "did", "svid", "ssid", "version"})');
  if (!obj) return undefined;
  const vid = reqPciId(c, obj, 'vid', path);
  const did = reqPciId(c, obj, 'did', path);
  const svid = reqPciId(c, obj, 'svid', path, true);
  const ssid = reqPciId(c, obj, 'ssid', path, true);
  const version = reqVersion(c, obj, 'version', path);
  if (!vid || !did || !svid || !ssid || version === undefined) return undefined;
  return { vid, did, svid, ssid, version };
}

function hardwareSupportPackage(c: Collector, value: unknown, path: string): HardwareSupportPackage | undefined {
  const obj = objectItem(c, value, path, 'a hardware support package object');
  if (!obj) return undefined;
  const manager = reqString(c, obj, 'manager', path);
  const pkg = reqString(c, obj, 'pkg', path);
  const version = reqVersion(c, obj, 'version', path);
  const hw = hardware(c, obj, path);
  const supported = optVersionArray(c, obj, 'supported_base_image_versions', path);
  const components = reqVersionMap(c, obj, 'components', path);
  const removed = optStringArray(c, obj, 'removed_components', path);
  const fw = indexed(optArray(c, obj, 'firmware', path), childPath(path, 'firmware'), (v, p) => firmware(c, v, p));
  // Two firmware versions for one device would make the device's firmware ambiguous.
  const seen = new Uniqueness(c, 'firmware entry for device');
  for (const { item: f, path: p } of fw) {
    const id = `${f.vid}:${f.did}:${f.svid}:${f.ssid}`;
    seen.check(id, id, p);
  }
  if (manager === undefined || pkg === undefined || version === undefined || components === undefined) return undefined;
  const out: HardwareSupportPackage = {
    manager,
    pkg,
    version,
    supported_base_image_versions: supported,
    components,
    removed_components: removed,
    firmware: fw.map((x) => x.item),
  };
  if (hw) out.hardware = hw;
  return out;
}

function solution(c: Collector, value: unknown, path: string): Solution | undefined {
  const obj = objectItem(c, value, path, 'a solution object');
  if (!obj) return undefined;
  const name = reqString(c, obj, 'name', path);
  const version = reqVersion(c, obj, 'version', path);
  const extra = descriptive(c, obj, path, ['display_name']);
  const supported = optVersionArray(c, obj, 'supported_base_image_versions', path);
  const list = reqArray(c, obj, 'components', path);
  const components = list && mapArray(list, childPath(path, 'components'), (v, p) => constraint(c, v, p));
  if (name === undefined || version === undefined || components === undefined) return undefined;
  return { name, version, ...extra, supported_base_image_versions: supported, components };
}

function checkReferences(c: Collector, known: Map<string, Set<string>>, components: ComponentMap, path: string): void {
  for (const [name, version] of Object.entries(components)) {
    const versions = known.get(name);
    const p = childPath(path, name);
    if (!versions) c.problem(p, `component ${name} is not in the depot`);
    else if (!versions.has(versionKey(version))) c.problem(p, `version ${version} is not in the depot`);
  }
}

function depotFrom(c: Collector, value: unknown): Depot {
  if (!isObject(value)) {
    expected(c, '$', 'an object with components, base_images, add_ons, hardware_support_packages and solutions', value);
    return { components: [], base_images: [], add_ons: [], hardware_support_packages: [], solutions: [] };
  }
  const components = indexed(reqArray(c, value, 'components', '$'), '$.components', (v, p) => component(c, v, p));
  const baseImages = indexed(reqArray(c, value, 'base_images', '$'), '$.base_images', (v, p) => baseImage(c, v, p));
  const addOns = indexed(optArray(c, value, 'add_ons', '$'), '$.add_ons', (v, p) => addOn(c, v, p));
  const packages = indexed(
    optArray(c, value, 'hardware_support_packages', '$'),
    '$.hardware_support_packages',
    (v, p) => hardwareSupportPackage(c, v, p),
  );
  const solutions = indexed(optArray(c, value, 'solutions', '$'), '$.solutions', (v, p) => solution(c, v, p));

  const known = new Map<string, Set<string>>();
  const uniqueComponents = new Uniqueness(c, 'component');
  for (const { item, path } of components) {
    const key = versionKey(item.version);
    uniqueComponents.check(`${item.name}\0${key}`, `${item.name}@${item.version}`, path);
    let versions = known.get(item.name);
    if (!versions) known.set(item.name, (versions = new Set()));
    versions.add(key);
  }
  const uniqueBase = new Uniqueness(c, 'base image');
  for (const { item, path } of baseImages) {
    uniqueBase.check(versionKey(item.version), item.version, path);
    checkReferences(c, known, item.components, childPath(path, 'components'));
  }
  const uniqueAddOns = new Uniqueness(c, 'add-on');
  for (const { item, path } of addOns) {
    uniqueAddOns.check(`${item.name}\0${versionKey(item.version)}`, `${item.name}@${item.version}`, path);
    checkReferences(c, known, item.components, childPath(path, 'components'));
  }
  const uniquePackages = new Uniqueness(c, 'hardware support package');
  for (const { item, path } of packages) {
    uniquePackages.check(
      `${item.manager}\0${item.pkg}\0${versionKey(item.version)}`,
      `${item.pkg}@${item.version} of manager ${item.manager}`,
      path,
    );
    checkReferences(c, known, item.components, childPath(path, 'components'));
  }
  const uniqueSolutions = new Uniqueness(c, 'solution');
  for (const { item, path } of solutions) {
    uniqueSolutions.check(`${item.name}\0${versionKey(item.version)}`, `${item.name}@${item.version}`, path);
  }

  const items = <T>(list: { item: T }[]) => list.map((x) => x.item);
  return {
    components: items(components),
    base_images: items(baseImages),
    add_ons: items(addOns),
    hardware_support_packages: items(packages),
    solutions: items(solutions),
  };
}

/** Checks a parsed depot document; throws an InputError naming `file` and every problem found. */
export function parseDepot(value: unknown, file: string): Depot {
  return collecting(file, (c) => depotFrom(c, value));
}

export function loadDepot(file: string): Depot {
  return parseDepot(readJsonFile(file), file);
}

/**
 * The loader's per-item checks, for inputs that carry one depot item (what-if scenarios): each
 * reports its problems to the collector and returns the item, or undefined when it is unusable.
 * References to components are checked separately, against whatever depot the item joins.
 */
export const depotItemParsers = {
  components: component,
  base_images: baseImage,
  add_ons: addOn,
  hardware_support_packages: hardwareSupportPackage,
  solutions: solution,
} as const;

export { checkReferences as checkComponentReferences };
