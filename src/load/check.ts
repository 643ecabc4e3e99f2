// Schema checking that keeps going: every reader records what is wrong and returns undefined
// (or a default), so one run reports all problems of a file instead of the first one.
import { RELATIONS, type Relation } from '../model/types.js';
import { parseVersion } from '../version/version.js';
import { InputError, MAX_PROBLEMS, childPath, type Problem } from './errors.js';

export type JsonObject = Record<string, unknown>;

/** Collects the problems of one input, keeping the first MAX_PROBLEMS and counting all. */
export class Collector {
  readonly problems: Problem[] = [];
  total = 0;

  constructor(readonly file: string) {}

  problem(path: string, message: string): void {
    this.total++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ file: this.file, path, message });
  }

  get ok(): boolean {
    return this.total === 0;
  }

  throwIfAny(): void {
    if (this.total > 0) throw new InputError(this.problems, this.total);
  }
}

/** Runs a parse with a fresh collector and throws an InputError if anything was wrong. */
export function collecting<T>(file: string, parse: (c: Collector) => T): T {
  const c = new Collector(file);
  const result = parse(c);
  c.throwIfAny();
  return result;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a found value is named in messages: `a number (42)`, `an array`, `null`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
      return value === '' ? 'an empty string' : `a string (${JSON.stringify(shown)})`;
    }
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `a boolean (${value})`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

export function expected(c: Collector, path: string, what: string, found: unknown): void {
  c.problem(path, `expected ${what}, found ${describeValue(found)}`);
}

function missing(c: Collector, path: string, what: string): void {
  c.problem(path, `required field is missing (expected ${what})`);
}

function required(c: Collector, obj: JsonObject, key: string, path: string, what: string): unknown {
  const v = obj[key];
  if (v === undefined) missing(c, childPath(path, key), what);
  return v;
}

// Optional fields treat null like absence: our own output shapes print `"add_on": null`, and
// feeding an output back as input must work.
function field(obj: JsonObject, key: string): unknown {
  const v = obj[key];
  return v === null ? undefined : v;
}

// ---- values (array elements, map values) ------------------------------------------------

/** A non-empty string. */
export function stringValue(c: Collector, value: unknown, path: string): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  expected(c, path, value === '' ? 'a non-empty string' : 'a string', value);
  return undefined;
}

/** Why parseVersion refused a string, in words. */
function versionFault(text: string): string {
  if (/\s/.test(text)) return 'it contains a space';
  if (!/^[\x21-\x7e]+$/.test(text)) return 'it contains a character that is not printable ASCII';
  if (text.endsWith('-')) return "nothing follows the '-'";
  return 'it has an empty segment between dots';
}

export function versionValue(c: Collector, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value === '') {
    expected(c, path, 'a version string', value);
    return undefined;
  }
  if (!parseVersion(value)) {
    c.problem(path, `${JSON.stringify(value)} is not a valid version: ${versionFault(value)}`);
    return undefined;
  }
  return value;
}

const PCI_ID = /^[0-9a-f]{4}$/;

/** Exactly four lower-case hex digits; `*` (any subsystem) only when `wildcard`. */
export function pciIdValue(c: Collector, value: unknown, path: string, wildcard = false): string | undefined {
  if (typeof value !== 'string') {
    expected(c, path, 'a PCI id string of 4 hex digits', value);
    return undefined;
  }
  if (PCI_ID.test(value)) return value;
  if (value === '*') {
    if (wildcard) return value;
    c.problem(path, `"*" is not allowed here: this PCI id must be exact`);
    return undefined;
  }
  if (PCI_ID.test(value.toLowerCase())) {
    c.problem(path, `PCI ids are lower-case hex: write "${value.toLowerCase()}", not "${value}"`);
    return undefined;
  }
  const extra = wildcard ? ' or "*"' : '';
  c.problem(path, `expected a PCI id of exactly 4 hex digits${extra}, found ${JSON.stringify(value)}`);
  return undefined;
}

