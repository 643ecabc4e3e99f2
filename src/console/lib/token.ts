// The bearer token, kept for this browser session only (sessionStorage). Writes ask for it the
// first time, and again when the server answers 401; the dialog component shows the request.
const KEY = 'strata.token';

export function currentToken(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}

export interface TokenRequest {
  /** why the token is asked for (first write, or the last one was refused) */
  reason: string;
  resolve: (token: string | undefined) => void;
  /** what had the focus when asked (before the asking button is disabled), to give it back after */
  opener: HTMLElement | null;
}

let pending: TokenRequest | undefined;
const listeners = new Set<(r: TokenRequest | undefined) => void>();

export function onTokenRequest(f: (r: TokenRequest | undefined) => void): () => void {
  listeners.add(f);
  f(pending);
  return () => listeners.delete(f);
}

/** Asks the person for the token; undefined when they cancel. Concurrent asks share one dialog. */
export function askToken(reason: string): Promise<string | undefined> {
  if (pending) {
    const first = pending;
    return new Promise((resolve) => {
      const prev = first.resolve;
      first.resolve = (t) => {
        prev(t);
        resolve(t);
      };
    });
  }
  return new Promise((resolve) => {
    pending = {
      reason,
      opener: document.activeElement instanceof HTMLElement ? document.activeElement : null,
      resolve: (token) => {
        if (token) sessionStorage.setItem(KEY, token);
        pending = undefined;
        for (const f of listeners) f(undefined);
        resolve(token);
      },
    };
    for (const f of listeners) f(pending);
  });
}
