// The contract of the service's durable state. Two implementations: SQLite (embedded, one node,
// the default) and PostgreSQL (any number of nodes sharing one database). Every method is async
// so that both fit; the SQLite one does its work synchronously before returning.
//
// What every implementation guarantees (test/service/store-contract.ts checks both):
// - desired-image revisions come from one counter that never goes back, so an ETag is never
//   reused, not even after a cluster is deleted and created again;
// - a commit with an expected revision checks it in the same statement/transaction as the write,
//   so two concurrent commits based on the same revision cannot both win;
// - host changes are applied to the stored hosts under the cluster's row lock (`updateHosts`), so
//   concurrent events on different nodes are never lost;
// - multi-row changes are one transaction: a crash leaves all or nothing.

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

export interface StoredEvent {
  id: number;
  at: string;
  type: string;
  cluster: string | null;
  body: string;
}

/** What another node changed (PostgreSQL only): the rows to read again. */
export type StoreChange =
  | { kind: 'input'; input: InputKind }
  | { kind: 'cluster'; cluster: string }
  | { kind: 'deleted'; cluster: string }
  | { kind: 'recommendation'; cluster: string };

/** The desired image changed since the revision the caller based its change on. */
export class RevisionMismatch extends Error {
  constructor(readonly current: number | undefined) {
    super(`the desired image is at revision ${current ?? 'none'}`);
    this.name = 'RevisionMismatch';
  }
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Other processes may write the same database (then the service listens for their changes). */
  readonly shared: boolean;
  /** Runs the pending migrations (safe when several nodes start at once) and opens the store. */
  open(): Promise<void>;

  getInput(kind: InputKind): Promise<StoredInput | undefined>;
  putInput(kind: InputKind, hash: string, content: string): Promise<StoredInput>;

  listClusters(): Promise<StoredCluster[]>;
  getCluster(name: string): Promise<StoredCluster | undefined>;
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
  ): Promise<{ created: boolean; revision: number; desiredChanged: boolean }>;
  /**
   * Commits a new desired image of an existing cluster; the revision check (If-Match) is part of
   * the write itself. Same content: no new revision.
   */
  commitDesired(name: string, spec: string, specHash: string, expectedRevision?: number): Promise<{ revision: number; changed: boolean }>;
  /**
   * Replaces a cluster's hosts by `apply(stored hosts JSON)` under the cluster's lock and logs the
   * event that did it, in one transaction. `apply` may throw (nothing is written then). Undefined
   * when the cluster does not exist.
   */
  updateHosts(
    name: string,
    apply: (hosts: string) => string,
    event: { type: string; body: string },
  ): Promise<{ hosts: string; eventId: number } | undefined>;
  /**
   * A batch of host events in one transaction: each cluster's hosts are replaced by
   * `apply(stored hosts JSON)` (under its lock), then the events are logged in their order, so their
   * ids follow it. `apply` may throw (nothing is written then). `missing` names a cluster that does
   * not exist (nothing is written either).
   */
  updateHostsBatch(
    clusters: { name: string; apply: (hosts: string) => string }[],
    events: { type: string; cluster: string; body: string }[],
  ): Promise<{ hosts: string[]; eventIds: number[] } | { missing: string }>;
  deleteCluster(name: string): Promise<boolean>;

  /** Stores a recommendation unless the cluster was deleted meanwhile. */
  putRecommendation(name: string, record: string, generatedAt: string): Promise<void>;
  getRecommendation(name: string): Promise<string | undefined>;

  appendEvent(type: string, cluster: string | undefined, body: string): Promise<number>;
  recentEvents(limit: number): Promise<StoredEvent[]>;

  /** Calls `listener` with the changes other nodes commit (never for this store's own writes). */
  onChange(listener: (change: StoreChange) => void): void;
  /** After a lost connection to the database: everything may have changed. */
  onResync(listener: () => void): void;

  close(): Promise<void>;
}

export const EVENTS_KEPT = 100_000;