// Common slips, each pointing at the relation it most likely meant.
const RELATION_HINTS: Record<string, Relation> = { '<': '<<', '>': '>>', '==': '=', '=>': '>=', '=<': '<=' };

export function relationValue(c: Collector, value: unknown, path: string): Relation | undefined {
  if (typeof value !== 'string') {
    expected(c, path, `a relation (one of ${RELATIONS.join(' ')})`, value);
    return undefined;
  }
  if ((RELATIONS as readonly string[]).includes(value)) return value as Relation;
  const hint = RELATION_HINTS[value];
  c.problem(
    path,
    `unknown relation ${JSON.stringify(value)} (expected one of ${RELATIONS.join(' ')}${hint ? `; did you mean ${hint}?` : ''})`,
  );
  return undefined;
}

// ---- fields of an object -------------------------------------------------------------------

export function reqString(c: Collector, obj: JsonObject, key: string, path: string): string | undefined {
  const v = required(c, obj, key, path, 'a string');
  if (v === undefined) return undefined;
  return stringValue(c, v, childPath(path, key));
}

/** Optional descriptive text: any string, empty included. */
export function optString(c: Collector, obj: JsonObject, key: string, path: string): string | undefined {
  const v = field(obj, key);
  if (v === undefined || typeof v === 'string') return v;
  expected(c, childPath(path, key), 'a string', v);
  return undefined;
}

export function optBoolean(c: Collector, obj: JsonObject, key: string, path: string, dflt: boolean): boolean {
  const v = field(obj, key);
  if (v === undefined) return dflt;
  if (typeof v === 'boolean') return v;
  expected(c, childPath(path, key), 'true or false', v);
  return dflt;
}

export function reqVersion(c: Collector, obj: JsonObject, key: string, path: string): string | undefined {
  const v = required(c, obj, key, path, 'a version string');
  if (v === undefined) return undefined;
  return versionValue(c, v, childPath(path, key));
}

export function optVersion(c: Collector, obj: JsonObject, key: string, path: string): string | undefined {
  const v = field(obj, key);
  return v === undefined ? undefined : versionValue(c, v, childPath(path, key));
}

export function reqPciId(c: Collector, obj: JsonObject, key: string, path: string, wildcard = false): string | undefined {
  const v = required(c, obj, key, path, 'a PCI id of 4 hex digits');
  if (v === undefined) return undefined;
  return pciIdValue(c, v, childPath(path, key), wildcard);
}

export function optRelation(c: Collector, obj: JsonObject, key: string, path: string): Relation | undefined {
  const v = field(obj, key);
  return v === undefined ? undefined : relationValue(c, v, childPath(path, key));
}

export function reqObject(c: Collector, obj: JsonObject, key: string, path: string): JsonObject | undefined {
  const v = required(c, obj, key, path, 'an object');
  if (v === undefined) return undefined;
  if (isObject(v)) return v;
  expected(c, childPath(path, key), 'an object', v);
  return undefined;
}

export function optObject(c: Collector, obj: JsonObject, key: string, path: string): JsonObject | undefined {
  const v = field(obj, key);
  if (v === undefined || isObject(v)) return v;
  expected(c, childPath(path, key), 'an object', v);
  return undefined;
}

export function reqArray(c: Collector, obj: JsonObject, key: string, path: string): unknown[] | undefined {
  const v = required(c, obj, key, path, 'an array');
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v;
  expected(c, childPath(path, key), 'an array', v);
  return undefined;
}

/** An optional array; missing (or wrong, after reporting it) reads as []. */
export function optArray(c: Collector, obj: JsonObject, key: string, path: string): unknown[] {
  const v = field(obj, key);
  if (v === undefined) return [];
  if (Array.isArray(v)) return v;
  expected(c, childPath(path, key), 'an array', v);
  return [];
}

