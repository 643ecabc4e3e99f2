// The Strata service: durable state (Store), in-memory mirror for fast reads, change detection
// by content hash, re-solving through the Scheduler and the SolverPool, and fan-out of results to
// subscribers (the SSE stream). Everything the API does goes through here; the API layer only
// parses HTTP and renders answers.
import * as path from 'node:path';
import type { Slot } from '../model/slots.js';
import { parseCluster, parseHost, parseSoftwareSpec } from '../load/cluster.js';
import { parseDepot } from '../load/depot.js';
import { parseHcl } from '../load/hcl.js';
import type {
  Cluster,
  ClassSelector,
  Depot,
  Groups,
  Hcl,
  Host,
  Image,
  ImageSpec,
  Recommendations,
  SoftwareSpec,
  ValidationReport,
  Enumeration,
} from '../model/types.js';
import type { EngineName } from '../sat/engine.js';
import { summarize, type ClusterCompliance, type HostCompliance } from '../image/compliance.js';
import {
  defaultImage,
  desiredGroups,
  groupAsCluster,
  groupsToDesired,
  hasAlternatives,
  type DesiredGroup,
} from '../plan/groups/desired.js';
import { DepotRefs } from './depot-refs.js';
import { BadInput, Conflict, located, NotAllowed, NotFound, NotInDepot, PreconditionFailed, TimedOut } from './errors.js';
import { applyEvent, eventHost, parseEvent, putHost, type ChangeEvent } from './events.js';
import { canonicalJson, contentHash, sha256 } from '../util/canonical-json.js';
import { SolveTimeout, SolverPool, WorkerCrashed, type SolveExtras, type SolveInputs } from './pool.js';
import { Scheduler, sameHashes, type Cause, type InputHashes } from './scheduler.js';
import { createStore } from './store/open.js';
import { RevisionMismatch, type InputKind, type Store, type StoredInput } from './store/store.js';
import { snapshotKey, type TaskKind } from './worker.js';
import { encodeSnapshot } from '../catalog/snapshot.js';
import { readCatalogSnapshot, writeSnapshotBytes } from '../load/cached.js';
import { DEFAULT_FRESHNESS_LIMITS, hclFreshness, type FreshnessLimits, type HclFreshness } from '../catalog/freshness.js';

export interface ServiceOptions {
  /** directory of the SQLite database; ":memory:" for a throwaway service */
  dataDir: string;
  /** a postgres:// URL: the state lives there, shared with other nodes (then `dataDir` is not used for it) */
  store?: string;
  /** solver threads; 0 solves in the main thread (tests only) */
  threads?: number;
  timeLimitMs?: number;
  engine?: EngineName;
  /** solves the repair search of one recommendation may take (default DEFAULT_REPAIRS_BUDGET; docs/semantics.md) */
  repairsBudget?: number;
  /** the scheduler's coalescing policy (see scheduler.ts); defaults in SCHEDULER_DEFAULTS */
  debounceMs?: number;
  maxWaitMs?: number;
  burstRate?: number;
  quietMs?: number;
  /** when the HCL counts as out of date (WARNING, ERROR); 90 and 180 days by default */
  hclFreshness?: FreshnessLimits;
}

/** A stored recommendation: SPEC §4 fields at the top level, plus how and from what it was made. */
export interface RecommendationRecord extends Recommendations {
  cluster: string;
  /** with alternative images: each image group's recommendations (group 0, the default, is also at the top level) */
  groups?: GroupRecommendations[];
  status: 'READY' | 'FAILED';
  error: { type: 'TIMED_OUT' | 'WORKER_CRASHED' | 'SOLVE_FAILED'; message: string } | null;
  input_hashes: InputHashes;
  desired_revision: number;
  generated_at: string;
  solve_ms: number;
}

/** The recommendations of one image group of the desired state (0: the default image). */
export interface GroupRecommendations extends Recommendations {
  group: number;
  /** the classes of an alternative image; null for the default image */
  classes: ClassSelector[] | null;
  hosts: string[];
}

export interface RecommendationView extends Omit<RecommendationRecord, 'status' | 'input_hashes' | 'generated_at'>, HclFreshness {
  status: 'READY' | 'FAILED' | 'PENDING';
  input_hashes: InputHashes | null;
  current_input_hashes: InputHashes | null;
  generated_at: string | null;
  /** the inputs changed since this was computed; a re-solve is due */
  stale: boolean;
}

export type ServiceEvent =
  | {
      type: 'recommendations';
      seq: number;
      cluster: string;
      /** did any of the three slots or the exclusions change? */
      changed: boolean;
      causes: Cause[];
      dropped_causes: number;
      /** every logged event (POST /api/events, host PUT/DELETE) whose change this re-solve includes */
      event_ids: number[];
      recommendations: RecommendationView;
    }
  | { type: 'stale'; seq: number; cluster: string; cause: Cause }
  | { type: 'cluster_deleted'; seq: number; cluster: string };

/** GET /api/jobs: re-solves queued, running, done and failed (across nodes with a shared queue). */
export interface JobsReport {
  queue: 'in-process' | 'pg-boss';
  queued: number;
  /** null for the in-process scheduler (its `queued` counts running solves too) */
  running: number | null;
  done: number;
  failed: number;
  /** jobs that failed every retry (pg-boss dead-letter queue) */
  dead_letter: number;
}

/** A ServiceEvent before it gets its sequence number. */
type ServiceEventBody = ServiceEvent extends infer E ? (E extends ServiceEvent ? Omit<E, 'seq'> : never) : never;

interface Input<T> {
  doc: T;
  hash: string;
  updated_at: string;
}

