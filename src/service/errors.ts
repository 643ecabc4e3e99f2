// What can go wrong in the service, in the service's own terms. These say nothing about HTTP:
// src/api/errors.ts alone decides which status and vSphere error type each kind becomes, so the
// service stays usable from the command line, a worker or another transport.
//
// Each error carries localizable details {id, message, args}: `id` is stable (clients may switch
// on it), `message` is the English text, `args` are its parameters; where one names a place in a
// document, args[0] is its JSON path.
import type { ErrorCode } from '../model/types.js';

export interface Detail {
  /** stable message id, without the "strata." prefix */
  id: string;
  message: string;
  args: string[];
  /** the SPEC error code, where the problem is one (NOT_IN_DEPOT) */
  code?: ErrorCode;
}

export abstract class ServiceError extends Error {
  constructor(readonly details: Detail[]) {
    super(details.map((d) => d.message).join('; '));
    this.name = new.target.name;
  }
}

const one = (id: string, message: string, args: string[] = []): Detail[] => [{ id, message, args }];

/** A named thing (cluster, host, device, recommendation) does not exist. */
export class NotFound extends ServiceError {
  constructor(
    readonly what: string,
    readonly key: string,
  ) {
    super(one('not_found', `${what} ${JSON.stringify(key)} does not exist`, [what, key]));
  }
}

/** A thing to be added is there already. */
export class AlreadyExists extends ServiceError {
  constructor(
    readonly what: string,
    readonly key: string,
  ) {
    super(one('already_exists', `${what} ${JSON.stringify(key)} already exists`, [what, key]));
  }
}

/** The caller based a change on a revision that is no longer current (If-Match). */
export class PreconditionFailed extends ServiceError {
  constructor(readonly current: number | undefined) {
    super(
      one('concurrent_change', `the desired image changed concurrently: it is at revision ${current ?? 'none'}`, [String(current ?? '')]),
    );
  }
}

/** What the caller acts on changed under it (a recommendation whose inputs moved on). */
export class Conflict extends ServiceError {
  constructor(id: string, message: string, args: string[] = []) {
    super(one(id, message, args));
  }
}

/** The operation cannot run in the current state (no depot yet, no recommendation yet). */
export class NotAllowed extends ServiceError {
  constructor(id: string, message: string, args: string[] = []) {
    super(one(id, message, args));
  }
}

/** Input the service checks itself (beyond the loaders' InputError): args [path, problem]. */
export class BadInput extends ServiceError {
  constructor(id: string, file: string, path: string, problem: string) {
    super(one(id, `${file}: ${path}: ${problem}`, [path, problem]));
  }
}

/**
 * The same error, its messages prefixed by where in a request it arose (an event of a batch:
 * "body: $[3]", "body: line 4"); its kind, so its HTTP status, stays.
 */
export function located<E>(err: E, where: string): E {
  if (err instanceof ServiceError) {
    for (const d of err.details) d.message = `${where}: ${d.message}`;
    err.message = `${where}: ${err.message}`;
  }
  return err;
}

/** One item a desired image names that the depot lacks. */
export interface MissingItem {
  /** JSON path of the offending field in the document the caller sent */
  path: string;
  /** "add-on DEL-ESXi 1.2.3" */
  what: string;
}

/** A desired image names items the depot does not have (checked before anything is stored). */
export class NotInDepot extends ServiceError {
  constructor(
    file: string,
    readonly missing: MissingItem[],
  ) {
    super(
      missing.map((m) => ({
        id: 'desired.not_in_depot',
        message: `${file}: ${m.path}: ${m.what} is not in the depot`,
        args: [m.path, `${m.what} is not in the depot`],
        code: 'NOT_IN_DEPOT' as const,
      })),
    );
  }
}

/** A solve ran out of time. */
export class TimedOut extends ServiceError {
  constructor(message: string, limitMs: number) {
    super(one('solve.timeout', message, [String(limitMs)]));
  }
}