/** Parses each element with `item`, keeping the ones that parsed. */
export function mapArray<T>(
  items: unknown[],
  path: string,
  item: (value: unknown, path: string, index: number) => T | undefined,
): T[] {
  const out: T[] = [];
  items.forEach((value, index) => {
    const parsed = item(value, childPath(path, index), index);
    if (parsed !== undefined) out.push(parsed);
  });
  return out;
}

/** Parses items that keep their index, so later checks can name the exact JSON path. */
export function indexed<T>(
  list: unknown[] | undefined,
  path: string,
  parse: (value: unknown, path: string) => T | undefined,
): { item: T; path: string }[] {
  const out: { item: T; path: string }[] = [];
  (list ?? []).forEach((value, i) => {
    const p = childPath(path, i);
    const item = parse(value, p);
    if (item !== undefined) out.push({ item, path: p });
  });
  return out;
}

/** An optional array of non-empty strings (names); missing reads as []. */
export function optStringArray(c: Collector, obj: JsonObject, key: string, path: string): string[] {
  return mapArray(optArray(c, obj, key, path), childPath(path, key), (v, p) => stringValue(c, v, p));
}

/** An optional array of version strings; missing reads as []. */
export function optVersionArray(c: Collector, obj: JsonObject, key: string, path: string): string[] {
  return mapArray(optArray(c, obj, key, path), childPath(path, key), (v, p) => versionValue(c, v, p));
}

export function reqVersionArray(c: Collector, obj: JsonObject, key: string, path: string): string[] | undefined {
  const arr = reqArray(c, obj, key, path);
  return arr && mapArray(arr, childPath(path, key), (v, p) => versionValue(c, v, p));
}

/** Each element must be an object; reports the others. */
export function objectItem(c: Collector, value: unknown, path: string, what: string): JsonObject | undefined {
  if (isObject(value)) return value;
  expected(c, path, what, value);
  return undefined;
}

/** A JSON object used as a map: checks each key is non-empty and parses each value with `item`. */
export function mapValue<T>(
  c: Collector,
  value: unknown,
  path: string,
  what: string,
  item: (value: unknown, path: string, key: string) => T | undefined,
): Record<string, T> | undefined {
  if (!isObject(value)) {
    expected(c, path, what, value);
    return undefined;
  }
  const out: Record<string, T> = {};
  for (const [key, v] of Object.entries(value)) {
    const p = childPath(path, key);
    if (key === '') {
      c.problem(p, 'a name must not be empty');
      continue;
    }
    const parsed = item(v, p, key);
    if (parsed !== undefined) out[key] = parsed;
  }
  return out;
}

/** A name → version map (component lists); every value must parse as a version. */
export function versionMapValue(c: Collector, value: unknown, path: string): Record<string, string> | undefined {
  return mapValue(c, value, path, 'an object mapping names to versions', (v, p) => versionValue(c, v, p));
}

/** A name → string map. */
export function stringMapValue(c: Collector, value: unknown, path: string): Record<string, string> | undefined {
  return mapValue(c, value, path, 'an object mapping names to strings', (v, p) => stringValue(c, v, p));
}

export function reqVersionMap(c: Collector, obj: JsonObject, key: string, path: string): Record<string, string> | undefined {
  const v = required(c, obj, key, path, 'an object mapping names to versions');
  if (v === undefined) return undefined;
  return versionMapValue(c, v, childPath(path, key));
}

export function optVersionMap(c: Collector, obj: JsonObject, key: string, path: string): Record<string, string> {
  const v = field(obj, key);
  return v === undefined ? {} : (versionMapValue(c, v, childPath(path, key)) ?? {});
}

/**
 * Remembers identities and reports repeats, naming where the first one was.
 * `key` must already be canonical (use versionKey for versions).
 */
export class Uniqueness {
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly c: Collector,
    private readonly what: string,
  ) {}

  check(key: string, label: string, path: string): boolean {
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.c.problem(path, `duplicate ${this.what} ${label} (first at ${first})`);
      return false;
    }
    this.seen.set(key, path);
    return true;
  }
}
