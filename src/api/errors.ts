// Errors on the wire, in the vSphere Automation shape: {"error_type", "messages": [{id,
// default_message, args}]} with an HTTP status. This is the one place that knows statuses: the
// service raises domain errors (src/service/errors.ts) and the loaders InputError; toApiError maps
// them here. Problems that exist only in HTTP (auth, media types, sizes, query parameters, unknown
// operations) are raised as ApiError directly by the HTTP layer.
import { InputError } from '../load/errors.js';
import type { ErrorCode } from '../model/types.js';
import {
  AlreadyExists,
  BadInput,
  Conflict,
  NotAllowed,
  NotFound,
  NotInDepot,
  PreconditionFailed,
  ServiceError,
  TimedOut,
} from '../service/errors.js';

export type ErrorType =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONCURRENT_CHANGE'
  | 'NOT_ALLOWED_IN_CURRENT_STATE'
  | 'UNAUTHENTICATED'
  | 'OPERATION_NOT_FOUND'
  | 'UNSUPPORTED'
  | 'TIMED_OUT'
  | 'RESOURCE_BUSY'
  | 'INTERNAL_SERVER_ERROR';

export interface LocalizableMessage {
  id: string;
  default_message: string;
  args: string[];
  /** the SPEC error code, where a message is one (NOT_IN_DEPOT) */
  code?: ErrorCode;
}

export interface ErrorBody {
  error_type: ErrorType;
  messages: LocalizableMessage[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    readonly messages: LocalizableMessage[],
    readonly headers: Record<string, string> = {},
  ) {
    super(messages.map((m) => m.default_message).join('; '));
    this.name = 'ApiError';
  }

  get body(): ErrorBody {
    return { error_type: this.type, messages: this.messages };
  }
}

export const message = (id: string, default_message: string, args: string[] = []): LocalizableMessage => ({
  id: `strata.${id}`,
  default_message,
  args,
});

/** A bad query parameter or path segment: 400 INVALID_ARGUMENT. */
export const invalid = (id: string, text: string, args: string[] = []) => new ApiError(400, 'INVALID_ARGUMENT', [message(id, text, args)]);

/** Status and error type of each domain error; subclasses before their bases. */
const STATUS: [new (...args: never[]) => ServiceError, number, ErrorType][] = [
  [NotInDepot, 400, 'INVALID_ARGUMENT'],
  [BadInput, 400, 'INVALID_ARGUMENT'],
  [NotFound, 404, 'NOT_FOUND'],
  // vSphere answers ALREADY_EXISTS with 400.
  [AlreadyExists, 400, 'ALREADY_EXISTS'],
  [PreconditionFailed, 412, 'CONCURRENT_CHANGE'],
  [Conflict, 409, 'CONCURRENT_CHANGE'],
  [NotAllowed, 409, 'NOT_ALLOWED_IN_CURRENT_STATE'],
  [TimedOut, 504, 'TIMED_OUT'],
];

function fromServiceError(err: ServiceError): ApiError | undefined {
  const hit = STATUS.find(([cls]) => err instanceof cls);
  if (!hit) return undefined;
  const messages = err.details.map((d) => ({ ...message(d.id, d.message, d.args), ...(d.code ? { code: d.code } : {}) }));
  return new ApiError(hit[1], hit[2], messages);
}

/** A loader's InputError: one INVALID_ARGUMENT message per problem, args [path, problem]. */
function fromInputError(err: InputError): ApiError {
  const messages = err.problems.map((p) => message('input.invalid', `${p.file}: ${p.path}: ${p.message}`, [p.path, p.message]));
  if (err.total > err.problems.length) {
    const more = String(err.total - err.problems.length);
    messages.push(message('input.more_problems', `… and ${more} more problems`, [more]));
  }
  return new ApiError(400, 'INVALID_ARGUMENT', messages);
}

/** Anything thrown, as an ApiError; unknown errors become a 500 with no detail (no stack). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof InputError) return fromInputError(err);
  if (err instanceof ServiceError) {
    const mapped = fromServiceError(err);
    if (mapped) return mapped;
  }
  return new ApiError(500, 'INTERNAL_SERVER_ERROR', [message('internal', 'internal error; see the server log')]);
}

/** Is this a 500 we must log (a bug), rather than an answer to the client's mistake? */
export function isUnexpected(err: unknown): boolean {
  return toApiError(err).status >= 500 && !(err instanceof ApiError) && !(err instanceof TimedOut);
}
