// Protobuf wire format (proto/strata.proto, package strata.v1) for the domain types.
//
// The .proto is parsed once at run time (protobufjs, field names kept as written, i.e. the
// snake_case JSON names). Decoding returns exactly the domain shapes: plain objects, numbers
// (never Long), enum values as their JSON strings, maps as plain records, absent optional fields
// absent, required arrays/maps present, and `null` where the domain uses null.

import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

import { InputError, MAX_PROBLEMS, childPath, type Problem } from '../load/errors.js';
import {
  ERROR_CODES,
  RELATIONS,
  type Cluster,
  type ComponentSource,
  type Depot,
  type Enumeration,
  type Groups,
  type HardwareClass,
  type Hcl,
  type HclRow,
  type Image,
  type Recommendations,
  type SoftwareSpec,
  type ValidationReport,
} from '../model/types.js';
import { defaultImage } from '../plan/groups/desired.js';

/** The protobuf package of every Strata message. */
export const PROTO_PACKAGE = 'strata.v1';

/** `<repo>/proto/strata.proto`: two levels up from both src/wire/codec.ts and dist/wire/codec.js. */
export const PROTO_PATH = fileURLToPath(new URL('../../proto/strata.proto', import.meta.url));

/** The file name that decoding problems are reported against. */
const BODY = 'body';

const COMPONENT_SOURCES: readonly ComponentSource[] = ['BASE_IMAGE', 'ADD_ON', 'HARDWARE_SUPPORT_PACKAGE', 'SOLUTION', 'USER'];

/** Options turning a decoded message into a plain object close to the JSON shape. */
const TO_OBJECT: protobuf.IConversionOptions = {
  longs: Number,
  enums: String,
  bytes: String,
  defaults: true, // non-optional scalars get their default, non-optional messages get null
  arrays: true,
  objects: true,
  oneofs: false, // no virtual `_field` members for proto3 `optional` fields
};

let root: protobuf.Root | undefined;

/** The parsed strata.proto (loaded on first use, then cached). */
export function protoRoot(): protobuf.Root {
  if (!root) {
    const r = new protobuf.Root();
    r.loadSync(PROTO_PATH, { keepCase: true });
    r.resolveAll();
    root = r;
  }
  return root;
}

/** The message type `name` ("Depot" or "strata.v1.Depot"). */
export function messageType(name: string): protobuf.Type {
  const full = name.startsWith(`${PROTO_PACKAGE}.`) ? name : `${PROTO_PACKAGE}.${name}`;
  return protoRoot().lookupType(full);
}

// ----------------------------------------------------------------------------------------------
// Generic layer
// ----------------------------------------------------------------------------------------------

/** A plain object in the wire shape of some message (fields as in strata.proto). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
// biome-ignore lint/suspicious/noExplicitAny: decoded protobuf objects are checked field by field before use
export type WireObject = Record<string, any>;

/**
 * Encodes a plain object in the wire shape of `typeName` (enum values may be given by name,
 * `null`/`undefined` fields are left unset).
 */
export function encodeMessage(typeName: string, obj: WireObject): Uint8Array {
  const type = messageType(typeName);
  return type.encode(type.fromObject(obj)).finish();
}

/**
 * Decodes `bytes` as `typeName` into a plain object in the wire shape: unset non-optional scalars
 * get their default, unset non-optional messages are `null`, unset `optional` fields are absent,
 * repeated fields and maps are always present, enums are names, 64-bit integers are numbers.
 * Throws InputError (file "body") when the bytes are not such a message.
 */
export function decodeMessage(typeName: string, bytes: Uint8Array): WireObject {
  const type = messageType(typeName);
  if (!(bytes instanceof Uint8Array)) {
    throw bodyError('$', `expected protobuf bytes for ${type.fullName.replace(/^\./, '')}`);
  }
  let message: protobuf.Message;
  try {
    message = type.decode(bytes);
  } catch (e) {
    const reason = e instanceof Error ? firstLine(e.message) : String(e);
    throw bodyError('$', `not a valid ${type.fullName.replace(/^\./, '')} protobuf message (${reason})`);
  }
  return type.toObject(message, TO_OBJECT);
}

