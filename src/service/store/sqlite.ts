// Durable state of one node in an embedded SQLite database (better-sqlite3, WAL mode).
//
// Why this shape:
// - WAL mode: readers never block the writer, and a crash at any moment leaves the database at
//   the last committed transaction (the WAL is replayed or ignored on the next open).
// - Every multi-row change is one transaction, so a kill -9 leaves it all or nothing.
// - `synchronous=FULL` for desired-image commits: the WAL is fsynced before the commit returns,
//   so an acknowledged desired image survives even a power loss. Other writes (host changes,
//   events, recommendations) use NORMAL: in WAL mode that is still safe against a process crash
//   (the commit is in the OS page cache before the call returns) and only an OS crash could lose
//   the last few — which are re-derivable (recommendations) or re-sendable (events).
// - The work of every method is done synchronously before its promise is returned: callers that
//   check in-memory state and then write cannot be overtaken by another request in between.
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SQLITE_MIGRATIONS } from './migrations/sqlite.js';
import {
  EVENTS_KEPT,
  RevisionMismatch,
  type InputKind,
  type Store,
  type StoredCluster,
  type StoredEvent,
  type StoredInput,
} from './store.js';

const now = () => new Date().toISOString();

/** A promise of what `fn` returns, or of what it throws (a rejection, not a throw). */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err);
  }
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly shared = false;
  readonly db: Database.Database;
  private eventsSinceTrim = 0;
  /** statements of the event path, prepared once: preparing costs more than running them */
  private readonly stmts = new Map<string, Database.Statement>();

  /** Opens (or creates) the database `strata.db` in `dir`; ":memory:" for a throwaway store. */
  constructor(dir: string) {
    let file = ':memory:';
    if (dir !== ':memory:') {
      fs.mkdirSync(dir, { recursive: true });
      file = path.join(dir, 'strata.db');
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private stmt(sql: string): Database.Statement {
    let st = this.stmts.get(sql);
    if (!st) this.stmts.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /** Applies the migrations the file lacks, in one transaction (another process waits on the lock). */
  private migrate(): void {
    this.db
      .transaction(() => {
        this.db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
        const row = this.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
        const at = row ? Number(row.value) : 0;
        for (const m of SQLITE_MIGRATIONS) {
          if (m.version <= at) continue;
          this.db.exec(m.sql);
          this.db
            .prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .run(String(m.version));
        }
      })
      .immediate();
  }

  open(): Promise<void> {
    return Promise.resolve();
  }

  /** Runs `fn` in one transaction with the WAL fsynced at commit (acknowledged = durable). */
  private durable<T>(fn: () => T): T {
    this.db.pragma('synchronous = FULL');
    try {
      return this.db.transaction(fn).immediate();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  private nextRevision(): number {
    const row = this.db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision_seq' RETURNING value").get() as
      | { value: string | number }
      | undefined;
    return Number(row!.value);
  }

  // -- depot and HCL ---------------------------------------------------------------------------

  getInput(kind: InputKind): Promise<StoredInput | undefined> {
    return settle(
      () => this.db.prepare('SELECT hash, content, updated_at FROM inputs WHERE kind = ?').get(kind) as StoredInput | undefined,
    );
  }

  putInput(kind: InputKind, hash: string, content: string): Promise<StoredInput> {
    return settle(() => {
      const updated_at = now();
      this.durable(() =>
        this.db
          .prepare(
            'INSERT INTO inputs (kind, hash, content, updated_at) VALUES (?, ?, ?, ?) ' +
              'ON CONFLICT(kind) DO UPDATE SET hash = excluded.hash, content = excluded.content, updated_at = excluded.updated_at',
          )
          .run(kind, hash, content, updated_at),
      );
      return { hash, content, updated_at };
    });
  }

  // -- clusters and desired images ---------------------------------------------------------------

  listClusters(): Promise<StoredCluster[]> {
    return settle(
      () =>
        this.db
          .prepare(
            'SELECT c.name AS name, c.hosts AS hosts, d.spec AS spec, d.hash AS specHash, d.revision AS revision ' +
              'FROM clusters c JOIN desired d ON d.cluster = c.name ORDER BY c.name',
          )
          .all() as StoredCluster[],
    );
  }

  getCluster(name: string): Promise<StoredCluster | undefined> {
    return settle(
      () =>
        this.db
          .prepare(
            'SELECT c.name AS name, c.hosts AS hosts, d.spec AS spec, d.hash AS specHash, d.revision AS revision ' +
              'FROM clusters c JOIN desired d ON d.cluster = c.name WHERE c.name = ?',
          )
          .get(name) as StoredCluster | undefined,
    );
  }

  private checkRevision(name: string, expected: number | undefined): { revision: number; hash: string } | undefined {
    const cur = this.db.prepare('SELECT revision, hash FROM desired WHERE cluster = ?').get(name) as
      | { revision: number; hash: string }
      | undefined;
    if (expected !== undefined && cur?.revision !== expected) throw new RevisionMismatch(cur?.revision);
    return cur;
  }

  putCluster(
    name: string,
    hosts: string,
    spec: string,
    specHash: string,
    expectedRevision?: number,
  ): Promise<{ created: boolean; revision: number; desiredChanged: boolean }> {
    return settle(() =>
      this.durable(() => {
        const cur = this.checkRevision(name, expectedRevision);
        const t = now();
        this.db
          .prepare(
            'INSERT INTO clusters (name, hosts, created_at, updated_at) VALUES (?, ?, ?, ?) ' +
              'ON CONFLICT(name) DO UPDATE SET hosts = excluded.hosts, updated_at = excluded.updated_at',
          )
          .run(name, hosts, t, t);
        if (cur && cur.hash === specHash) return { created: false, revision: cur.revision, desiredChanged: false };
        const revision = this.nextRevision();
        this.db
          .prepare(
            'INSERT INTO desired (cluster, spec, hash, revision, updated_at) VALUES (?, ?, ?, ?, ?) ' +
              'ON CONFLICT(cluster) DO UPDATE SET spec = excluded.spec, hash = excluded.hash, revision = excluded.revision, updated_at = excluded.updated_at',
          )
          .run(name, spec, specHash, revision, t);
        return { created: cur === undefined, revision, desiredChanged: true };
      }),
    );
  }

  commitDesired(name: string, spec: string, specHash: string, expectedRevision?: number): Promise<{ revision: number; changed: boolean }> {
    return settle(() =>
      this.durable(() => {
        const cur = this.checkRevision(name, expectedRevision);
        if (!cur) throw new RevisionMismatch(undefined);
        if (cur.hash === specHash) return { revision: cur.revision, changed: false };
        const revision = this.nextRevision();
        this.db
          .prepare('UPDATE desired SET spec = ?, hash = ?, revision = ?, updated_at = ? WHERE cluster = ?')
          .run(spec, specHash, revision, now(), name);
        return { revision, changed: true };
      }),
    );
  }

  updateHosts(
    name: string,
    apply: (hosts: string) => string,
    event: { type: string; body: string },
  ): Promise<{ hosts: string; eventId: number } | undefined> {
    return settle(() =>
      this.db.transaction(() => {
        const row = this.stmt('SELECT hosts FROM clusters WHERE name = ?').get(name) as { hosts: string } | undefined;
        if (!row) return undefined;
        const hosts = apply(row.hosts);
        this.stmt('UPDATE clusters SET hosts = ?, updated_at = ? WHERE name = ?').run(hosts, now(), name);
        return { hosts, eventId: this.appendEventRow(event.type, name, event.body) };
      })(),
    );
  }

  updateHostsBatch(
    clusters: { name: string; apply: (hosts: string) => string }[],
    events: { type: string; cluster: string; body: string }[],
  ): Promise<{ hosts: string[]; eventIds: number[] } | { missing: string }> {
    return settle(() =>
      this.db.transaction(() => {
        const hosts: string[] = [];
        for (const { name, apply } of clusters) {
          const row = this.stmt('SELECT hosts FROM clusters WHERE name = ?').get(name) as { hosts: string } | undefined;
          if (!row) return { missing: name };
          hosts.push(apply(row.hosts));
        }
        const at = now();
        clusters.forEach(({ name }, i) =>
          this.stmt('UPDATE clusters SET hosts = ?, updated_at = ? WHERE name = ?').run(hosts[i], at, name),
        );
        return { hosts, eventIds: events.map((e) => this.appendEventRow(e.type, e.cluster, e.body)) };
      })(),
    );
  }

  deleteCluster(name: string): Promise<boolean> {
    return settle(() => this.durable(() => this.db.prepare('DELETE FROM clusters WHERE name = ?').run(name).changes > 0));
  }

  // -- recommendations -------------------------------------------------------------------------

  putRecommendation(name: string, record: string, generatedAt: string): Promise<void> {
    return settle(() => {
      // The cluster may have been deleted while its solve ran: then there is nothing to attach to.
      this.db
        .prepare(
          'INSERT INTO recommendations (cluster, record, generated_at) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM clusters WHERE name = ?) ' +
            'ON CONFLICT(cluster) DO UPDATE SET record = excluded.record, generated_at = excluded.generated_at',
        )
        .run(name, record, generatedAt, name);
    });
  }

  getRecommendation(name: string): Promise<string | undefined> {
    return settle(() => {
      const row = this.db.prepare('SELECT record FROM recommendations WHERE cluster = ?').get(name) as { record: string } | undefined;
      return row?.record;
    });
  }

  // -- events ------------------------------------------------------------------------------------

  appendEvent(type: string, cluster: string | undefined, body: string): Promise<number> {
    return settle(() => this.appendEventRow(type, cluster, body));
  }

  private appendEventRow(type: string, cluster: string | undefined, body: string): number {
    const id = Number(
      this.stmt('INSERT INTO events (at, type, cluster, body) VALUES (?, ?, ?, ?)').run(now(), type, cluster ?? null, body).lastInsertRowid,
    );
    // The log is an audit trail, not the state: keep the last EVENTS_KEPT rows.
    if (++this.eventsSinceTrim >= 1000) {
      this.eventsSinceTrim = 0;
      this.db.prepare('DELETE FROM events WHERE id <= ?').run(id - EVENTS_KEPT);
    }
    return id;
  }

  recentEvents(limit: number): Promise<StoredEvent[]> {
    return settle(
      () => this.db.prepare('SELECT id, at, type, cluster, body FROM events ORDER BY id DESC LIMIT ?').all(limit) as StoredEvent[],
    );
  }

  /** One node only: nobody else writes this file. */
  onChange(): void {}

  onResync(): void {}

  /** SQLite's own consistency check: "ok" when the file is sound. */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}
