// HTTP helpers shared by the routes: content negotiation (JSON / application/x-protobuf),
// request bodies (media types, binary data), query parameters, ETag / If-Match.
import type { Context } from 'hono';
import { InputError } from '../load/errors.js';
import { parseJsonText } from '../load/json.js';
import { ApiError, invalid, message } from './errors.js';

export const JSON_TYPE = 'application/json';
export const PROTOBUF = 'application/x-protobuf';
/** ESXi offline bundles and metadata.zip (PUT /api/depot) */
export const ZIP = 'application/zip';
/** what-if scenario files; a one-line file is plain JSON too */
export const JSON_LINES = ['application/x-ndjson', 'application/jsonl', JSON_TYPE];

/** Does the client ask for protobuf (and is there a message for this answer)? */
export function wantsProtobuf(c: Context): boolean {
  const accept = c.req.header('accept') ?? '';
  return accept.split(',').some((part) => part.trim().split(';')[0]!.trim().toLowerCase() === PROTOBUF);
}

/** JSON, or protobuf bytes when asked for and `encode` is given. */
export function respond<T>(c: Context, value: T, encode?: (v: T) => Uint8Array, status: 200 | 201 | 202 = 200): Response {
  if (encode && wantsProtobuf(c)) {
    const bytes = encode(value);
    return c.body(bytes as Uint8Array<ArrayBuffer>, status, { 'content-type': PROTOBUF });
  }
  return c.json(value as object, status);
}

/** The body's media type: lower case, parameters dropped; "" without a Content-Type header. */
export function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A header value fit to quote in a message: printable ASCII, bounded. */
function shown(value: string): string {
  const clean = value.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(clean.length > 100 ? `${clean.slice(0, 97)}...` : clean);
}

export function unsupported(type: string, accepted: readonly string[]): ApiError {
  return new ApiError(415, 'INVALID_ARGUMENT', [
    message('body.media_type', `the body's content type ${shown(type)} is not one this operation takes (${accepted.join(', ')})`, [
      type,
      accepted.join(', '),
    ]),
  ]);
}

const bodyProblem = (problem: string) => new InputError([{ file: 'body', path: '$', message: problem }]);

/**
 * The body as text. Binary data is refused by a description, never echoed: a parse error would
 * otherwise quote the offending byte, and a terminal or log shows it raw.
 */
function bodyText(bytes: Uint8Array, what: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw bodyProblem(`the body is not UTF-8 text, so not ${what} (binary data? protobuf needs Content-Type ${PROTOBUF})`);
  }
  // JSON allows no control characters but tab, CR and LF, not even inside strings.
  const i = text.search(/[\x00-\x08\x0b\x0c\x0e-\x1f]/);
  if (i >= 0) {
    const byte = text.charCodeAt(i).toString(16).padStart(2, '0');
    const offset = Buffer.byteLength(text.slice(0, i), 'utf8');
    throw bodyProblem(`the body is binary data, not ${what} (control byte 0x${byte} at offset ${offset})`);
  }
  return text;
}

/** A JSON body's value, or protobuf bytes decoded with `decode` (which yields the JSON shape). */
function bodyValue(c: Context, bytes: Uint8Array, decode: ((bytes: Uint8Array) => unknown) | undefined): unknown {
  const type = mediaType(c);
  // No Content-Type at all is read as JSON: the body still has to parse.
  if (type === JSON_TYPE || type === '') return parseJsonText(bodyText(bytes, 'JSON text'), 'body');
  if (type === PROTOBUF && decode) return decode(bytes);
  throw unsupported(type, decode ? [JSON_TYPE, PROTOBUF] : [JSON_TYPE]);
}

/**
 * The request body as a plain value: JSON text parsed (problems name "body" and the JSON path),
 * or, where the operation has a protobuf message, its bytes decoded. The loaders check the value
 * afterwards either way, so both wire formats get the same checks and messages. Any other
 * Content-Type is 415.
 */
export async function readBody(c: Context, decode?: (bytes: Uint8Array) => unknown): Promise<unknown> {
  return bodyValue(c, new Uint8Array(await c.req.arrayBuffer()), decode);
}

/** Like readBody, but an empty body is `undefined` (POST …?action=validate takes an optional one). */
export async function readOptionalBody(c: Context, decode?: (bytes: Uint8Array) => unknown): Promise<unknown> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  return bytes.length === 0 ? undefined : bodyValue(c, bytes, decode);
}

/** A JSON Lines body (what-if scenarios) as text. */
export async function readJsonLines(c: Context): Promise<string> {
  const type = mediaType(c);
  if (type !== '' && !JSON_LINES.includes(type)) throw unsupported(type, JSON_LINES);
  return bodyText(new Uint8Array(await c.req.arrayBuffer()), 'JSON Lines text');
}

/** An integer query parameter in [min, max], or `dflt` when absent. */
export function intQuery(c: Context, name: string, dflt: number, min: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return dflt;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw invalid('query.invalid', `query parameter ${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`, [
      name,
      raw,
    ]);
  }
  return Number(raw);
}

export function etag(revision: number): string {
  return `"${revision}"`;
}

/**
 * The revision an If-Match header asks for: undefined without the header (or with `*`), -1 when
 * it names no revision of ours (so it never matches and the write gets 412).
 */
export function ifMatch(c: Context): number | undefined {
  const h = c.req.header('if-match');
  if (h === undefined || h.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(h);
  return m ? Number(m[1]) : -1;
}

/** The `action` query parameter, checked against the verbs an operation knows. */
export function action(c: Context, known: readonly string[]): string {
  const a = c.req.query('action');
  if (a === undefined || !known.includes(a)) {
    throw invalid(
      'action.invalid',
      `this operation needs ?action=${known.join('|')}${a === undefined ? '' : `, got ${JSON.stringify(a)}`}`,
      [a ?? ''],
    );
  }
  return a;
}

/** The :cluster segment of the mount path of a cluster's sub-resources. */
export function clusterParam(c: Context): string {
  const name = c.req.param('cluster');
  // Only reachable by mounting a sub-app without :cluster in its path: a bug, not bad input.
  if (name === undefined) throw new Error(`no :cluster parameter in ${c.req.routePath}`);
  return name;
}