function firstLine(s: string): string {
  const line = s.split('\n', 1)[0]?.trim() ?? '';
  return line === '' ? 'malformed data' : line;
}

function bodyError(path: string, message: string): InputError {
  return new InputError([{ file: BODY, path, message }]);
}

// ----------------------------------------------------------------------------------------------
// Checks on decoded values (the wire allows values the domain does not)
// ----------------------------------------------------------------------------------------------

class Checker {
  readonly problems: Problem[] = [];

  fail(path: string, message: string): void {
    this.problems.push({ file: BODY, path, message });
  }

  /** Throws the collected problems, if any. */
  done(): void {
    if (this.problems.length > 0) throw new InputError(this.problems.slice(0, MAX_PROBLEMS), this.problems.length);
  }

  constraint(c: WireObject, path: string): void {
    if (c.relation !== undefined && !(RELATIONS as readonly string[]).includes(c.relation)) {
      this.fail(childPath(path, 'relation'), `unknown relation ${JSON.stringify(c.relation)} (expected one of ${RELATIONS.join(' ')})`);
    }
  }

  code(e: WireObject, path: string): void {
    if (!(ERROR_CODES as readonly string[]).includes(e.code)) {
      this.fail(childPath(path, 'code'), `unknown error code ${JSON.stringify(e.code)}`);
    }
  }

  source(s: unknown, path: string): void {
    if (!(COMPONENT_SOURCES as readonly unknown[]).includes(s)) {
      this.fail(path, `unknown component source ${JSON.stringify(s)}`);
    }
  }

  present(v: unknown, path: string): void {
    if (v === null || v === undefined) this.fail(path, 'missing required message');
  }
}

function mapValues<T, U>(rec: Record<string, T>, f: (v: T, k: string) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(rec)) {
    if (k === '__proto__') Object.defineProperty(out, k, { value: f(v, k), enumerable: true, writable: true, configurable: true });
    else out[k] = f(v, k);
  }
  return out;
}

// ----------------------------------------------------------------------------------------------
// Depot (SPEC §2.1)
// ----------------------------------------------------------------------------------------------

export function encodeDepot(d: Depot): Uint8Array {
  return encodeMessage('Depot', d);
}

export function decodeDepot(bytes: Uint8Array): Depot {
  const w = decodeMessage('Depot', bytes);
  const check = new Checker();
  (w.components as WireObject[]).forEach((c, i) => {
    const p = childPath('$.components', i);
    (c.depends as WireObject[]).forEach((x, j) => check.constraint(x, childPath(childPath(p, 'depends'), j)));
    (c.conflicts as WireObject[]).forEach((x, j) => check.constraint(x, childPath(childPath(p, 'conflicts'), j)));
  });
  (w.solutions as WireObject[]).forEach((s, i) => {
    const p = childPath(childPath('$.solutions', i), 'components');
    (s.components as WireObject[]).forEach((x, j) => check.constraint(x, childPath(p, j)));
  });
  check.done();
  return w as Depot;
}

// ----------------------------------------------------------------------------------------------
// HCL (SPEC §2.2): device releases are name → HclRows{rows}
// ----------------------------------------------------------------------------------------------

export function encodeHcl(h: Hcl): Uint8Array {
  return encodeMessage('Hcl', {
    ...h,
    devices: h.devices?.map((d) => ({
      ...d,
      releases: d.releases && mapValues(d.releases, (rows: HclRow[]) => ({ rows })),
    })),
  });
}

export function decodeHcl(bytes: Uint8Array): Hcl {
  const w = decodeMessage('Hcl', bytes);
  w.devices = (w.devices as WireObject[]).map((d) => ({
    ...d,
    releases: mapValues(d.releases as Record<string, WireObject>, (r) => r.rows as HclRow[]),
  }));
  return w as Hcl;
}

// ----------------------------------------------------------------------------------------------
// SoftwareSpec (SPEC §2.3): optional maps/lists wrapped for presence, null versions as absent
// ----------------------------------------------------------------------------------------------

