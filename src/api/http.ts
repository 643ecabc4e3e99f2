// HTTP helpers shared by the routes: content negotiation (JSON / application/x-protobuf),
// request bodies, query parameters, ETag / If-Match.
import type { Context } from 'hono';
import { parseJsonText } from '../load/json.js';
import { ApiError, invalid } from '../service/errors.js';

export const PROTOBUF = 'application/x-protobuf';

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

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * The request body as a plain value: JSON text parsed (problems name "body" and the JSON path),
 * or protobuf bytes decoded with `decode` (which yields the JSON shape). The loaders check the
 * value afterwards either way, so both wire formats get the same checks and messages.
 */
export async function readBody(c: Context, decode?: (bytes: Uint8Array) => unknown): Promise<unknown> {
  const type = mediaType(c);
  if (type === PROTOBUF) {
    if (!decode) throw unsupported(`this operation takes application/json, not ${PROTOBUF}`);
    return decode(new Uint8Array(await c.req.arrayBuffer()));
  }
  // Anything else is read as JSON text: `curl -d @file` sends form-urlencoded, and refusing a
  // JSON document for its label helps no one. Malformed JSON is still a 400 with its position.
  return parseJsonText(await c.req.text(), 'body');
}

/** Like readBody, but an empty body is `undefined` (POST …?action=validate takes an optional one). */
export async function readOptionalBody(c: Context, decode?: (bytes: Uint8Array) => unknown): Promise<unknown> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) return undefined;
  if (mediaType(c) === PROTOBUF) {
    if (!decode) throw unsupported(`this operation takes application/json, not ${PROTOBUF}`);
    return decode(bytes);
  }
  return parseJsonText(new TextDecoder().decode(bytes), 'body');
}

function unsupported(text: string): ApiError {
  return new ApiError(415, 'INVALID_ARGUMENT', [{ id: 'strata.body.media_type', default_message: text, args: [] }]);
}

/** An integer query parameter in [min, max], or `dflt` when absent. */
export function intQuery(c: Context, name: string, dflt: number, min: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return dflt;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw invalid('query.invalid', `query parameter ${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`, [name, raw]);
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
    throw invalid('action.invalid', `this operation needs ?action=${known.join('|')}${a === undefined ? '' : `, got ${JSON.stringify(a)}`}`, [a ?? '']);
  }
  return a;
}
