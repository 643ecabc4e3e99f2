// Checking that keeps going: every check records what is wrong and returns undefined, so one run
// reports all problems of a file instead of the first one. The value checks here give the words of
// the schemas' value types (src/schema/compile.ts); the shapes themselves are in src/schema/.
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

// ---- fields of an object (for bodies checked by hand) ----------------------------------

export function reqString(c: Collector, obj: JsonObject, key: string, path: string): string | undefined {
  const v = required(c, obj, key, path, 'a string');
  if (v === undefined) return undefined;
  return stringValue(c, v, childPath(path, key));
}

export function reqVersion(c: Collector, obj: JsonObject, key: string, path: string): string | undefined {
  const v = required(c, obj, key, path, 'a version string');
  if (v === undefined) return undefined;
  return versionValue(c, v, childPath(path, key));
}

/**
 * Remembers identities and reports repeats, naming where the first one was.
 * `key` must already be canonical (use versionKey for versions).
 */
export class Uniqueness {
  /** key → where it was first seen: a path, or an element index for checkAt */
  private readonly seen = new Map<string, string | number>();

  constructor(
    private readonly c: Collector,
    private readonly what: string,
    /** the path of element `i` of the list checkAt is given */
    private readonly pathOf: (i: number) => string = String,
  ) {}

  check(key: string, label: string, path: string): boolean {
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.c.problem(path, `duplicate ${this.what} ${label} (first at ${this.where(first)})`);
      return false;
    }
    this.seen.set(key, path);
    return true;
  }

  /** check for element `i` of a list: its path and label are worked out only for a repeat. */
  checkAt(key: string, i: number, label: (i: number) => string): boolean {
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.c.problem(this.pathOf(i), `duplicate ${this.what} ${label(i)} (first at ${this.where(first)})`);
      return false;
    }
    this.seen.set(key, i);
    return true;
  }

  private where(first: string | number): string {
    return typeof first === 'number' ? this.pathOf(first) : first;
  }
}