function specToWire(s: SoftwareSpec): WireObject {
  const w: WireObject = {};
  if (s.base_image != null) w.base_image = s.base_image;
  if (s.add_on != null) w.add_on = s.add_on;
  if (s.hardware_support != null) w.hardware_support = s.hardware_support;
  if (s.solutions != null) {
    w.solutions = {
      entries: mapValues(s.solutions, (v) => (v == null || v.version == null ? {} : { version: v.version })),
    };
  }
  if (s.components != null) {
    w.components = { entries: mapValues(s.components, (v) => (v == null ? {} : { version: v })) };
  }
  if (s.removed_components != null) w.removed_components = { values: s.removed_components };
  if (s.alternatives?.length) w.alternatives = s.alternatives.map((a) => ({ classes: a.classes, image: specToWire(a.image) }));
  return w;
}

function specFromWire(w: WireObject | null | undefined): SoftwareSpec {
  const s: SoftwareSpec = {};
  if (w == null) return s;
  if (w.base_image != null) s.base_image = w.base_image;
  if (w.add_on != null) s.add_on = w.add_on;
  if (w.hardware_support != null) s.hardware_support = w.hardware_support;
  if (w.solutions != null) {
    s.solutions = mapValues(w.solutions.entries as Record<string, WireObject>, (v) =>
      v.version === undefined ? {} : { version: v.version as string },
    );
  }
  if (w.components != null) {
    s.components = mapValues(w.components.entries as Record<string, WireObject>, (v) =>
      v.version === undefined ? null : (v.version as string),
    );
  }
  if (w.removed_components != null) s.removed_components = w.removed_components.values as string[];
  const alts = w.alternatives as WireObject[] | undefined;
  if (alts?.length) {
    s.alternatives = alts.map((a) => ({
      classes: a.classes as { vendor: string; model: string }[],
      image: defaultImage(specFromWire(a.image)),
    }));
  }
  return s;
}

export function encodeSoftwareSpec(s: SoftwareSpec): Uint8Array {
  return encodeMessage('SoftwareSpec', specToWire(s));
}

export function decodeSoftwareSpec(bytes: Uint8Array): SoftwareSpec {
  return specFromWire(decodeMessage('SoftwareSpec', bytes));
}

// ----------------------------------------------------------------------------------------------
// Cluster (SPEC §2.3)
// ----------------------------------------------------------------------------------------------

export function encodeCluster(c: Cluster): Uint8Array {
  return encodeMessage('Cluster', { ...c, desired: c.desired && specToWire(c.desired) });
}

export function decodeCluster(bytes: Uint8Array): Cluster {
  const w = decodeMessage('Cluster', bytes);
  const check = new Checker();
  (w.hosts as WireObject[]).forEach((h, i) => {
    if (h.installed !== undefined) {
      check.present(h.installed.base_image, childPath(childPath(childPath('$.hosts', i), 'installed'), 'base_image'));
    }
  });
  check.done();
  w.desired = specFromWire(w.desired);
  return w as Cluster;
}

// ----------------------------------------------------------------------------------------------
// Outputs (SPEC §4)
// ----------------------------------------------------------------------------------------------

function checkImage(check: Checker, img: WireObject, path: string): void {
  check.present(img.base_image, childPath(path, 'base_image'));
}

function checkErrors(check: Checker, errors: WireObject[], path: string): void {
  errors.forEach((e, i) => {
    check.code(e, childPath(path, i));
    // proto3 cannot tell an empty repeated field from a missing one: JSON has no `hosts` then
    if (Array.isArray(e.hosts) && e.hosts.length === 0) delete e.hosts;
  });
}

export function encodeImage(img: Image): Uint8Array {
  return encodeMessage('Image', img);
}

export function decodeImage(bytes: Uint8Array): Image {
  const w = decodeMessage('Image', bytes);
  const check = new Checker();
  checkImage(check, w, '$');
  check.done();
  return w as Image;
}

// a repair's changes travel as JSON texts (proto/strata.proto: Repair)
const excludedToWire = (xs: Recommendations['excluded_base_images']) =>
  xs.map((x) => (x.repairs ? { ...x, repairs: x.repairs.map((p) => ({ ...p, changes: p.changes.map((c) => JSON.stringify(c)) })) } : x));