interface ClusterState {
  name: string;
  hosts: Host[];
  desired: SoftwareSpec;
  desiredHash: string;
  revision: number;
  hostsHash: string;
  record: RecommendationRecord | undefined;
  staleAnnounced: boolean;
}

const iso = () => new Date().toISOString();

/**
 * Canonical JSON of each host as the solver sees it, per set of classes with rules. An event
 * replaces one host object and keeps the others, so hashing a cluster after an event
 * canonicalises one host, not all (the hash itself is the same as contentHash of the array).
 */
const hostTexts = new WeakMap<ReadonlySet<string>, WeakMap<Host, string>>();
/** The stored JSON of a hosts array, so that an event does not serialise the old hosts again. */
const hostsJson = new WeakMap<readonly Host[], string>();
/** The id of the event that last set a cluster's hosts in memory. */
const lastHostsEvent = new WeakMap<ClusterState, number>();

/** The hosts as the solver sees them: devices of classes without HCL rules cannot matter. */
export function hostsHash(hosts: readonly Host[], classesWithRules: ReadonlySet<string>): string {
  let texts = hostTexts.get(classesWithRules);
  if (!texts) hostTexts.set(classesWithRules, (texts = new WeakMap()));
  const parts: string[] = [];
  for (const h of hosts) {
    let t = texts.get(h);
    if (t === undefined) {
      t = canonicalJson({ ...h, devices: h.devices.filter((d) => classesWithRules.has(d.class)) });
      texts.set(h, t);
    }
    parts.push(t);
  }
  return `sha256:${sha256(`[${parts.join(',')}]`)}`;
}

/** An accepted image as an image spec; the removals of the current spec are kept. */
export function imageToSpec(image: Image, current: ImageSpec): ImageSpec {
  const spec: ImageSpec = { base_image: { version: image.base_image.version } };
  if (image.add_on) spec.add_on = { ...image.add_on };
  if (image.hardware_support) spec.hardware_support = structuredClone(image.hardware_support);
  const solutions = Object.entries(image.solutions);
  if (solutions.length) spec.solutions = Object.fromEntries(solutions.map(([n, s]) => [n, { version: s.version }]));
  if (Object.keys(image.components).length) spec.components = { ...image.components };
  if (current.removed_components?.length) spec.removed_components = [...current.removed_components];
  return spec;
}

export class StrataService {
  readonly pool: SolverPool;
  readonly scheduler: Scheduler;
  private depotInput: Input<Depot> | undefined;
  private hclInput: Input<Hcl> | undefined;
  private classesWithRules: Set<string> = new Set();
  /** the binary snapshot of the current depot and HCL pair, sent to workers (snapshotOf) */
  private snapshot: { key: string; bytes: Uint8Array } | undefined;
  /** the depot indexed for desired-image checks, rebuilt when its content hash changes */
  private refs: { hash: string; refs: DepotRefs } | undefined;
  private readonly clusters = new Map<string, ClusterState>();
  private readonly listeners = new Set<(e: ServiceEvent) => void>();
  private seq = 0;
  private closed = false;
  /** replaces the in-process solve when re-solves go through a shared queue (PostgreSQL) */
  private solveVia: ((cluster: string, causes: Cause[], dropped: number, eventIds: number[]) => Promise<void>) | undefined;
  private jobsReport: (() => Promise<JobsReport>) | undefined;

  /**
   * Opens the store (migrating it) and loads the state; use this, not the constructor.
   * `prepare` runs in between (scale-out: route re-solves to the queue before any is scheduled).
   */
  static async open(opts: ServiceOptions, prepare?: (s: StrataService) => Promise<void>): Promise<StrataService> {
    const s = new StrataService(opts, await createStore(opts.store ?? opts.dataDir));
    try {
      await s.store.open();
      await prepare?.(s);
      await s.loadState();
    } catch (err) {
      await s.close();
      throw err;
    }
    return s;
  }

  private constructor(
    readonly opts: ServiceOptions,
    readonly store: Store,
  ) {
    const poolOpts: ConstructorParameters<typeof SolverPool>[0] = { threads: opts.threads ?? 2 };
    if (opts.timeLimitMs !== undefined) poolOpts.timeLimitMs = opts.timeLimitMs;
    if (opts.engine !== undefined) poolOpts.engine = opts.engine;
    if (opts.repairsBudget !== undefined) poolOpts.repairsBudget = opts.repairsBudget;
    this.pool = new SolverPool(poolOpts);
    // Two solves per thread: one running, one queued in the pool, so a thread never idles
    // between tasks; more would take their inputs long before a thread is free.
    const schedOpts: ConstructorParameters<typeof Scheduler>[1] = { concurrency: 2 * Math.max(1, poolOpts.threads ?? 2) };
    for (const k of ['debounceMs', 'maxWaitMs', 'burstRate', 'quietMs'] as const) if (opts[k] !== undefined) schedOpts[k] = opts[k];
    this.scheduler = new Scheduler(
      {
        currentHashes: (c) => this.currentHashes(c),
        solvedHashes: (c) => this.clusters.get(c)?.record?.input_hashes,
        solve: (c, causes, dropped, eventIds, withdraw) =>
          this.solveVia ? this.solveVia(c, causes, dropped, eventIds) : this.solveCluster(c, causes, dropped, eventIds, withdraw),
      },
      schedOpts,
    );
  }

  /** Routes scheduled re-solves elsewhere (the pg-boss queue), with its progress report. */
  setSolveRoute(
    route: (cluster: string, causes: Cause[], dropped: number, eventIds: number[]) => Promise<void>,
    report: () => Promise<JobsReport>,
  ): void {
    this.solveVia = route;
    this.jobsReport = report;
  }

