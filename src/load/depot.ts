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

/** Are all references known? The fast check; checkReferences words what is not. */
function referencesKnown(known: Map<string, Set<string>>, components: ComponentMap): boolean {
  for (const name in components) {
    if (!known.get(name)?.has(versionKey(components[name]!))) return false;
  }
  return true;
}

/** Two firmware versions for one device would make the device's firmware ambiguous. */
export function uniqueFirmware(c: Collector, pkg: HardwareSupportPackage, path: string): void {
  const listPath = childPath(path, 'firmware');
  const seen = new Uniqueness(c, 'firmware entry for device', (i) => elementPath(pkg.firmware, listPath, i));
  const id = (i: number) => {
    const f = pkg.firmware[i]!;
    return `${f.vid}:${f.did}:${f.svid}:${f.ssid}`;
  };
  for (let i = 0; i < pkg.firmware.length; i++) seen.checkAt(id(i), i, id);
}

/**
 * Checks the items of one list: unique by `keyOf`, and the component versions they name are in
 * the depot. Paths and labels are worked out only for the items with a problem.
 */
function checkList<T>(
  c: Collector,
  /** the depot's component versions, for lists whose items name components by version */
  known: Map<string, Set<string>> | undefined,
  list: readonly T[] | undefined,
  listPath: string,
  what: string,
  keyOf: (item: T) => string,
  labelOf: (item: T) => string,
  each?: (item: T, pathOf: () => string) => void,
): void {
  if (!list) return;
  const pathOf = (i: number) => elementPath(list, listPath, i);
  const unique = new Uniqueness(c, what, pathOf);
  const label = (i: number) => labelOf(list[i]!);
  for (let i = 0; i < list.length; i++) {
    const item = list[i]!;
    each?.(item, () => pathOf(i));
    unique.checkAt(keyOf(item), i, label);
    const refs = known && (item as { components?: ComponentMap }).components;
    if (refs && !referencesKnown(known, refs)) checkReferences(c, known, refs, childPath(pathOf(i), 'components'));
  }
}

const at = (item: { name: string; version: string }) => `${item.name}@${item.version}`;

function depotFrom(c: Collector, value: unknown): Depot {
  const d = checkDepot(c, value, '$') ?? {};
  const known = new Map<string, Set<string>>();
  const components = d.components ?? [];
  for (const item of components) {
    let versions = known.get(item.name);
    if (!versions) known.set(item.name, (versions = new Set()));
    versions.add(versionKey(item.version));
  }
  checkList(c, undefined, components, '$.components', 'component', (i) => `${i.name}\0${versionKey(i.version)}`, at);
  checkList(
    c,
    known,
    d.base_images,
    '$.base_images',
    'base image',
    (i) => versionKey(i.version),
    (i) => i.version,
  );
  checkList(c, known, d.add_ons, '$.add_ons', 'add-on', (i) => `${i.name}\0${versionKey(i.version)}`, at);
  checkList(
    c,
    known,
    d.hardware_support_packages,
    '$.hardware_support_packages',
    'hardware support package',
    (i) => `${i.manager}\0${i.pkg}\0${versionKey(i.version)}`,
    (i) => `${i.pkg}@${i.version} of manager ${i.manager}`,
    (item, pathOf) => {
      if (item.firmware.length > 1) uniqueFirmware(c, item, pathOf());
    },
  );
  checkList(c, undefined, d.solutions, '$.solutions', 'solution', (i) => `${i.name}\0${versionKey(i.version)}`, at);
  return {
    components,
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