/** The recommendations of a cluster; with alternative images, each image group's too (`groups`). */
export type GroupedRecommendations = Recommendations & {
  groups?: (Recommendations & { group: number; classes: HardwareClass[] | null; hosts: string[] })[];
};

export function encodeRecommendations(r: GroupedRecommendations): Uint8Array {
  const groups = r.groups?.map((g) => ({ ...g, classes: g.classes ?? [], excluded_base_images: excludedToWire(g.excluded_base_images) }));
  return encodeMessage('Recommendations', { ...r, excluded_base_images: excludedToWire(r.excluded_base_images), groups });
}

export function decodeGroups(bytes: Uint8Array): Groups {
  const w = decodeMessage('Groups', bytes);
  const check = new Checker();
  (w.groups as WireObject[]).forEach((g, i) => checkSlots(check, g, childPath('$.groups', i)));
  (w.uncovered as WireObject[]).forEach((u, i) => checkErrors(check, u.reasons, childPath(childPath('$.uncovered', i), 'reasons')));
  if (w.fewest_groups === undefined) w.fewest_groups = null;
  check.done();
  return w as Groups;
}

export function encodeGroups(g: Groups): Uint8Array {
  return encodeMessage('Groups', {
    ...g,
    fewest_groups: g.fewest_groups ?? undefined,
    groups: g.groups.map((x) => ({ ...x, excluded_base_images: excludedToWire(x.excluded_base_images) })),
  });
}

export function decodeRecommendations(bytes: Uint8Array): GroupedRecommendations {
  const w = decodeMessage('Recommendations', bytes);
  const check = new Checker();
  checkSlots(check, w, '$');
  const groups = w.groups as WireObject[];
  if (groups.length === 0) delete w.groups;
  groups.forEach((g, i) => {
    if (g.group === 0) g.classes = null;
    checkSlots(check, g, childPath('$.groups', i));
  });
  check.done();
  return w as GroupedRecommendations;
}

/** The slots and excluded base images of recommendations (of a cluster or of an image group). */
function checkSlots(check: Checker, w: WireObject, path: string): void {
  for (const k of ['latest', 'current_series', 'same_base']) {
    if (w[k] !== null) checkImage(check, w[k], childPath(path, k));
  }
  (w.excluded_base_images as WireObject[]).forEach((x, i) => {
    const at = childPath(childPath(path, 'excluded_base_images'), i);
    checkErrors(check, x.reasons, childPath(at, 'reasons'));
    // proto3 has no absent repeated field: no plans asked for reads as no `repairs`
    if (x.no_repair == null) delete x.no_repair;
    if (Array.isArray(x.repairs) && x.repairs.length === 0 && x.no_repair === undefined) delete x.repairs;
    (x.repairs ?? []).forEach((p: WireObject, j: number) => {
      checkImage(check, p.image, childPath(childPath(childPath(at, 'repairs'), j), 'image'));
      p.changes = (p.changes as string[]).map((text) => JSON.parse(text));
    });
  });
}

export function encodeEnumeration(e: Enumeration): Uint8Array {
  return encodeMessage('Enumeration', e);
}

export function decodeEnumeration(bytes: Uint8Array): Enumeration {
  const w = decodeMessage('Enumeration', bytes);
  const check = new Checker();
  (w.combinations as WireObject[]).forEach((img, i) => checkImage(check, img, childPath('$.combinations', i)));
  check.done();
  return w as Enumeration;
}

export function encodeValidationReport(r: ValidationReport): Uint8Array {
  return encodeMessage('ValidationReport', r);
}

export function decodeValidationReport(bytes: Uint8Array): ValidationReport {
  const w = decodeMessage('ValidationReport', bytes);
  const check = new Checker();
  for (const [name, ec] of Object.entries(w.effective_components as Record<string, WireObject>)) {
    const p = childPath('$.effective_components', name);
    check.source(ec.source, childPath(p, 'source'));
    if (ec.overrode !== undefined) check.source(ec.overrode?.source, childPath(childPath(p, 'overrode'), 'source'));
  }
  checkErrors(check, w.errors, '$.errors');
  check.done();
  return w as ValidationReport;
}