  /** Re-solve progress: of the shared queue, or of this node's scheduler. */
  async jobs(): Promise<JobsReport> {
    if (this.jobsReport) return this.jobsReport();
    const busy = this.clusterNames().filter((c) => this.scheduler.busy(c)).length;
    // The in-process scheduler does not tell waiting from running: both count as queued.
    return { queue: 'in-process', queued: busy, running: null, done: this.scheduler.stats.solves, failed: 0, dead_letter: 0 };
  }

  // -- start-up ----------------------------------------------------------------------------------

  private async loadState(): Promise<void> {
    const [depot, hcl] = await Promise.all([this.store.getInput('depot'), this.store.getInput('hcl')]);
    this.loadSnapshot(depot, hcl);
    await this.reloadInput('depot', depot);
    await this.reloadInput('hcl', hcl);
    for (const row of await this.store.listClusters()) {
      const hosts = JSON.parse(row.hosts) as Host[];
      const rec = await this.store.getRecommendation(row.name);
      this.clusters.set(row.name, {
        name: row.name,
        hosts,
        desired: JSON.parse(row.spec) as SoftwareSpec,
        desiredHash: row.specHash,
        revision: row.revision,
        hostsHash: hostsHash(hosts, this.classesWithRules),
        record: rec ? (JSON.parse(rec) as RecommendationRecord) : undefined,
        staleAnnounced: false,
      });
    }
    // Whatever went stale while the service was down is re-solved now.
    for (const name of this.clusters.keys()) this.scheduler.notify(name, { type: 'service_started', at: iso() });
  }

  // -- another node changed the shared store (see replica.ts) ----------------------------------------

  /** Reads the depot or HCL again (or takes the row just read); true when its content changed. */
  async reloadInput(kind: InputKind, stored?: StoredInput): Promise<boolean> {
    const row = stored ?? (await this.store.getInput(kind));
    if (!row || row.hash === (kind === 'depot' ? this.depotInput : this.hclInput)?.hash) return false;
    if (kind === 'depot') {
      this.depotInput = { doc: JSON.parse(row.content) as Depot, hash: row.hash, updated_at: row.updated_at };
    } else {
      const hcl = JSON.parse(row.content) as Hcl;
      this.hclInput = { doc: hcl, hash: row.hash, updated_at: row.updated_at };
      this.classesWithRules = new Set(hcl.devices.map((d) => d.class));
      for (const st of this.clusters.values()) st.hostsHash = hostsHash(st.hosts, this.classesWithRules);
    }
    const cause: Cause = { type: kind === 'depot' ? 'depot_changed' : 'hcl_changed', at: iso() };
    for (const name of this.clusters.keys()) this.changed(name, cause);
    return true;
  }

  /**
   * Reads a cluster (hosts, desired image, recommendation) again, or drops it when it is gone;
   * `cause` undefined: no re-solve is asked for (the caller solves).
   */
  async reloadCluster(name: string, cause: Omit<Cause, 'at'> | undefined = { type: 'cluster_updated', cluster: name }): Promise<void> {
    const row = await this.store.getCluster(name);
    if (!row) {
      if (this.clusters.has(name)) this.dropCluster(name);
      return;
    }
    const rec = await this.store.getRecommendation(name);
    const hosts = JSON.parse(row.hosts) as Host[];
    const prior = this.clusters.get(name);
    const record = rec ? (JSON.parse(rec) as RecommendationRecord) : undefined;
    this.clusters.set(name, {
      name,
      hosts,
      desired: JSON.parse(row.spec) as SoftwareSpec,
      desiredHash: row.specHash,
      revision: row.revision,
      hostsHash: hostsHash(hosts, this.classesWithRules),
      record: newer(record, prior?.record),
      staleAnnounced: prior?.staleAnnounced ?? false,
    });
    if (cause) this.changed(name, { ...cause, at: iso() });
  }

  /** A recommendation another node computed: taken when newer, and published to this node's subscribers. */
  async reloadRecommendation(name: string): Promise<void> {
    const st = this.clusters.get(name);
    const rec = await this.store.getRecommendation(name);
    if (!st || !rec) return;
    const record = JSON.parse(rec) as RecommendationRecord;
    if (newer(record, st.record) !== record || st.record?.generated_at === record.generated_at) return;
    const prev = st.record;
    st.record = record;
    st.staleAnnounced = false;
    const changed = !prev || prev.status !== record.status || canonicalJson(slotsOf(prev)) !== canonicalJson(slotsOf(record));
    // the solving node's causes and event ids are not stored with the record
    this.publish({
      type: 'recommendations',
      cluster: name,
      changed,
      causes: [],
      dropped_causes: 0,
      event_ids: [],
      recommendations: this.view(name),
    });
  }

  private dropCluster(name: string): void {
    this.clusters.delete(name);
    this.scheduler.forget(name);
    this.publish({ type: 'cluster_deleted', cluster: name });
  }

  // -- subscribers (SSE) ---------------------------------------------------------------------------

  subscribe(listener: (e: ServiceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(e: ServiceEventBody): void {
    const event = { ...e, seq: ++this.seq } as ServiceEvent;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // a broken subscriber must not stop the others
      }
    }
  }

  // -- hashes and change propagation ---------------------------------------------------------------

  currentHashes(name: string): InputHashes | undefined {
    const st = this.clusters.get(name);
    if (!st || !this.depotInput || !this.hclInput) return undefined;
    return { depot: this.depotInput.hash, hcl: this.hclInput.hash, desired: st.desiredHash, hosts: st.hostsHash };
  }

  isStale(name: string): boolean {
    const st = this.clusters.get(name);
    return !st?.record || !sameHashes(st.record.input_hashes, this.currentHashes(name));
  }

