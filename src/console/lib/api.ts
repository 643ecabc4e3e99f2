// fetch with the token: reads send it when there is one, writes ask for it first; a 401 asks again
// and retries. Errors come back as ApiFailure with the server's messages (each names its JSON path).
import { askToken, currentToken, forgetToken } from './token.js';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly messages: string[],
  ) {
    super(messages[0] ?? `HTTP ${status}`);
  }
}

/** The person declined to give a token: the write was not sent. */
export class NoToken extends Error {
  constructor() {
    super('no token given: nothing was changed');
  }
}

export interface RequestOptions {
  method?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** changes something: needs the token */
  write?: boolean;
  signal?: AbortSignal;
}

async function failure(res: Response): Promise<ApiFailure> {
  try {
    const body = (await res.json()) as { error_type?: string; messages?: { default_message?: string }[] };
    return new ApiFailure(
      res.status,
      body.error_type ?? `HTTP ${res.status}`,
      (body.messages ?? []).map((m) => m.default_message ?? ''),
    );
  } catch {
    return new ApiFailure(res.status, `HTTP ${res.status}`, [`the server answered ${res.status} ${res.statusText}`]);
  }
}

/** The response when it is 2xx; an ApiFailure otherwise. */
export async function request(path: string, opts: RequestOptions = {}): Promise<Response> {
  let token = currentToken();
  if (opts.write && !token) {
    token = await askToken('Changes need the API token that strata serve printed at start.');
    if (!token) throw new NoToken();
  }
  for (;;) {
    const headers: Record<string, string> = { ...opts.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    const init: RequestInit = { method: opts.method ?? 'GET', headers };
    if (opts.body !== undefined) init.body = opts.body;
    if (opts.signal) init.signal = opts.signal;
    const res = await fetch(path, init);
    if (res.status !== 401) {
      if (res.ok) return res;
      throw await failure(res);
    }
    forgetToken();
    const why = token ? 'The server did not accept that token.' : 'This server protects reads too.';
    token = await askToken(`${why} Enter the API token that strata serve printed at start.`);
    if (!token) throw opts.write ? new NoToken() : await failure(res);
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await (await request(path, signal ? { signal } : {})).json()) as T;
}

/** The words of any error, for a message on the page. */
export function errorLines(err: unknown): string[] {
  if (err instanceof ApiFailure) return err.messages.length ? err.messages : [err.message];
  return [err instanceof Error ? err.message : String(err)];
}

export const enc = encodeURIComponent;
