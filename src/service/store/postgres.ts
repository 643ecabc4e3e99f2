// Durable state shared by any number of nodes in one PostgreSQL database (driver: `pg`).
//
// - Migrations run at open under an advisory transaction lock, so nodes starting together apply
//   each version once.
// - The desired-image commit is one UPDATE whose WHERE holds the revision check, so concurrent
//   accepts on several nodes cannot both win (the loser re-reads the row after the winner's commit
//   and finds the revision moved on).
// - Changes to one cluster take a per-cluster advisory lock in their transaction, so host events
//   posted to different nodes are applied one after the other to what is stored.
// - Every write sends a NOTIFY in its own transaction (delivered at commit, never for a rolled-back
//   write); the other nodes read the named rows again. A lost listening connection is reopened
//   and reported as a resync (the caller reloads everything), so no change is missed.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { MIGRATION_LOCK, PG_MIGRATIONS } from './migrations/postgres.js';
import {
  EVENTS_KEPT,
  RevisionMismatch,
  type InputKind,
  type Store,
  type StoreChange,
  type StoredCluster,
  type StoredEvent,
  type StoredInput,
} from './store.js';

export const CHANNEL = 'strata_changes';

const now = () => new Date().toISOString();

const CLUSTER_SELECT =
  'SELECT c.name AS name, c.hosts AS hosts, d.spec AS spec, d.hash AS "specHash", d.revision::float8 AS revision ' +
  'FROM strata_clusters c JOIN strata_desired d ON d.cluster = c.name';

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly shared = true;
  /** tells this node's own notifications from the others' */
  readonly nodeId = randomUUID();
  readonly pool: pg.Pool;
  private listener: pg.Client | undefined;
  private readonly changeListeners: ((c: StoreChange) => void)[] = [];
  private readonly resyncListeners: (() => void)[] = [];
  private closed = false;
  private eventsSinceTrim = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(readonly url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
    // An idle client losing its connection (server restart) must not crash the process.
    this.pool.on('error', () => undefined);
    // ... nor may one in use (pg emits 'error' on it; the query in flight fails on its own).
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  async open(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS strata_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const done = new Set((await c.query<{ version: number }>('SELECT version FROM strata_migrations')).rows.map((r) => r.version));
      for (const m of PG_MIGRATIONS) {
        if (done.has(m.version)) continue;
        await c.query(m.sql);
        await c.query('INSERT INTO strata_migrations (version, applied_at) VALUES ($1, $2)', [m.version, now()]);
      }
    });
    await this.listen();
  }

  // -- connections -------------------------------------------------------------------------------

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const res = await fn(c);
      await c.query('COMMIT');
      return res;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  private async notify(c: pg.ClientBase, change: StoreChange): Promise<void> {
    await c.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ node: this.nodeId, ...change })]);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', () => this.lostListener(client));
    client.on('end', () => this.lostListener(client));
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      let change: StoreChange & { node?: string };
      try {
        change = JSON.parse(msg.payload) as StoreChange & { node?: string };
      } catch {
        return;
      }
      if (change.node === this.nodeId) return;
      const { node: _node, ...rest } = change;
      for (const l of this.changeListeners) l(rest as StoreChange);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  private lostListener(client: pg.Client): void {
    if (this.listener !== client || this.closed) return;
    this.listener = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    this.scheduleReconnect(250);
  }

  private scheduleReconnect(ms: number): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.listen().then(
        // Whatever was notified while we were away is lost: the caller reloads everything.
        () => {
          for (const l of this.resyncListeners) l();
        },
        () => this.scheduleReconnect(Math.min(ms * 2, 5000)),
      );
    }, ms);
  }

  onChange(listener: (change: StoreChange) => void): void {
    this.changeListeners.push(listener);
  }

  onResync(listener: () => void): void {
    this.resyncListeners.push(listener);
  }

  // -- depot and HCL ---------------------------------------------------------------------------

  async getInput(kind: InputKind): Promise<StoredInput | undefined> {
    const r = await this.pool.query<StoredInput>('SELECT hash, content, updated_at FROM strata_inputs WHERE kind = $1', [kind]);
    return r.rows[0];
  }

  /** Only the content hash: cheap enough to ask before each solve. */
  async getInputHash(kind: InputKind): Promise<string | undefined> {
    const r = await this.pool.query<{ hash: string }>('SELECT hash FROM strata_inputs WHERE kind = $1', [kind]);
    return r.rows[0]?.hash;
  }

  async putInput(kind: InputKind, hash: string, content: string): Promise<StoredInput> {
    const updated_at = now();
    await this.tx(async (c) => {
      await c.query(
        'INSERT INTO strata_inputs (kind, hash, content, updated_at) VALUES ($1, $2, $3, $4) ' +
          'ON CONFLICT (kind) DO UPDATE SET hash = excluded.hash, content = excluded.content, updated_at = excluded.updated_at',
        [kind, hash, content, updated_at],
      );
      await this.notify(c, { kind: 'input', input: kind });
    });
    return { hash, content, updated_at };
  }

  // -- clusters and desired images ---------------------------------------------------------------

  async listClusters(): Promise<StoredCluster[]> {
    return (await this.pool.query<StoredCluster>(`${CLUSTER_SELECT} ORDER BY c.name`)).rows;
  }

  async getCluster(name: string): Promise<StoredCluster | undefined> {
    return (await this.pool.query<StoredCluster>(`${CLUSTER_SELECT} WHERE c.name = $1`, [name])).rows[0];
  }

  private async lockCluster(c: pg.ClientBase, name: string): Promise<void> {
    await c.query("SELECT pg_advisory_xact_lock(hashtextextended('strata:' || $1, 0))", [name]);
  }

  async putCluster(
    name: string,
    hosts: string,
    spec: string,
    specHash: string,
    expectedRevision?: number,
  ): Promise<{ created: boolean; revision: number; desiredChanged: boolean }> {
    return this.tx(async (c) => {
      await this.lockCluster(c, name);
      const cur = (
        await c.query<{ revision: number; hash: string }>(
          'SELECT revision::float8 AS revision, hash FROM strata_desired WHERE cluster = $1',
          [name],
        )
      ).rows[0];
      if (expectedRevision !== undefined && cur?.revision !== expectedRevision) throw new RevisionMismatch(cur?.revision);
      const t = now();
      await c.query(
        'INSERT INTO strata_clusters (name, hosts, created_at, updated_at) VALUES ($1, $2, $3, $3) ' +
          'ON CONFLICT (name) DO UPDATE SET hosts = excluded.hosts, updated_at = excluded.updated_at',
        [name, hosts, t],
      );
      await this.notify(c, { kind: 'cluster', cluster: name });
      if (cur && cur.hash === specHash) return { created: false, revision: cur.revision, desiredChanged: false };
      const r = await c.query<{ revision: number }>(
        "INSERT INTO strata_desired (cluster, spec, hash, revision, updated_at) VALUES ($1, $2, $3, nextval('strata_revision_seq'), $4) " +
          'ON CONFLICT (cluster) DO UPDATE SET spec = excluded.spec, hash = excluded.hash, revision = excluded.revision, updated_at = excluded.updated_at ' +
          'RETURNING revision::float8 AS revision',
        [name, spec, specHash, t],
      );
      return { created: cur === undefined, revision: r.rows[0]!.revision, desiredChanged: true };
    });
  }

  async commitDesired(
    name: string,
    spec: string,
    specHash: string,
    expectedRevision?: number,
  ): Promise<{ revision: number; changed: boolean }> {
    return this.tx(async (c) => {
      // The check is in the WHERE: of two commits based on one revision, the second re-reads the
      // row once the first commits, finds the revision moved on and updates nothing.
      const r = await c.query<{ revision: number }>(
        "UPDATE strata_desired SET spec = $2, hash = $3, revision = nextval('strata_revision_seq'), updated_at = $4 " +
          'WHERE cluster = $1 AND ($5::bigint IS NULL OR revision = $5::bigint) AND hash <> $3 RETURNING revision::float8 AS revision',
        [name, spec, specHash, now(), expectedRevision ?? null],
      );
      if (r.rows[0]) {
        await this.notify(c, { kind: 'cluster', cluster: name });
        return { revision: r.rows[0].revision, changed: true };
      }
      const cur = (
        await c.query<{ revision: number; hash: string }>(
          'SELECT revision::float8 AS revision, hash FROM strata_desired WHERE cluster = $1',
          [name],
        )
      ).rows[0];
      if (!cur || (expectedRevision !== undefined && cur.revision !== expectedRevision)) throw new RevisionMismatch(cur?.revision);
      return { revision: cur.revision, changed: false }; // same content
    });
  }

  async updateHosts(
    name: string,
    apply: (hosts: string) => string,
    event: { type: string; body: string },
  ): Promise<{ hosts: string; eventId: number } | undefined> {
    return this.tx(async (c) => {
      const row = (await c.query<{ hosts: string }>('SELECT hosts FROM strata_clusters WHERE name = $1 FOR UPDATE', [name])).rows[0];
      if (!row) return undefined;
      const hosts = apply(row.hosts);
      // One round trip for the update, the event and the notification: the row lock is held
      // for as short as can be (a burst on one cluster is serialised on it).
      const r = await c.query<{ id: number }>(
        'WITH u AS (UPDATE strata_clusters SET hosts = $2, updated_at = $3 WHERE name = $1), ' +
          'n AS (SELECT pg_notify($6, $7)) ' +
          'INSERT INTO strata_events (at, type, cluster, body) SELECT $3, $4, $1, $5 FROM n RETURNING id::float8 AS id',
        [name, hosts, now(), event.type, event.body, CHANNEL, JSON.stringify({ node: this.nodeId, kind: 'cluster', cluster: name })],
      );
      const eventId = r.rows[0]!.id;
      await this.trimEvents(c, eventId);
      return { hosts, eventId };
    });
  }

  async updateHostsBatch(
    clusters: { name: string; apply: (hosts: string) => string }[],
    events: { type: string; cluster: string; body: string }[],
  ): Promise<{ hosts: string[]; eventIds: number[] } | { missing: string }> {
    return this.tx(async (c) => {
      const names = clusters.map((k) => k.name);
      // Row locks taken in one order (by name), so two batches cannot deadlock.
      const rows = (
        await c.query<{ name: string; hosts: string }>(
          'SELECT name, hosts FROM strata_clusters WHERE name = ANY($1::text[]) ORDER BY name FOR UPDATE',
          [names],
        )
      ).rows;
      const stored = new Map(rows.map((r) => [r.name, r.hosts]));
      const missing = names.find((n) => !stored.has(n));
      if (missing !== undefined) return { missing };
      const hosts = clusters.map((k) => k.apply(stored.get(k.name)!));
      const at = now();
      await c.query(
        'UPDATE strata_clusters AS s SET hosts = u.hosts, updated_at = $3 FROM unnest($1::text[], $2::text[]) AS u(name, hosts) WHERE s.name = u.name',
        [names, hosts, at],
      );
      // Ids are drawn in the order of the rows (WITH ORDINALITY ... ORDER BY): sorted, they follow the events.
      const r = await c.query<{ id: number }>(
        'INSERT INTO strata_events (at, type, cluster, body) SELECT $1, t, k, b FROM unnest($2::text[], $3::text[], $4::text[]) ' +
          'WITH ORDINALITY AS e(t, k, b, o) ORDER BY o RETURNING id::float8 AS id',
        [at, events.map((e) => e.type), events.map((e) => e.cluster), events.map((e) => e.body)],
      );
      const eventIds = r.rows.map((row) => row.id).sort((a, b) => a - b);
      for (const name of names) await this.notify(c, { kind: 'cluster', cluster: name });
      this.eventsSinceTrim += events.length - 1;
      if (eventIds.length) await this.trimEvents(c, eventIds[eventIds.length - 1]!);
      return { hosts, eventIds };
    });
  }

  async deleteCluster(name: string): Promise<boolean> {
    return this.tx(async (c) => {
      await this.lockCluster(c, name);
      const n = (await c.query('DELETE FROM strata_clusters WHERE name = $1', [name])).rowCount ?? 0;
      if (n > 0) await this.notify(c, { kind: 'deleted', cluster: name });
      return n > 0;
    });
  }

  // -- recommendations -------------------------------------------------------------------------

  async putRecommendation(name: string, record: string, generatedAt: string): Promise<void> {
    await this.tx(async (c) => {
      const r = await c.query(
        'INSERT INTO strata_recommendations (cluster, record, generated_at) ' +
          'SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM strata_clusters WHERE name = $1) ' +
          'ON CONFLICT (cluster) DO UPDATE SET record = excluded.record, generated_at = excluded.generated_at',
        [name, record, generatedAt],
      );
      if (r.rowCount) await this.notify(c, { kind: 'recommendation', cluster: name });
    });
  }

  async getRecommendation(name: string): Promise<string | undefined> {
    const r = await this.pool.query<{ record: string }>('SELECT record FROM strata_recommendations WHERE cluster = $1', [name]);
    return r.rows[0]?.record;
  }

  // -- events ------------------------------------------------------------------------------------

  async appendEvent(type: string, cluster: string | undefined, body: string): Promise<number> {
    return this.insertEvent(this.pool, type, cluster, body);
  }

  private async insertEvent(c: pg.ClientBase | pg.Pool, type: string, cluster: string | undefined, body: string): Promise<number> {
    const r = await c.query<{ id: number }>(
      'INSERT INTO strata_events (at, type, cluster, body) VALUES ($1, $2, $3, $4) RETURNING id::float8 AS id',
      [now(), type, cluster ?? null, body],
    );
    const id = r.rows[0]!.id;
    await this.trimEvents(c, id);
    return id;
  }

  /** The log is an audit trail, not the state: keep the last EVENTS_KEPT rows. */
  private async trimEvents(c: pg.ClientBase | pg.Pool, lastId: number): Promise<void> {
    if (++this.eventsSinceTrim < 1000) return;
    this.eventsSinceTrim = 0;
    await c.query('DELETE FROM strata_events WHERE id <= $1', [lastId - EVENTS_KEPT]);
  }

  async recentEvents(limit: number): Promise<StoredEvent[]> {
    return (
      await this.pool.query<StoredEvent>('SELECT id::float8 AS id, at, type, cluster, body FROM strata_events ORDER BY id DESC LIMIT $1', [
        limit,
      ])
    ).rows;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const l = this.listener;
    this.listener = undefined;
    if (l) {
      l.removeAllListeners();
      l.on('error', () => undefined);
      await l.end().catch(() => undefined);
    }
    await this.pool.end().catch(() => undefined);
  }
}