  /** Inputs of a cluster may have changed: announce staleness once, schedule a re-solve. */
  private changed(name: string, cause: Cause): void {
    const st = this.clusters.get(name);
    if (!st) return;
    if (st.record && !st.staleAnnounced && this.isStale(name)) {
      st.staleAnnounced = true;
      this.publish({ type: 'stale', cluster: name, cause });
    }
    this.scheduler.notify(name, cause);
  }

  private requireCluster(name: string): ClusterState {
    const st = this.clusters.get(name);
    if (!st) throw new NotFound('cluster', name);
    return st;
  }

  private solveInputs(): SolveInputs {
    const depot = this.depotInput;
    const hcl = this.hclInput;
    if (!depot || !hcl) {
      throw new NotAllowed('inputs.missing', `no ${!depot ? 'depot' : 'HCL'} has been imported yet (PUT /api/${!depot ? 'depot' : 'hcl'})`);
    }
    // These very inputs: a later import must not change what this task sees.
    return { depotHash: depot.hash, hclHash: hcl.hash, snapshot: () => this.snapshotOf(depot, hcl) };
  }

  /**
   * The binary snapshot of a depot and HCL pair, for the workers: the one read at start-up from
   * DATA/cache, else encoded once and written there, so the next start reads it instead of parsing.
   */
  private snapshotOf(depot: Input<Depot>, hcl: Input<Hcl>): Uint8Array {
    const key = snapshotKey(depot.hash, hcl.hash);
    if (this.snapshot?.key !== key) {
      const bytes = encodeSnapshot(key, depot.doc, hcl.doc);
      const dir = this.cacheDir();
      if (dir) writeSnapshotBytes(dir, key, bytes);
      this.snapshot = { key, bytes };
    }
    return this.snapshot.bytes;
  }

  /** DATA/cache; none for a throwaway in-memory store (`--data :memory:`, tests). */
  private cacheDir(): string | undefined {
    return this.opts.dataDir === ':memory:' ? undefined : path.join(this.opts.dataDir, 'cache');
  }

  /** The stored depot and HCL from the snapshot of an earlier run, when their hashes still match. */
  private loadSnapshot(depot: StoredInput | undefined, hcl: StoredInput | undefined): void {
    if (!depot || !hcl) return;
    const key = snapshotKey(depot.hash, hcl.hash);
    const dir = this.cacheDir();
    const snap = dir && readCatalogSnapshot(dir, key);
    if (!snap) return;
    this.depotInput = { doc: snap.depot, hash: depot.hash, updated_at: depot.updated_at };
    this.hclInput = { doc: snap.hcl, hash: hcl.hash, updated_at: hcl.updated_at };
    this.classesWithRules = new Set(snap.hcl.devices.map((d) => d.class));
    this.snapshot = { key, bytes: snap.bytes };
  }

  // -- depot and HCL -----------------------------------------------------------------------------

  get depot(): Input<Depot> | undefined {
    return this.depotInput;
  }

  get hcl(): Input<Hcl> | undefined {
    return this.hclInput;
  }

  /** The depot, or NotAllowed before the first import. */
  requireDepot(): Input<Depot> {
    if (!this.depotInput) throw new NotAllowed('depot.missing', 'no depot has been imported yet (PUT /api/depot)');
    return this.depotInput;
  }

  /** How old the stored HCL is, as of now (UNKNOWN without one or without its `updated` date). */
  hclFreshness(): HclFreshness {
    return hclFreshness(this.hclInput?.doc.updated, new Date(), this.opts.hclFreshness ?? DEFAULT_FRESHNESS_LIMITS);
  }

  /** The HCL, or NotAllowed before the first import. */
  requireHcl(): Input<Hcl> {
    if (!this.hclInput) throw new NotAllowed('hcl.missing', 'no HCL has been imported yet (PUT /api/hcl)');
    return this.hclInput;
  }

  /** Imports a depot (already-parsed JSON or decoded protobuf); re-solves only if the content changed. */
  async importDepot(value: unknown): Promise<{ content_hash: string; changed: boolean }> {
    const depot = parseDepot(value, 'body');
    const text = canonicalJson(depot);
    const hash = `sha256:${sha256(text)}`;
    if (this.depotInput?.hash === hash) return { content_hash: hash, changed: false };
    const stored = await this.store.putInput('depot', hash, text);
    this.depotInput = { doc: depot, hash, updated_at: stored.updated_at };
    const cause: Cause = { type: 'depot_changed', at: iso() };
    for (const name of this.clusters.keys()) this.changed(name, cause);
    return { content_hash: hash, changed: true };
  }

  async importHcl(value: unknown): Promise<{ content_hash: string; changed: boolean }> {
    const hcl = parseHcl(value, 'body');
    const text = canonicalJson(hcl);
    const hash = `sha256:${sha256(text)}`;
    if (this.hclInput?.hash === hash) return { content_hash: hash, changed: false };
    const stored = await this.store.putInput('hcl', hash, text);
    this.hclInput = { doc: hcl, hash, updated_at: stored.updated_at };
    // Which device classes carry rules may have changed, and with it what the solver sees of hosts.
    this.classesWithRules = new Set(hcl.devices.map((d) => d.class));
    for (const st of this.clusters.values()) st.hostsHash = hostsHash(st.hosts, this.classesWithRules);
    const cause: Cause = { type: 'hcl_changed', at: iso() };
    for (const name of this.clusters.keys()) this.changed(name, cause);
    return { content_hash: hash, changed: true };
  }

  // -- clusters ----------------------------------------------------------------------------------

  clusterNames(): string[] {
    return [...this.clusters.keys()].sort();
  }

  getCluster(name: string): { cluster: Cluster; revision: number } {
    const st = this.requireCluster(name);
    return { cluster: { name: st.name, hosts: st.hosts, desired: st.desired }, revision: st.revision };
  }

