// Re-solves through pg-boss, in the PostgreSQL database the state lives in, so that any node's
// change is solved by whichever solver node is free and a dead node's jobs are picked up again.
//
// - One queue, policy "stately" with the cluster as singleton key: at most one job per cluster
//   waiting and one running, across all nodes. Every node that sees a change (its own write or
//   another node's NOTIFY) debounces it as before, then sends; the sends of one burst collapse
//   into the waiting job, which reads the state when it runs, so a burst costs one solve.
// - A job that throws is retried with exponential backoff; one whose node dies stays "active"
//   until it expires, then is retried elsewhere; one that fails every retry lands in the
//   dead-letter queue, which GET /api/jobs reports.
// - The solving node stores the recommendation (NOTIFY: every node publishes it on its own
//   /api/events/stream). A job whose cluster is already fresh (another job got there first) is
//   done without solving.
import PgBoss from 'pg-boss';
import type { Cause } from './scheduler.js';
import type { JobsReport, StrataService } from './service.js';
import type { PostgresStore } from './store/postgres.js';

export const RESOLVE_QUEUE = 'strata-resolve';
export const DEAD_LETTER_QUEUE = 'strata-resolve-dead';

export type Role = 'api' | 'solver' | 'all';

interface ResolveJob {
  cluster: string;
  causes: Cause[];
  dropped: number;
  /** the events this re-solve covers (absent in jobs queued by an older node) */
  eventIds?: number[];
}

export interface QueueOptions {
  role: Role;
  /** time limit of one solve; a job runs out (and is retried) well after it */
  solveTimeoutMs: number;
  /** jobs one solver node runs at once (default: its solver threads) */
  concurrency: number;
  retryLimit?: number;
}

export class ResolveQueue {
  readonly boss: PgBoss;
  private readonly counts = { solved: 0, skipped: 0 };
  private readonly waits = new Set<() => void>();
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private readonly idlers = new Set<() => void>();

  constructor(
    private readonly service: StrataService,
    private readonly store: PostgresStore,
    private readonly opts: QueueOptions,
  ) {
    // Maintenance (which expires the jobs of dead nodes) every few seconds: it is one cheap query,
    // run by one node at a time.
    this.boss = new PgBoss({ connectionString: store.url, schema: 'pgboss', max: 4, maintenanceIntervalSeconds: 5 });
    // Connection trouble is retried by pg-boss itself; it must not end the process.
    this.boss.on('error', (err) => console.error(`strata serve: job queue: ${err.message}`));
  }

  /** A job still active after this belongs to a dead node (a live one ends a solve at its time limit). */
  private get expireSeconds(): number {
    return Math.ceil(this.opts.solveTimeoutMs / 1000) + 15;
  }

  async start(): Promise<void> {
    await this.boss.start();
    // createQueue is not idempotent across racing nodes: a node that loses the race finds it made.
    const ensure = async (name: string, q: Omit<PgBoss.Queue, 'name'>) => {
      if (await this.boss.getQueue(name)) return;
      await this.boss.createQueue(name, { name, ...q }).catch(async (err: unknown) => {
        if (!(await this.boss.getQueue(name))) throw err;
      });
    };
    await ensure(DEAD_LETTER_QUEUE, { policy: 'standard', retentionDays: 7 });
    await ensure(RESOLVE_QUEUE, {
      policy: 'stately',
      retryLimit: this.opts.retryLimit ?? 4,
      retryDelay: 1,
      retryBackoff: true,
      expireInSeconds: this.expireSeconds,
      deadLetter: DEAD_LETTER_QUEUE,
    });
    if (this.opts.role !== 'api') {
      for (let i = 0; i < Math.max(1, this.opts.concurrency); i++) this.loops.push(this.workLoop());
    }
    this.service.setSolveRoute(
      (cluster, causes, dropped, eventIds) => this.enqueue(cluster, causes, dropped, eventIds),
      () => this.report(),
    );
  }

