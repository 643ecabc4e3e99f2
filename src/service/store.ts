// Durable state of the service in an embedded SQLite database (better-sqlite3, WAL mode).
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
// - Desired-image revisions come from one counter that never goes back (kept in `meta`), so an
//   ETag is never reused, not even after a cluster is deleted and created again.
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type InputKind = 'depot' | 'hcl';

export interface StoredInput {
  hash: string;
  /** canonical JSON of the parsed document */
  content: string;
  updated_at: string;
}

export interface StoredCluster {
  name: string;
  /** JSON array of hosts */
  hosts: string;
  /** JSON of the desired SoftwareSpec */
  spec: string;
  specHash: string;
  revision: number;
}

/** The desired image changed since the revision the caller based its change on. */
export class RevisionMismatch extends Error {
  constructor(readonly current: number | undefined) {
    super(`the desired image is at revision ${current ?? 'none'}`);
    this.name = 'RevisionMismatch';
  }
}

const SCHEMA_VERSION = '1';
const EVENTS_KEPT = 100_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
  kind TEXT PRIMARY KEY CHECK (kind IN ('depot', 'hcl')),
  hash TEXT NOT NULL, content TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clusters (
  name TEXT PRIMARY KEY, hosts TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS desired (
  cluster TEXT PRIMARY KEY REFERENCES clusters(name) ON DELETE CASCADE,
  spec TEXT NOT NULL, hash TEXT NOT NULL, revision INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS recommendations (
  cluster TEXT PRIMARY KEY REFERENCES clusters(name) ON DELETE CASCADE,
  record TEXT NOT NULL, generated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, type TEXT NOT NULL, cluster TEXT, body TEXT NOT NULL);
`;

const now = () => new Date().toISOString();

export class Store {
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
    this.db.exec(SCHEMA);
    this.db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('schema_version', SCHEMA_VERSION);
    this.db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('revision_seq', '0');
    this.putHostsTx = this.db.transaction((name: string, hosts: string, event?: { type: string; body: string }) => {
      this.stmt('UPDATE clusters SET hosts = ?, updated_at = ? WHERE name = ?').run(hosts, now(), name);
      return event ? this.appendEventRow(event.type, name, event.body) : undefined;
    });
  }

  private stmt(sql: string): Database.Statement {
    let st = this.stmts.get(sql);
    if (!st) this.stmts.set(sql, (st = this.db.prepare(sql)));
    return st;
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

  getInput(kind: InputKind): StoredInput | undefined {
    return this.db.prepare('SELECT hash, content, updated_at FROM inputs WHERE kind = ?').get(kind) as StoredInput | undefined;
  }

  putInput(kind: InputKind, hash: string, content: string): StoredInput {
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
  }

  // -- clusters and desired images ---------------------------------------------------------------

  listClusters(): StoredCluster[] {
    return this.db
      .prepare(
        'SELECT c.name AS name, c.hosts AS hosts, d.spec AS spec, d.hash AS specHash, d.revision AS revision ' +
          'FROM clusters c JOIN desired d ON d.cluster = c.name ORDER BY c.name',
      )
      .all() as StoredCluster[];
  }

  getCluster(name: string): StoredCluster | undefined {
    return this.db
      .prepare(
        'SELECT c.name AS name, c.hosts AS hosts, d.spec AS spec, d.hash AS specHash, d.revision AS revision ' +
          'FROM clusters c JOIN desired d ON d.cluster = c.name WHERE c.name = ?',
      )
      .get(name) as StoredCluster | undefined;
  }

  private checkRevision(name: string, expected: number | undefined): { revision: number; hash: string } | undefined {
    const cur = this.db.prepare('SELECT revision, hash FROM desired WHERE cluster = ?').get(name) as
      | { revision: number; hash: string }
      | undefined;
    if (expected !== undefined && cur?.revision !== expected) throw new RevisionMismatch(cur?.revision);
    return cur;
  }

  /**
   * Creates or replaces a cluster (hosts and desired image) in one durable transaction. The
   * desired image's revision moves on only when its content changes.
   */
  putCluster(
    name: string,
    hosts: string,
    spec: string,
    specHash: string,
    expectedRevision?: number,
  ): { created: boolean; revision: number; desiredChanged: boolean } {
    return this.durable(() => {
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
    });
  }

  /**
   * Commits a new desired image of an existing cluster atomically: the revision check (If-Match)
   * and the write are one transaction, fsynced before returning. Same content: no new revision.
   */
  commitDesired(name: string, spec: string, specHash: string, expectedRevision?: number): { revision: number; changed: boolean } {
    return this.durable(() => {
      const cur = this.checkRevision(name, expectedRevision);
      if (!cur) throw new RevisionMismatch(undefined);
      if (cur.hash === specHash) return { revision: cur.revision, changed: false };
      const revision = this.nextRevision();
      this.db
        .prepare('UPDATE desired SET spec = ?, hash = ?, revision = ?, updated_at = ? WHERE cluster = ?')
        .run(spec, specHash, revision, now(), name);
      return { revision, changed: true };
    });
  }

  /** Replaces a cluster's hosts and logs the event that did it, in one transaction. */
  putHosts(name: string, hosts: string, event?: { type: string; body: string }): number | undefined {
    return this.putHostsTx(name, hosts, event);
  }

  /** made once: a transaction function per call costs as much as the two statements in it */
  private putHostsTx!: (name: string, hosts: string, event?: { type: string; body: string }) => number | undefined;

  deleteCluster(name: string): boolean {
    return this.durable(() => this.db.prepare('DELETE FROM clusters WHERE name = ?').run(name).changes > 0);
  }

  // -- recommendations -------------------------------------------------------------------------

  putRecommendation(name: string, record: string, generatedAt: string): void {
    // The cluster may have been deleted while its solve ran: then there is nothing to attach to.
    this.db
      .prepare(
        'INSERT INTO recommendations (cluster, record, generated_at) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM clusters WHERE name = ?) ' +
          'ON CONFLICT(cluster) DO UPDATE SET record = excluded.record, generated_at = excluded.generated_at',
      )
      .run(name, record, generatedAt, name);
  }

  getRecommendation(name: string): string | undefined {
    const row = this.db.prepare('SELECT record FROM recommendations WHERE cluster = ?').get(name) as { record: string } | undefined;
    return row?.record;
  }

  // -- events ------------------------------------------------------------------------------------

  appendEvent(type: string, cluster: string | undefined, body: string): number {
    return this.appendEventRow(type, cluster, body);
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

  recentEvents(limit: number): { id: number; at: string; type: string; cluster: string | null; body: string }[] {
    return this.db.prepare('SELECT id, at, type, cluster, body FROM events ORDER BY id DESC LIMIT ?').all(limit) as {
      id: number;
      at: string;
      type: string;
      cluster: string | null;
      body: string;
    }[];
  }

  /** SQLite's own consistency check: "ok" when the file is sound. */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