  async putCluster(name: string, value: unknown, ifMatch?: number): Promise<{ created: boolean; revision: number }> {
    const cluster = parseCluster(value, 'body');
    if (cluster.name !== name) {
      throw new BadInput(
        'cluster.name_mismatch',
        'body',
        '$.name',
        `the cluster is named ${JSON.stringify(cluster.name)}, but the path names ${JSON.stringify(name)}`,
      );
    }
    this.requireInDepot(cluster.desired, 'body', '$.desired');
    const desiredHash = contentHash(cluster.desired);
    let res: Awaited<ReturnType<Store['putCluster']>>;
    try {
      res = await this.store.putCluster(name, JSON.stringify(cluster.hosts), JSON.stringify(cluster.desired), desiredHash, ifMatch);
    } catch (err) {
      throw this.revisionError(err);
    }
    const prior = this.clusters.get(name);
    this.clusters.set(name, {
      name,
      hosts: cluster.hosts,
      desired: cluster.desired,
      desiredHash,
      revision: res.revision,
      hostsHash: hostsHash(cluster.hosts, this.classesWithRules),
      record: prior?.record,
      staleAnnounced: prior?.staleAnnounced ?? false,
    });
    this.changed(name, { type: res.created ? 'cluster_created' : 'cluster_updated', cluster: name, at: iso() });
    return { created: res.created, revision: res.revision };
  }

  async deleteCluster(name: string): Promise<void> {
    this.requireCluster(name);
    await this.store.deleteCluster(name);
    if (this.clusters.has(name)) this.dropCluster(name);
  }

  private revisionError(err: unknown): unknown {
    return err instanceof RevisionMismatch ? new PreconditionFailed(err.current) : err;
  }

  /** Refuses a desired image that names items the depot lacks (none can be checked before a depot). */
  private requireInDepot(spec: SoftwareSpec, file: string, at: string): void {
    const depot = this.depotInput;
    if (!depot) return;
    if (this.refs?.hash !== depot.hash) this.refs = { hash: depot.hash, refs: new DepotRefs(depot.doc) };
    const refs = this.refs.refs;
    const missing = refs.missing(defaultImage(spec), at);
    spec.alternatives?.forEach((a, i) => missing.push(...refs.missing(a.image, `${at}.alternatives[${i}].image`)));
    if (missing.length) throw new NotInDepot(file, missing);
  }

  // -- hosts and events --------------------------------------------------------------------------

  /**
   * Applies `change` to the stored hosts (under the cluster's lock: on a shared store another
   * node may have changed them since this one last read them) and logs the event.
   */
  private async commitHosts(
    st: ClusterState,
    change: (hosts: Host[]) => Host[],
    cause: Omit<Cause, 'at' | 'event_id'>,
    body: unknown,
  ): Promise<{ id: number; affects_recommendation: boolean }> {
    let hosts: Host[] = st.hosts;
    const known = st.hosts;
    const knownJson = hostsJson.get(known) ?? JSON.stringify(known);
    const res = await this.store.updateHosts(
      st.name,
      (stored) => {
        hosts = change(stored === knownJson ? known : (JSON.parse(stored) as Host[]));
        return JSON.stringify(hosts);
      },
      { type: cause.type, body: JSON.stringify(body) },
    );
    if (!res) throw new NotFound('cluster', st.name);
    const id = res.eventId;
    hostsJson.set(hosts, res.hosts);
    const cur = this.clusters.get(st.name) ?? st;
    const before = cur.hostsHash;
    // Event ids only grow: a write that finishes after a later one (another connection) must not win.
    if (id > (lastHostsEvent.get(cur) ?? 0)) {
      lastHostsEvent.set(cur, id);
      cur.hosts = hosts;
      cur.hostsHash = hostsHash(hosts, this.classesWithRules);
    }
    const affects = before !== cur.hostsHash;
    // Always notify: the burst may be undoing an earlier change (then the scheduler cancels).
    this.changed(st.name, { ...cause, event_id: id, at: iso() });
    return { id, affects_recommendation: affects };
  }

  async postEvent(value: unknown): Promise<EventAck> {
    const event: ChangeEvent = parseEvent(value);
    const st = this.requireCluster(event.cluster);
    applyEvent(st.hosts, event); // refuses an event that does not apply before anything is written
    return { ...(await this.commitHosts(st, (h) => applyEvent(h, event), eventCause(event), event)), cluster: event.cluster };
  }

