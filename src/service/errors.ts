// Service errors in the vSphere Automation shape: an error type, an HTTP status and localizable
// messages {id, default_message, args}. Input problems of the loaders become INVALID_ARGUMENT
// messages whose args are the JSON path and the problem.
import { InputError } from '../load/errors.js';

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

const msg = (id: string, default_message: string, args: string[] = []): LocalizableMessage => ({ id, default_message, args });

export const invalid = (id: string, text: string, args: string[] = []) => new ApiError(400, 'INVALID_ARGUMENT', [msg(`strata.${id}`, text, args)]);
export const notFound = (what: string, name: string) =>
  new ApiError(404, 'NOT_FOUND', [msg('strata.not_found', `${what} ${JSON.stringify(name)} does not exist`, [what, name])]);
export const alreadyExists = (what: string, name: string) =>
  new ApiError(400, 'ALREADY_EXISTS', [msg('strata.already_exists', `${what} ${JSON.stringify(name)} already exists`, [what, name])]);
export const concurrentChange = (text: string, args: string[] = [], status = 412) =>
  new ApiError(status, 'CONCURRENT_CHANGE', [msg('strata.concurrent_change', text, args)]);
export const notAllowed = (id: string, text: string, args: string[] = []) =>
  new ApiError(409, 'NOT_ALLOWED_IN_CURRENT_STATE', [msg(`strata.${id}`, text, args)]);

/** A loader's InputError as INVALID_ARGUMENT: one message per problem, args [path, problem]. */
export function fromInputError(err: InputError): ApiError {
  const messages = err.problems.map((p) => msg('strata.input.invalid', `${p.file}: ${p.path}: ${p.message}`, [p.path, p.message]));
  if (err.total > err.problems.length) {
    const more = String(err.total - err.problems.length);
    messages.push(msg('strata.input.more_problems', `… and ${more} more problems`, [more]));
  }
  return new ApiError(400, 'INVALID_ARGUMENT', messages);
}

/** Anything thrown, as an ApiError; unknown errors become a 500 with no detail (no stack). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof InputError) return fromInputError(err);
  return new ApiError(500, 'INTERNAL_SERVER_ERROR', [msg('strata.internal', 'internal error; see the server log')]);
}
