// The depot (docs/depot.md): its shape comes from src/schema/depot.ts; this second pass checks
// what a shape cannot say: identities are unique and every component version a base image,
// add-on or package names is in the depot.
import type { ComponentMap, Depot, HardwareSupportPackage } from '../model/types.js';
import { compileDocument, elementPath } from '../schema/compile.js';
import { DepotSchema } from '../schema/depot.js';
import { versionKey } from '../version/version.js';
import { type Collector, Uniqueness, collecting } from './check.js';
import { childPath } from './errors.js';
import { readJsonFile } from './json.js';

const checkDepot = compileDocument(DepotSchema);

function checkReferences(c: Collector, known: Map<string, Set<string>>, components: ComponentMap, path: string): void {
  for (const [name, version] of Object.entries(components)) {
    const versions = known.get(name);
    const p = childPath(path, name);
    if (!versions) c.problem(p, `component ${name} is not in the depot`);
    else if (!versions.has(versionKey(version))) c.problem(p, `version ${version} is not in the depot`);
  }
}

/** Each element of a checked list with its JSON path in the input. */
function* located<T>(list: readonly T[] | undefined, path: string): Generator<[T, string]> {
  if (!list) return;
  for (let i = 0; i < list.length; i++) yield [list[i]!, elementPath(list, path, i)];
}

/** Two firmware versions for one device would make the device's firmware ambiguous. */
export function uniqueFirmware(c: Collector, pkg: HardwareSupportPackage, path: string): void {
  const seen = new Uniqueness(c, 'firmware entry for device');
  for (const [f, p] of located(pkg.firmware, childPath(path, 'firmware'))) {
    const id = `${f.vid}:${f.did}:${f.svid}:${f.ssid}`;
    seen.check(id, id, p);
  }
}

function depotFrom(c: Collector, value: unknown): Depot {
  const d = checkDepot(c, value, '$') ?? {};
  const known = new Map<string, Set<string>>();
  const uniqueComponents = new Uniqueness(c, 'component');
  for (const [item, path] of located(d.components, '$.components')) {
    const key = versionKey(item.version);
    uniqueComponents.check(`${item.name}\0${key}`, `${item.name}@${item.version}`, path);
    let versions = known.get(item.name);
    if (!versions) known.set(item.name, (versions = new Set()));
    versions.add(key);
  }
  const uniqueBase = new Uniqueness(c, 'base image');
  for (const [item, path] of located(d.base_images, '$.base_images')) {
    uniqueBase.check(versionKey(item.version), item.version, path);
    checkReferences(c, known, item.components, childPath(path, 'components'));
  }
  const uniqueAddOns = new Uniqueness(c, 'add-on');
  for (const [item, path] of located(d.add_ons, '$.add_ons')) {
    uniqueAddOns.check(`${item.name}\0${versionKey(item.version)}`, `${item.name}@${item.version}`, path);
    checkReferences(c, known, item.components, childPath(path, 'components'));
  }
  const uniquePackages = new Uniqueness(c, 'hardware support package');
  for (const [item, path] of located(d.hardware_support_packages, '$.hardware_support_packages')) {
    uniqueFirmware(c, item, path);
    uniquePackages.check(
      `${item.manager}\0${item.pkg}\0${versionKey(item.version)}`,
      `${item.pkg}@${item.version} of manager ${item.manager}`,
      path,
    );
    checkReferences(c, known, item.components, childPath(path, 'components'));
  }
  const uniqueSolutions = new Uniqueness(c, 'solution');
  for (const [item, path] of located(d.solutions, '$.solutions')) {
    uniqueSolutions.check(`${item.name}\0${versionKey(item.version)}`, `${item.name}@${item.version}`, path);
  }
  return {
    components: d.components ?? [],
    base_images: d.base_images ?? [],
    add_ons: d.add_ons ?? [],
    hardware_support_packages: d.hardware_support_packages ?? [],
    solutions: d.solutions ?? [],
  };
}

/** Checks a parsed depot document; throws an InputError naming `file` and every problem found. */
export function parseDepot(value: unknown, file: string): Depot {
  return collecting(file, (c) => depotFrom(c, value));
}

export function loadDepot(file: string): Depot {
  return parseDepot(readJsonFile(file), file);
}

export { checkReferences as checkComponentReferences };