  /**
   * A batch of events (POST /api/events with a JSON array or JSON Lines), all or none: each is
   * checked, then applied in order to its cluster's hosts, and all are written in one
   * transaction; their ids follow their order. `where(i)` names event i in messages. Each
   * cluster is notified of each of its events, in order, in one go: a large batch is a burst.
   */
  async postEvents(values: readonly unknown[], where: (i: number) => { file: string; path: string }): Promise<EventAck[]> {
    const label = (i: number) => {
      const w = where(i);
      return w.path === '$' ? w.file : `${w.file}: ${w.path}`;
    };
    const events = values.map((v, i) => parseEvent(v, where(i).file, where(i).path));
    const groups = new Map<string, { st: ClusterState; idx: number[] }>();
    events.forEach((e, i) => {
      let g = groups.get(e.cluster);
      if (!g) {
        const st = this.clusters.get(e.cluster);
        if (!st) throw located(new NotFound('cluster', e.cluster), label(i));
        groups.set(e.cluster, (g = { st, idx: [] }));
      }
      g.idx.push(i);
    });
    /** The hosts after each of the group's events, from `hosts`; an event that does not fit throws, naming it. */
    const steps = (hosts: Host[], idx: number[]): Host[][] =>
      idx.map((i) => {
        try {
          return (hosts = applyEvent(hosts, events[i]!));
        } catch (err) {
          throw located(err, label(i));
        }
      });
    // Refuses events that do not apply before anything is written.
    for (const { st, idx } of groups.values()) steps(st.hosts, idx);
    const list = [...groups.values()];
    const applied: { from: Host[]; after: Host[][] }[] = [];
    const res = await this.store.updateHostsBatch(
      list.map(({ st, idx }, k) => ({
        name: st.name,
        apply: (stored: string) => {
          const known = st.hosts;
          const from = stored === (hostsJson.get(known) ?? JSON.stringify(known)) ? known : (JSON.parse(stored) as Host[]);
          const after = steps(from, idx);
          applied[k] = { from, after };
          return JSON.stringify(after[after.length - 1]);
        },
      })),
      events.map((e) => ({ type: e.type, cluster: e.cluster, body: JSON.stringify(e) })),
    );
    if ('missing' in res) throw new NotFound('cluster', res.missing);
    const acks: EventAck[] = new Array(events.length);
    list.forEach(({ st, idx }, k) => {
      const { from, after } = applied[k]!;
      const hosts = after[after.length - 1]!;
      hostsJson.set(hosts, res.hosts[k]!);
      const cur = this.clusters.get(st.name) ?? st;
      const lastId = res.eventIds[idx[idx.length - 1]!]!;
      if (lastId > (lastHostsEvent.get(cur) ?? 0)) {
        lastHostsEvent.set(cur, lastId);
        cur.hosts = hosts;
        cur.hostsHash = hostsHash(hosts, this.classesWithRules);
      }
      let prev = hostsHash(from, this.classesWithRules);
      idx.forEach((i, j) => {
        const next = hostsHash(after[j]!, this.classesWithRules);
        acks[i] = { id: res.eventIds[i]!, cluster: st.name, affects_recommendation: next !== prev };
        prev = next;
      });
    });
    // In the events' order: each one a change (towards the burst rate), with its id as the cause.
    events.forEach((event, i) => this.changed(event.cluster, { ...eventCause(event), event_id: res.eventIds[i]!, at: iso() }));
    return acks;
  }

  async putHost(cluster: string, name: string, value: unknown): Promise<{ created: boolean }> {
    const st = this.requireCluster(cluster);
    const host = parseHost(value, 'body');
    if (host.name !== name) {
      throw new BadInput(
        'host.name_mismatch',
        'body',
        '$.name',
        `the host is named ${JSON.stringify(host.name)}, but the path names ${JSON.stringify(name)}`,
      );
    }
    let created = false;
    await this.commitHosts(
      st,
      (h) => {
        const r = putHost(h, host);
        created = r.created;
        return r.hosts;
      },
      { type: created ? 'host_added' : 'host_updated', cluster, host: name },
      { type: 'host_put', cluster, host },
    );
    return { created };
  }

  async deleteHost(cluster: string, name: string): Promise<void> {
    const st = this.requireCluster(cluster);
    const event: ChangeEvent = { type: 'host_removed', cluster, host: name };
    applyEvent(st.hosts, event);
    await this.commitHosts(st, (h) => applyEvent(h, event), { type: 'host_removed', cluster, host: name }, event);
  }

  // -- desired image -----------------------------------------------------------------------------

  getSoftware(name: string): { spec: SoftwareSpec; revision: number } {
    const st = this.requireCluster(name);
    return { spec: st.desired, revision: st.revision };
  }

  async putSoftware(
    name: string,
    value: unknown,
    ifMatch?: number,
    causeType = 'desired_changed',
  ): Promise<{ revision: number; changed: boolean }> {
    const st = this.requireCluster(name);
    const spec = parseSoftwareSpec(value, 'body');
    this.requireInDepot(spec, 'body', '$');
    return this.commitSoftware(st, spec, ifMatch, causeType);
  }

  private async commitSoftware(
    st: ClusterState,
    spec: SoftwareSpec,
    ifMatch: number | undefined,
    causeType: string,
  ): Promise<{ revision: number; changed: boolean }> {
    const hash = contentHash(spec);
    let res: { revision: number; changed: boolean };
    try {
      res = await this.store.commitDesired(st.name, JSON.stringify(spec), hash, ifMatch);
    } catch (err) {
      throw this.revisionError(err);
    }
    // Revisions only grow: a commit that finishes after a later one must not win in memory.
    if (res.changed && res.revision > st.revision) {
      st.desired = spec;
      st.desiredHash = hash;
      st.revision = res.revision;
      this.changed(st.name, { type: causeType, cluster: st.name, at: iso() });
    }
    return res;
  }

  // -- recommendations -----------------------------------------------------------------------------

  view(name: string): RecommendationView {
    const st = this.requireCluster(name);
    const current = this.currentHashes(name) ?? null;
    const r = st.record;
    if (!r) {
      return {
        cluster: name,
        status: 'PENDING',
        latest: null,
        current_series: null,
        same_base: null,
        excluded_base_images: [],
        error: null,
        input_hashes: null,
        current_input_hashes: current,
        desired_revision: st.revision,
        generated_at: null,
        solve_ms: 0,
        stale: true,
        ...this.hclFreshness(),
      };
    }
    return { ...r, current_input_hashes: current, stale: !sameHashes(r.input_hashes, current ?? undefined), ...this.hclFreshness() };
  }

  /** The recommendations; when stale, first waits (up to `waitMs`) for the re-solve under way. */
  async recommendations(name: string, waitMs: number): Promise<RecommendationView> {
    this.requireCluster(name);
    this.solveInputs(); // NOT_ALLOWED_IN_CURRENT_STATE without depot or HCL
    if (waitMs > 0 && this.isStale(name)) await this.scheduler.whenSettled(name, waitMs);
    return this.view(name);
  }

