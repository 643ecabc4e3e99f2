// Cross-cutting concerns: bearer-token auth, body size limits, errors in the vSphere shape.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, toApiError } from '../service/errors.js';

const MiB = 1024 * 1024;

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time comparison (of digests, so lengths do not leak either). */
function tokenMatches(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

export function auth(token: string, protectReads: boolean): MiddlewareHandler {
  return async (c, next) => {
    const read = c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS';
    if (read && !protectReads) return next();
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m || !tokenMatches(m[1]!, token)) {
      throw new ApiError(
        401,
        'UNAUTHENTICATED',
        [{ id: 'strata.auth.required', default_message: m ? 'the bearer token is not valid' : 'this operation needs an "Authorization: Bearer <token>" header', args: [] }],
        { 'www-authenticate': 'Bearer realm="strata"' },
      );
    }
    return next();
  };
}

export interface BodyLimits {
  /** PUT /api/depot */
  depotBytes: number;
  /** every other body */
  defaultBytes: number;
}

export const DEFAULT_LIMITS: BodyLimits = { depotBytes: 64 * MiB, defaultBytes: 1 * MiB };

function tooLarge(max: number) {
  return (c: Context) => {
    const e = new ApiError(413, 'INVALID_ARGUMENT', [
      { id: 'strata.body.too_large', default_message: `the request body is larger than the limit of ${max} bytes`, args: [String(max)] },
    ]);
    return c.json(e.body, 413);
  };
}

/** The depot may be large; everything else is small. Checked on Content-Length and while streaming. */
export function bodyLimits(limits: BodyLimits): MiddlewareHandler {
  const depot = bodyLimit({ maxSize: limits.depotBytes, onError: tooLarge(limits.depotBytes) });
  const other = bodyLimit({ maxSize: limits.defaultBytes, onError: tooLarge(limits.defaultBytes) });
  return (c, next) => (c.req.path === '/api/depot' ? depot(c, next) : other(c, next));
}

/** Every error as {"error_type", "messages"}; unexpected ones logged here, never sent (no stacks). */
export function renderError(err: unknown, c: Context): Response {
  const e = toApiError(err);
  if (e.status >= 500 && !(err instanceof ApiError)) {
    console.error(`strata serve: ${c.req.method} ${c.req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  return c.json(e.body, e.status as 400, e.headers);
}