  /** Sends the job, then waits until some node has published a fresh recommendation. */
  private async enqueue(cluster: string, causes: Cause[], dropped: number, eventIds: number[]): Promise<void> {
    if (this.stopped) return;
    await this.boss.send(RESOLVE_QUEUE, { cluster, causes, dropped, eventIds } satisfies ResolveJob, { singletonKey: cluster });
    this.wakeWorkers();
    await this.whenFresh(cluster, this.expireSeconds * 1000);
  }

  /** Resolves once the cluster's recommendation is current (or the cluster gone), at the latest after `ms`. */
  private whenFresh(cluster: string, ms: number): Promise<void> {
    const s = this.service;
    const fresh = () => !s.clusterNames().includes(cluster) || !s.isStale(cluster);
    if (fresh() || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        this.waits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      const unsubscribe = s.subscribe((e) => {
        if (e.cluster === cluster && fresh()) done();
      });
      this.waits.add(done);
    });
  }

  /**
   * Takes jobs one at a time. Our own loop rather than boss.work(): pg-boss does not await the
   * completion of a job it ran, so a database restart at that moment is an unhandled rejection.
   * Here a failed completion only leaves the job active; it expires and is run again (and found
   * fresh, so nothing is solved twice).
   */
  private async workLoop(): Promise<void> {
    while (!this.stopped) {
      let job: PgBoss.Job<ResolveJob> | undefined;
      try {
        job = (await this.boss.fetch<ResolveJob>(RESOLVE_QUEUE, { batchSize: 1 }))?.[0];
      } catch {
        await this.idle(1000); // the database is away: try again
        continue;
      }
      if (!job) {
        await this.idle(250);
        continue;
      }
      try {
        await this.run(job.data);
        await this.boss.complete(RESOLVE_QUEUE, job.id).catch(() => undefined);
      } catch (err) {
        const error = err instanceof Error ? { message: err.message } : { message: String(err) };
        await this.boss.fail(RESOLVE_QUEUE, job.id, error).catch(() => undefined);
      }
    }
  }

  /** Waits `ms`, or less when this node sends a job. */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.idlers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.idlers.add(done);
    });
  }

  /** A job: bring this node's copy up to date, then solve unless someone already has. */
  private async run(job: ResolveJob): Promise<void> {
    const s = this.service;
    for (const kind of ['depot', 'hcl'] as const) {
      const hash = await this.store.getInputHash(kind);
      if (hash !== (kind === 'depot' ? s.depot : s.hcl)?.hash) await s.reloadInput(kind);
    }
    await s.reloadCluster(job.cluster, undefined);
    if (!s.clusterNames().includes(job.cluster) || !s.isStale(job.cluster)) {
      this.counts.skipped++;
      return;
    }
    await s.solveCluster(job.cluster, job.causes, job.dropped, job.eventIds ?? []);
    this.counts.solved++;
  }

  async report(): Promise<JobsReport> {
    const rows = await this.store.pool.query<{ name: string; state: string; n: number }>(
      'SELECT name, state, count(*)::int AS n FROM pgboss.job WHERE name = ANY($1) GROUP BY name, state',
      [[RESOLVE_QUEUE, DEAD_LETTER_QUEUE]],
    );
    const count = (name: string, ...states: string[]) =>
      rows.rows.filter((r) => r.name === name && states.includes(r.state)).reduce((a, r) => a + r.n, 0);
    return {
      queue: 'pg-boss',
      queued: count(RESOLVE_QUEUE, 'created', 'retry'),
      running: count(RESOLVE_QUEUE, 'active'),
      done: count(RESOLVE_QUEUE, 'completed'),
      failed: count(RESOLVE_QUEUE, 'failed'),
      dead_letter: count(DEAD_LETTER_QUEUE, 'created', 'retry', 'active'),
    };
  }

  get stats(): { solved: number; skipped: number } {
    return { ...this.counts };
  }

  private wakeWorkers(): void {
    for (const done of [...this.idlers]) done();
  }

  /** Stops taking jobs (the running ones finish) and ends the waits for other nodes' results. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const done of [...this.waits]) done();
    this.wakeWorkers();
    await Promise.all(this.loops);
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
  }
}