  async generate(name: string, waitMs: number): Promise<RecommendationView> {
    this.requireCluster(name);
    this.solveInputs();
    await this.scheduler.generate(name, waitMs);
    return this.view(name);
  }

  /**
   * Commits a recommended image as the desired image of image group `group` (0: the default image,
   * i: alternative i), if the recommendation is still current. The rest of the desired state stays.
   */
  async accept(name: string, slot: Slot, ifMatch?: number, group = 0): Promise<{ revision: number; changed: boolean; spec: SoftwareSpec }> {
    const st = this.requireCluster(name);
    const rec = st.record;
    if (rec?.status !== 'READY')
      throw new NotAllowed('recommendation.none', `cluster ${JSON.stringify(name)} has no recommendation yet`, [name]);
    if (this.isStale(name)) {
      throw new Conflict(
        'recommendation.stale',
        `the recommendation of cluster ${JSON.stringify(name)} is stale (its inputs changed since it was computed); get it again, then accept`,
        [name],
      );
    }
    const alternatives = st.desired.alternatives ?? [];
    if (group > alternatives.length) throw new NotFound('image group', `${name}/${group}`);
    const image = group === 0 ? rec[slot] : rec.groups?.find((g) => g.group === group)?.[slot];
    if (!image) throw new NotFound('recommendation', group === 0 ? `${name}/${slot}` : `${name}/${slot}?group=${group}`);
    let spec: SoftwareSpec;
    if (group === 0) {
      spec = imageToSpec(image, defaultImage(st.desired));
      if (alternatives.length) spec.alternatives = structuredClone(alternatives);
    } else {
      spec = structuredClone(st.desired);
      spec.alternatives![group - 1]!.image = imageToSpec(image, alternatives[group - 1]!.image);
    }
    // Cannot fire while the recommendation is current (it was planned from this depot); kept so
    // that no path stores a desired image the depot lacks.
    this.requireInDepot(spec, `recommendation ${slot}`, '$');
    // The revision the recommendation was checked against is the one the commit requires, in the
    // same statement as the write: nothing can come between, not even on another node.
    const res = await this.commitSoftware(st, spec, ifMatch ?? st.revision, `recommendation_accepted:${slot}`);
    return { ...res, spec };
  }

  /** `withdraw` (from the scheduler): asked once the solve is done; true = superseded, keep nothing. */
  async solveCluster(name: string, causes: Cause[], dropped: number, eventIds: number[], withdraw?: () => boolean): Promise<void> {
    const st = this.clusters.get(name);
    const hashes = this.currentHashes(name);
    if (!st || !hashes) return;
    const inputs = this.solveInputs();
    const cluster: Cluster = { name: st.name, hosts: st.hosts, desired: st.desired };
    const revision = st.revision;
    const started = performance.now();
    let core: Recommendations = { latest: null, current_series: null, same_base: null, excluded_base_images: [] };
    let groups: GroupRecommendations[] | undefined;
    let error: RecommendationRecord['error'] = null;
    try {
      if (hasAlternatives(cluster.desired)) {
        // each image group is its own cluster: its hosts, its image
        groups = await Promise.all(
          desiredGroups(cluster).map(async (g) => ({
            ...groupHead(g),
            ...slotsOf((await this.pool.run('recommend', inputs, JSON.stringify(groupAsCluster(cluster, g)))) as Recommendations),
          })),
        );
        core = slotsOf(groups[0]!);
      } else {
        core = (await this.pool.run('recommend', inputs, JSON.stringify(cluster))) as Recommendations;
      }
    } catch (err) {
      error = {
        type: err instanceof SolveTimeout ? 'TIMED_OUT' : err instanceof WorkerCrashed ? 'WORKER_CRASHED' : 'SOLVE_FAILED',
        message: err instanceof Error ? err.message : String(err),
      };
    }
    if (this.closed) return;
    const cur = this.clusters.get(name);
    if (!cur) return; // deleted while solving
    if (withdraw?.()) return; // its inputs moved in a burst: the solve after the burst covers its events
    const record: RecommendationRecord = {
      cluster: name,
      status: error ? 'FAILED' : 'READY',
      latest: core.latest,
      current_series: core.current_series,
      same_base: core.same_base,
      excluded_base_images: core.excluded_base_images,
      ...(groups ? { groups } : {}),
      error,
      input_hashes: hashes,
      desired_revision: revision,
      generated_at: iso(),
      solve_ms: Math.round(performance.now() - started),
    };
    const prev = cur.record;
    const changed =
      !prev ||
      prev.status !== record.status ||
      canonicalJson(slotsOf(prev)) !== canonicalJson(slotsOf(record)) ||
      canonicalJson(prev.groups ?? null) !== canonicalJson(record.groups ?? null);
    try {
      await this.store.putRecommendation(name, JSON.stringify(record), record.generated_at);
    } catch {
      // The database is closing; the recommendation is re-derivable and is published anyway.
    }
    cur.record = record;
    cur.staleAnnounced = false;
    this.publish({
      type: 'recommendations',
      cluster: name,
      changed,
      causes,
      dropped_causes: dropped,
      event_ids: eventIds,
      recommendations: this.view(name),
    });
  }

  // -- computed on demand ------------------------------------------------------------------------

  private async compute(kind: TaskKind, cluster: Cluster, extras: SolveExtras = {}): Promise<unknown> {
    const inputs = this.solveInputs();
    try {
      return await this.pool.run(kind, inputs, JSON.stringify(cluster), extras);
    } catch (err) {
      if (err instanceof SolveTimeout) {
        throw new TimedOut(err.message, err.limitMs);
      }
      throw err;
    }
  }

  /** One image group of the stored desired state as a cluster (0: the default image's hosts). */
  groupCluster(name: string, group: number): Cluster {
    const { cluster } = this.getCluster(name);
    const g = desiredGroups(cluster)[group];
    if (!g) throw new NotFound('image group', `${name}/${group}`);
    return groupAsCluster(cluster, g);
  }

