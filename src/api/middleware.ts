// Cross-cutting concerns: bearer-token guards, body size limits, and the one error handler that
// turns whatever a handler threw into the vSphere error shape.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, isUnexpected, message, toApiError } from './errors.js';
import { mediaType, ZIP } from './http.js';

const MiB = 1024 * 1024;

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time comparison (of digests, so lengths do not leak either). */
function tokenMatches(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m || !tokenMatches(m[1]!, token)) {
      const text = m ? 'the bearer token is not valid' : 'this operation needs an "Authorization: Bearer <token>" header';
      throw new ApiError(401, 'UNAUTHENTICATED', [message('auth.required', text)], { 'www-authenticate': 'Bearer realm="strata"' });
    }
    return next();
  };
}

const open: MiddlewareHandler = (_c, next) => next();

/**
 * Every operation names its guard as its first handler: `write` for changes (always needs the
 * token), `read` for everything that changes nothing, whatever its method — validating a posted
 * image is a read — which needs the token only when reads are protected.
 */
export interface Guards {
  read: MiddlewareHandler;
  write: MiddlewareHandler;
}

export function guards(token: string, protectReads: boolean): Guards {
  const write = requireToken(token);
  return { read: protectReads ? write : open, write };
}

export interface BodyLimits {
  /** PUT /api/depot */
  depotBytes: number;
  /** PUT /api/depot with an ESXi offline bundle or metadata.zip (Content-Type application/zip) */
  zipBytes: number;
  /** every other body */
  defaultBytes: number;
}

export const DEFAULT_LIMITS: BodyLimits = { depotBytes: 64 * MiB, zipBytes: 512 * MiB, defaultBytes: 1 * MiB };

function tooLarge(max: number) {
  return (c: Context) => {
    const e = new ApiError(413, 'INVALID_ARGUMENT', [
      message('body.too_large', `the request body is larger than the limit of ${max} bytes`, [String(max)]),
    ]);
    return c.json(e.body, 413);
  };
}

/**
 * The depot may be large, an offline bundle larger still; everything else is small. Checked on
 * Content-Length and while streaming.
 */
export function bodyLimits(limits: BodyLimits): MiddlewareHandler {
  const depot = bodyLimit({ maxSize: limits.depotBytes, onError: tooLarge(limits.depotBytes) });
  const zip = bodyLimit({ maxSize: limits.zipBytes, onError: tooLarge(limits.zipBytes) });
  const other = bodyLimit({ maxSize: limits.defaultBytes, onError: tooLarge(limits.defaultBytes) });
  return (c, next) => {
    if (c.req.path !== '/api/depot') return other(c, next);
    return mediaType(c) === ZIP ? zip(c, next) : depot(c, next);
  };
}

/** Every error as {"error_type", "messages"}; unexpected ones logged here, never sent (no stacks). */
export function renderError(err: unknown, c: Context): Response {
  const e = toApiError(err);
  if (isUnexpected(err)) {
    console.error(`strata serve: ${c.req.method} ${c.req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  return c.json(e.body, e.status as 400, e.headers);
}
