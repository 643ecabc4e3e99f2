// The API token, kept in the data directory so that it survives restarts: scripts and the
// operator's notes keep working after `strata serve` is started again. It is generated once into
// DATA/token (mode 0600: only the service's user reads it) unless one is given (--token or
// STRATA_TOKEN), and replaced only on request (--rotate-token).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const TOKEN_FILE = 'token';

export type TokenSource = 'given' | 'stored' | 'generated' | 'rotated';

export interface ApiToken {
  token: string;
  source: TokenSource;
  /** where it is kept (undefined for a given token or an in-memory service) */
  file: string | undefined;
}

export interface TokenOptions {
  /** directory of the database; ":memory:" keeps nothing */
  dataDir: string;
  /** --token / STRATA_TOKEN: used as is, nothing is written */
  given?: string | undefined;
  /** replace the stored token with a new one */
  rotate?: boolean;
}

const generate = () => randomBytes(24).toString('base64url');

/** Writes the token so that no reader ever sees a partial file or a wider mode. */
function writeToken(file: string, token: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${token}\n`, { mode: 0o600, flag: 'w' });
  fs.chmodSync(tmp, 0o600); // the umask cannot widen it, but an old leftover file could be wider
  fs.renameSync(tmp, file);
}

/** The token the API is to require; reads, creates or rotates DATA/token as asked. */
export function apiToken(opts: TokenOptions): ApiToken {
  if (opts.given !== undefined) return { token: opts.given, source: 'given', file: undefined };
  if (opts.dataDir === ':memory:') return { token: generate(), source: 'generated', file: undefined };
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const file = path.join(opts.dataDir, TOKEN_FILE);
  if (!opts.rotate) {
    let stored: string | undefined;
    try {
      stored = fs.readFileSync(file, 'utf8').trim();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (stored) {
      // A copy restored with a wider mode is narrowed again: the token is a password.
      if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
      return { token: stored, source: 'stored', file };
    }
  }
  const token = generate();
  writeToken(file, token);
  return { token, source: opts.rotate ? 'rotated' : 'generated', file };
}