  /**
   * Validates the desired state, or `spec` (a SoftwareSpec body), against the cluster's hosts:
   * each image group's image against its group's hosts. With alternatives, the report is valid
   * when every group's is; it lists every group's errors, the default image's effective
   * components, and each group's own report under `groups`.
   */
  async validate(name: string, spec?: unknown): Promise<ValidationReport & { groups?: GroupValidation[] }> {
    const { cluster } = this.getCluster(name);
    const desired = spec === undefined ? cluster.desired : parseSoftwareSpec(spec, 'body');
    const whole = { ...cluster, desired };
    if (!hasAlternatives(desired)) return (await this.compute('validate', whole)) as ValidationReport;
    const groups = await Promise.all(
      desiredGroups(whole).map(async (g) => ({
        ...groupHead(g),
        report: (await this.compute('validate', groupAsCluster(whole, g))) as ValidationReport,
      })),
    );
    return {
      valid: groups.every((g) => g.report.valid),
      effective_components: groups[0]!.report.effective_components,
      errors: groups.flatMap((g) => g.report.errors),
      groups,
    };
  }

  async combinations(name: string, limit: number, offset: number, group = 0): Promise<Enumeration> {
    return (await this.compute('enumerate', this.groupCluster(name, group), { limit, offset })) as Enumeration;
  }

  /** Each host against its image group's image; the cluster's status and impact are the worst. */
  async compliance(name: string): Promise<ClusterCompliance & { hosts: (HostCompliance & { group?: number })[] }> {
    const { cluster } = this.getCluster(name);
    if (!hasAlternatives(cluster.desired)) return (await this.compute('compliance', cluster)) as ClusterCompliance;
    const parts = await Promise.all(
      desiredGroups(cluster).map(async (g) => {
        const c = g.hosts.length ? ((await this.compute('compliance', groupAsCluster(cluster, g))) as ClusterCompliance) : undefined;
        return (c?.hosts ?? []).map((h) => ({ ...h, group: g.group }));
      }),
    );
    const byHost = new Map(parts.flat().map((h) => [h.host, h]));
    return summarize(
      name,
      cluster.hosts.map((h) => byHost.get(h.name)!),
    );
  }

  /**
   * The fewest image groups for the cluster's hosts (src/plan/groups; `strata groups --json`),
   * planned from the default image.
   */
  async groups(name: string): Promise<Groups> {
    const { cluster } = this.getCluster(name);
    return (await this.compute('groups', { ...cluster, desired: defaultImage(cluster.desired) })) as Groups;
  }

  /**
   * Makes the groups answer the desired state: its first group (the one of the first host) the
   * default image, the others alternatives by class. The answer is computed afresh from the
   * inputs of the revision it is based on; a change in between is a 412.
   */
  async acceptGroups(name: string, ifMatch?: number): Promise<{ revision: number; changed: boolean; spec: SoftwareSpec; groups: Groups }> {
    const st = this.requireCluster(name);
    const base = ifMatch ?? st.revision;
    if (base !== st.revision) throw new PreconditionFailed(st.revision);
    const answer = await this.groups(name);
    const cur = this.requireCluster(name);
    const spec = groupsToDesired(answer, (image) => imageToSpec(image, defaultImage(cur.desired)));
    if (!spec) {
      throw new NotAllowed(
        'groups.none',
        `no split of cluster ${JSON.stringify(name)} into at most ${answer.max_groups} image groups works (GET .../software/groups says why)`,
        [name],
      );
    }
    this.requireInDepot(spec, 'groups', '$');
    const res = await this.commitSoftware(cur, spec, base, 'groups_accepted');
    return { ...res, spec, groups: answer };
  }

  stats(): Record<string, unknown> {
    return {
      clusters: this.clusters.size,
      solves: this.scheduler.stats.solves,
      skipped: this.scheduler.stats.skipped,
      held: this.scheduler.stats.held,
      bursts: this.scheduler.stats.bursts,
      superseded: this.scheduler.stats.superseded,
      pool: { threaded: this.pool.threaded, ...this.pool.stats },
      subscribers: this.listeners.size,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.scheduler.close();
    this.listeners.clear();
    await this.pool.close();
    await this.store.close();
  }
}

export interface GroupValidation {
  group: number;
  classes: ClassSelector[] | null;
  hosts: string[];
  report: ValidationReport;
}

/** The answer to a posted event (one per event of a batch). */
export interface EventAck {
  id: number;
  cluster: string;
  /** false when the change cannot matter to the solver (e.g. a device of a class without HCL rules) */
  affects_recommendation: boolean;
}

function eventCause(event: ChangeEvent): Omit<Cause, 'at' | 'event_id'> {
  const cause: Omit<Cause, 'at' | 'event_id'> = { type: event.type, cluster: event.cluster, host: eventHost(event) };
  if ('device' in event) cause.device = typeof event.device === 'string' ? event.device : event.device.id;
  if ('component' in event) cause.component = event.component;
  return cause;
}

const groupHead = (g: DesiredGroup) => ({ group: g.group, classes: g.classes, hosts: g.hosts.map((h) => h.name) });

function slotsOf(r: Recommendations): Recommendations {
  return { latest: r.latest, current_series: r.current_series, same_base: r.same_base, excluded_base_images: r.excluded_base_images };
}

/** The later of two recommendations (by when they were made); `a` on a tie. */
function newer(a: RecommendationRecord | undefined, b: RecommendationRecord | undefined): RecommendationRecord | undefined {
  if (!a || !b) return a ?? b;
  return a.generated_at >= b.generated_at ? a : b;
}
