// Version rules of SPEC §1. Strings are parsed once (memoised) into token lists and an order
// spelling compared as one flat string; hot paths compare interned ranks (see catalog).
import type { Relation } from '../model/types.js';

/** A token is a bigint-free digit run (kept as its canonical digit string) or a non-digit run. */
type Token = { digits: true; value: string } | { digits: false; value: string };
type Segment = Token[];

export interface ParsedVersion {
  readonly text: string;
  readonly version: Segment[];
  readonly release: Segment[];
  /** the version part spelled so that code-unit order is SPEC §1 order (see spelledForOrder) */
  readonly versionOrder: string;
  /** the whole version so spelled: versionOrder, then the release part's */
  readonly order: string;
  /** its canonical spelling (versionKey) */
  readonly key: string;
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
  const versionOrder = spelledForOrder(version);
  const key = hasLeadingZero(text) ? canonicalSpelling(version, release) : text;
  return { text, version, release, versionOrder, order: versionOrder + spelledForOrder(release), key };
}

/**
 * Segments spelled so that comparing two spellings by code unit is comparing the segments by
 * SPEC §1: each token is a marker (digit runs \u0002 before non-digit runs \u0003), then a digit
 * run's length and digits (canonical: longer is bigger, else by digit) or a non-digit run's
 * characters; each segment ends in \u0001 and the list in \u0000, below any token, so a segment
 * or list that is a prefix of another comes first. A sort then compares flat strings instead of
 * token lists (on a depot of 5,000 components, most of the cost of indexing it).
 */
function spelledForOrder(segments: readonly Segment[]): string {
  let out = '';
  for (const segment of segments) {
    for (const t of segment) out += t.digits ? `\u0002${lengthCode(t.value.length)}${t.value}` : `\u0003${t.value}`;
    out += '\u0001';
  }
  return `${out}\u0000`;
}

/** A digit run's length as code units in the order of lengths: one above the markers, or, from 0xF000 on, a marker above those and the decimal length (its own length first). */
function lengthCode(n: number): string {
  if (n < 0xf000) return String.fromCharCode(0x30 + n);
  const digits = String(n);
  return String.fromCharCode(0xf030, 0x30 + digits.length) + digits;
}

const cmpStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareParsed(a: ParsedVersion, b: ParsedVersion): number {
  return cmpStrings(a.order, b.order);
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

/** `items` sorted by version, oldest first, in place: each version looked up once, and not sorted when already in order. */
export function sortByVersion<T extends { version: string }>(items: T[]): T[] {
  if (items.length < 2) return items;
  const orders = items.map((it) => parsedOrThrow(it.version).order);
  let sorted = true;
  for (let i = 1; i < orders.length && sorted; i++) sorted = orders[i - 1]! <= orders[i]!;
  if (sorted) return items;
  const at = orders.map((_, i) => i).sort((x, y) => cmpStrings(orders[x]!, orders[y]!) || x - y);
  const copy = [...items];
  for (let i = 0; i < at.length; i++) items[i] = copy[at[i]!]!;
  return items;
}

/** Does a digit run of `text` start with a zero that canonical spelling drops (`01`, not `0`)? */
function hasLeadingZero(text: string): boolean {
  const n = text.length - 1;
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(i) === 48 && isDigit(text.charCodeAt(i + 1)) && (i === 0 || !isDigit(text.charCodeAt(i - 1)))) return true;
  }
  return false;
}

function canonicalSpelling(version: Segment[], release: Segment[]): string {
  const part = (segs: Segment[]) => segs.map((s) => s.map((t) => t.value).join('')).join('.');
  return release.length ? `${part(version)}-${part(release)}` : part(version);
}

/** A canonical spelling: equal versions (`1.0`, `1.00`) have the same key. */
export function versionKey(text: string): string {
  const known = parsed.get(text);
  if (known) return known.key;
  // Most versions are spelled canonically already: their key is the text itself, found by a
  // scan, without parsing (and keeping) versions a loader only checks.
  if (!hasLeadingZero(text)) {
    if (!isVersion(text)) parsedOrThrow(text);
    return text;
  }
  return parsedOrThrow(text).key;
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
  // the version part's first two dot-separated fields, without splitting the string
  const dash = version.indexOf('-');
  const end = dash < 0 ? version.length : dash;
  const first = version.indexOf('.');
  const second = first < 0 || first >= end ? -1 : version.indexOf('.', first + 1);
  return version.slice(0, second < 0 || second > end ? end : second);
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
  const cmp = b.release.length === 0 ? cmpStrings(v.versionOrder, b.versionOrder) : compareParsed(v, b);
  return relationHolds(cmp, relation);
}
