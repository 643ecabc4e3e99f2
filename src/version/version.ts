// Version rules of SPEC §1. Strings are parsed once into token lists; hot paths compare
// interned ranks (see catalog), never strings.
import type { Relation } from '../model/types.js';

/** A token is a bigint-free digit run (kept as its canonical digit string) or a non-digit run. */
type Token = { digits: true; value: string } | { digits: false; value: string };
type Segment = Token[];

export interface ParsedVersion {
  readonly text: string;
  readonly version: Segment[];
  readonly release: Segment[];
}

// Printable ASCII except space; empty segments ("1..2", "1.", ".1") and an empty release ("1-")
// are unparsable: they are always typos, and the SPEC's token rules say nothing of them.
const ALLOWED = /^[\x21-\x7e]+$/;

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Segments of one part; a hand-written scan, since loaders parse every version of a depot. */
function parsePart(part: string): Segment[] | null {
  const segments: Segment[] = [];
  const n = part.length;
  let i = 0;
  for (;;) {
    const tokens: Token[] = [];
    while (i < n && part.charCodeAt(i) !== 46 /* . */) {
      const digits = isDigit(part.charCodeAt(i));
      let j = i + 1;
      while (j < n && part.charCodeAt(j) !== 46 && isDigit(part.charCodeAt(j)) === digits) j++;
      let value = part.slice(i, j);
      if (digits && value.length > 1 && value.charCodeAt(0) === 48) value = value.replace(/^0+(?=.)/, '');
      tokens.push(digits ? { digits: true, value } : { digits: false, value });
      i = j;
    }
    if (tokens.length === 0) return null; // an empty segment: "1..2", "1.", ".1"
    segments.push(tokens);
    if (i === n) return segments;
    i++; // past the dot
  }
}

const parsed = new Map<string, ParsedVersion | null>();

/** Parses a version string (memoised: depots repeat the same versions many times); null when it is not a version. */
export function parseVersion(text: string): ParsedVersion | null {
  if (typeof text !== 'string') return null;
  let p = parsed.get(text);
  if (p === undefined) {
    p = parseUncached(text);
    if (parsed.size > 200_000) parsed.clear();
    parsed.set(text, p);
  }
  return p;
}

/**
 * Is `text` a version (exactly when parseVersion would parse it)? A scan without allocating, for
 * loaders checking millions of version strings: printable ASCII without spaces, no empty segment
 * in the version part or in the release part (after the first '-').
 */
export function isVersion(text: string): boolean {
  const n = text.length;
  let segment = 0;
  let dashSeen = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
    if (c === 46 /* . */ || (c === 45 /* - */ && !dashSeen)) {
      if (segment === 0) return false;
      if (c === 45) dashSeen = true;
      segment = 0;
    } else {
      segment++;
    }
  }
  return segment > 0;
}

function parseUncached(text: string): ParsedVersion | null {
  if (text.length === 0 || !ALLOWED.test(text)) return null;
  const dash = text.indexOf('-');
  const versionPart = dash < 0 ? text : text.slice(0, dash);
  const releasePart = dash < 0 ? '' : text.slice(dash + 1);
  if (dash >= 0 && releasePart.length === 0) return null;
  const version = parsePart(versionPart);
  if (!version) return null;
  const release = releasePart.length === 0 ? [] : parsePart(releasePart);
  if (!release) return null;
  return { text, version, release };
}

function cmpToken(a: Token, b: Token): number {
  if (a.digits && b.digits) {
    // canonical digit strings: longer is bigger, else code-unit order
    if (a.value.length !== b.value.length) return a.value.length < b.value.length ? -1 : 1;
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  }
  if (a.digits !== b.digits) return a.digits ? -1 : 1;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

function cmpList<T>(a: readonly T[], b: readonly T[], cmp: (x: T, y: T) => number): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = cmp(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

const cmpSegment = (a: Segment, b: Segment) => cmpList(a, b, cmpToken);

export function compareParsed(a: ParsedVersion, b: ParsedVersion): number {
  return cmpList(a.version, b.version, cmpSegment) || cmpList(a.release, b.release, cmpSegment);
}

function parsedOrThrow(text: string): ParsedVersion {
  const p = parseVersion(text);
  if (!p) throw new Error(`not a version: ${JSON.stringify(text)}`);
  return p;
}

/** Total order of SPEC §1; throws on unparsable input (inputs are checked at load). */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  return compareParsed(parsedOrThrow(a), parsedOrThrow(b));
}

const keys = new Map<string, string>();

/** Does a digit run of `text` start with a zero that canonical spelling drops (`01`, not `0`)? */
function hasLeadingZero(text: string): boolean {
  const n = text.length - 1;
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(i) === 48 && isDigit(text.charCodeAt(i + 1)) && (i === 0 || !isDigit(text.charCodeAt(i - 1)))) return true;
  }
  return false;
}

/** A canonical spelling: equal versions (`1.0`, `1.00`) have the same key. */
export function versionKey(text: string): string {
  // Most versions are spelled canonically already: their key is the text itself, found by a scan.
  if (!hasLeadingZero(text)) {
    if (!isVersion(text)) parsedOrThrow(text);
    return text;
  }
  let key = keys.get(text);
  if (key === undefined) {
    const p = parsedOrThrow(text);
    const part = (segs: Segment[]) => segs.map((s) => s.map((t) => t.value).join('')).join('.');
    key = p.release.length ? `${part(p.version)}-${part(p.release)}` : part(p.version);
    if (keys.size > 200_000) keys.clear();
    keys.set(text, key);
  }
  return key;
}

export function versionsEqual(a: string, b: string): boolean {
  return compareVersions(a, b) === 0;
}

/** `p` matches `v` when `v == p` or `v` starts with `p` followed by `.` or `-`. */
export function prefixMatches(prefix: string, version: string): boolean {
  if (version === prefix) return true;
  if (!version.startsWith(prefix)) return false;
  const next = version.charCodeAt(prefix.length);
  return next === 46 /* . */ || next === 45 /* - */;
}

/** The series of a base image version: the first two segments of its version part. */
export function seriesOf(version: string): string {
  const dash = version.indexOf('-');
  const v = dash < 0 ? version : version.slice(0, dash);
  return v.split('.').slice(0, 2).join('.');
}

export function relationHolds(cmp: number, relation: Relation): boolean {
  switch (relation) {
    case '<<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '=':
      return cmp === 0;
    case '>=':
      return cmp >= 0;
    case '>>':
      return cmp > 0;
  }
}

/**
 * Does `version` satisfy `relation bound`? (No relation: any version.) A bound without a release
 * part is compared with the version part of the candidate only, as ESXi reads VIB relations:
 * `= 7.0.0` is met by `7.0.0-1.0.15843807`.
 */
export function satisfies(version: string, relation: Relation | undefined, bound: string | undefined): boolean {
  if (!relation || bound === undefined) return true;
  if (version === bound) return relationHolds(0, relation);
  const v = parsedOrThrow(version);
  const b = parsedOrThrow(bound);
  const cmp = b.release.length === 0 ? cmpList(v.version, b.version, cmpSegment) : compareParsed(v, b);
  return relationHolds(cmp, relation);
}
