// Change-triggered re-solving (SPEC §3.6), with an adaptive coalescing window.
//
// The service tells the scheduler "cluster X may have changed, because of C". The scheduler
// compares the cluster's current input hashes with those its recommendation was computed from:
// equal → nothing to do (a no-op refresh, an event on a device class without HCL rules, a change
// undone). Else the cluster's re-solve goes through these phases:
//
//   waiting  a short window (`debounceMs`, 5 ms by default, restarted by each change of the
//            cluster) so that changes delivered together are solved together;
//   held     while the service as a whole is in a burst (below), the solve waits for the burst
//            to end;
//   ready    in a FIFO queue for a free solve slot (`concurrency`);
//   running  the solve; the cluster's inputs and causes are taken when it starts, not when it
//            was queued, so a cluster that waited through a burst is solved once with all of it.
//
// Why adaptive: a fixed window either delays every sparse event by its length or, if short,
// re-solves a cluster many times during a burst. Sparse events are solved after the tiny window;
// a burst is recognised by the ingest rate and then holds every pending solve until it is over.
//
// Burst: starts when the rate of changes, an exponentially decaying average over `RATE_TAU_MS`,
// reaches `burstRate` per second (about 13 changes at once: a batch of events, or a dozen
// single ones within a few ms). It ends when both `quietMs` passed since the last change and the
// rate fell below `burstRate / 2` — hysteresis, so that HTTP clients posting near `burstRate`,
// or batches up to about 100 ms apart, make one burst rather than a flickering series of them.
// That is ~0.1 s after a 10,000/s burst (25 ms · ln(10,000 / 250)), ~70 ms after a lone batch
// of 100. No change waits more than `maxWaitMs` (from the first change that made its cluster
// pending) before its solve is queued, however long the burst lasts.
//
// Superseded solves: a solve can start before a burst is recognised (its cluster's window ended
// in the first milliseconds). When it ends, the scheduler withdraws it if its cluster's inputs
// moved while it ran, a change of a burst came since it started, and its oldest change is less
// than `maxWaitMs` old: its result, stale already, is neither stored nor published (the service
// asks `withdraw()` before storing), and its causes and event ids go, ahead of the newer ones, to
// the cluster's next solve — which the burst holds until it ends.
//
// When solves are slower than changes come, without a burst, the ready queue coalesces: a queued
// cluster is solved once with everything that arrived while it waited, so solves never outnumber
// what the solvers can do. (Holding solves whenever they cannot keep up was tried: with events on
// few clusters it held solves that would have kept up, and cost steady-rate latency.)
//
// Guarantee, for a burst shorter than `maxWaitMs`: each cluster it touches has exactly one
// published solve that starts after the burst ended, and it includes every change of the cluster
// not published before. Before it, the cluster can have one more published solve only if that
// solve started before the burst was recognised and its cluster did not change again while it
// ran (its result was current when published); a cluster whose first change came after the burst
// was recognised is published exactly once. Every event id is in exactly one published solve
// (none if its change was undone before a solve began: then nothing needs solving).
// At most one solve per cluster runs at a time; outside bursts, changes arriving meanwhile lead
// to one more solve if the inputs really moved. Clusters not touched are not solved.

/** The content hashes a recommendation is computed from. */
export interface InputHashes {
  depot: string;
  hcl: string;
  /** the desired SoftwareSpec */
  desired: string;
  /** the hosts as the solver sees them: devices of classes without HCL rules left out */
  hosts: string;
}

export function sameHashes(a: InputHashes | undefined, b: InputHashes | undefined): boolean {
  return a !== undefined && b !== undefined && a.depot === b.depot && a.hcl === b.hcl && a.desired === b.desired && a.hosts === b.hosts;
}

/** What changed: carried to the SSE stream with the re-solve it caused. */
export interface Cause {
  type: string;
  cluster?: string;
  host?: string;
  device?: string;
  component?: string;
  event_id?: number;
  at: string;
}

/** What one solve covers: the causes (the first MAX_CAUSES), how many more, every event id. */
export interface SolveBatch {
  causes: Cause[];
  dropped: number;
  /** ids of all logged events whose changes the solve includes, in arrival order */
  eventIds: number[];
}

export interface SchedulerHooks {
  /** current input hashes; undefined when the cluster cannot be solved (gone, or no depot/HCL) */
  currentHashes(cluster: string): InputHashes | undefined;
  /** the hashes of the stored recommendation (also of a failed one: no endless retries) */
  solvedHashes(cluster: string): InputHashes | undefined;
  /**
   * Solves the cluster's current inputs, then stores and publishes the result; must not throw.
   * Before storing it asks `withdraw()`: true means the result is superseded (see the header),
   * its causes and event ids were handed to the next solve, and it must be neither stored nor
   * published. A solve routed elsewhere may ignore `withdraw`.
   */
  solve(cluster: string, causes: Cause[], droppedCauses: number, eventIds: number[], withdraw: () => boolean): Promise<void>;
}

export interface SchedulerOptions {
  /** window after a change outside a burst, restarted by each change of the cluster */
  debounceMs?: number;
  /** longest wait from a cluster's first pending change until its solve is queued */
  maxWaitMs?: number;
  /** changes per second from which the service is in a burst */
  burstRate?: number;
  /** a burst ends no sooner than this after its last change (and once its rate fell below burstRate / 2) */
  quietMs?: number;
  /** solves started at once; the rest wait in the ready queue */
  concurrency?: number;
}

export const SCHEDULER_DEFAULTS = { debounceMs: 5, maxWaitMs: 2000, burstRate: 500, quietMs: 20, concurrency: 4 } as const;

/**
 * Time constant of the rate average. Short, so a burst of 10,000/s is recognised after about a
 * dozen changes (1–2 ms, inside the first window: its clusters are held, not solved early); long
 * enough that a steady 100/s (2.5 changes per time constant) practically never reaches 500/s.
 */
const RATE_TAU_MS = 25;

/** Causes kept per pending solve; the rest are counted (event ids are all kept). */
const MAX_CAUSES = 20;

type Phase = 'idle' | 'waiting' | 'held' | 'ready' | 'running';

/** What a running solve took: given back to the cluster if its result is withdrawn. */
interface Taken {
  causes: Cause[];
  dropped: number;
  eventIds: number[];
  firstAt: number | undefined;
  startedAt: number;
  hashes: InputHashes;
  forced: boolean;
  withdrawn: boolean;
}

interface ClusterState {
  name: string;
  phase: Phase;
  timer: NodeJS.Timeout | undefined;
  /** when the first change not yet taken by a solve arrived */
  firstAt: number | undefined;
  causes: Cause[];
  dropped: number;
  eventIds: number[];
  inflight: Promise<void> | undefined;
  /** what the running solve took */
  taken: Taken | undefined;
  force: boolean;
  waiters: (() => void)[];
}

export class Scheduler {
  private readonly states = new Map<string, ClusterState>();
  private readonly opts: Required<SchedulerOptions>;
  private readonly held = new Set<ClusterState>();
  private readonly ready = new Set<ClusterState>();
  private running = 0;
  private burstTimer: NodeJS.Timeout | undefined;
  /** decaying average of changes per ms, as of `rateAt` */
  private rate = 0;
  private rateAt = 0;
  /** in a burst: set when the rate reaches burstRate, cleared after quietMs without a change */
  private bursting = false;
  private lastChangeAt = Number.NEGATIVE_INFINITY;
  /** when the last change counted during a burst came */
  private lastBurstChangeAt = Number.NEGATIVE_INFINITY;
  private lastCause: Cause | undefined;
  private closed = false;
  /** solves: started; superseded: of those, withdrawn (their results neither stored nor published) */
  readonly stats = { solves: 0, skipped: 0, held: 0, bursts: 0, superseded: 0 };
  /** solves per cluster whose results were kept (started and not withdrawn), for tests */
  readonly solvesByCluster = new Map<string, number>();

  constructor(
    private readonly hooks: SchedulerHooks,
    opts: SchedulerOptions = {},
  ) {
    this.opts = { ...SCHEDULER_DEFAULTS, ...opts };
  }

  private state(cluster: string): ClusterState {
    let st = this.states.get(cluster);
    if (!st) {
      st = {
        name: cluster,
        phase: 'idle',
        timer: undefined,
        firstAt: undefined,
        causes: [],
        dropped: 0,
        eventIds: [],
        inflight: undefined,
        taken: undefined,
        force: false,
        waiters: [],
      };
      this.states.set(cluster, st);
    }
    return st;
  }

  private upToDate(cluster: string): boolean {
    const cur = this.hooks.currentHashes(cluster);
    return cur === undefined || sameHashes(cur, this.hooks.solvedHashes(cluster));
  }

  /** Is a solve of the cluster scheduled or running? */
  busy(cluster: string): boolean {
    const st = this.states.get(cluster);
    return st !== undefined && st.phase !== 'idle';
  }

  // -- the burst detector ------------------------------------------------------------------------

  private countChange(now: number): void {
    const was = this.inBurst(now);
    this.rate = this.rate * Math.exp((this.rateAt - now) / RATE_TAU_MS) + 1 / RATE_TAU_MS;
    this.rateAt = now;
    this.lastChangeAt = now;
    if (this.currentRate(now) >= this.opts.burstRate) this.bursting = true;
    if (this.bursting) this.lastBurstChangeAt = now;
    // One that starts again before the end of the last was acted on (its solves still held: the
    // event loop was busy past the end) continues it.
    if (!was && this.bursting && this.held.size === 0) this.stats.bursts++;
  }

  /** Changes per second, decayed to `now`. */
  currentRate(now = Date.now()): number {
    return this.rate * Math.exp((this.rateAt - now) / RATE_TAU_MS) * 1000;
  }

  /**
   * Is the service in a burst of changes? A burst starts when the rate reaches `burstRate` and
   * ends once both `quietMs` passed without a change and the rate fell below half of
   * `burstRate` (hysteresis): neither a gap between the requests of many clients nor a dip of
   * the (noisy, 25 ms) rate in the middle of a burst may release the solves it holds. Changes
   * arriving in batches 50 ms apart, or one by one near `burstRate`, are one burst, not many.
   */
  inBurst(now = Date.now()): boolean {
    if (this.bursting && now >= this.burstEndsAt()) this.bursting = false;
    return this.bursting;
  }

  /** When the burst ends if no change comes. */
  private burstEndsAt(): number {
    const quiet = this.lastChangeAt + this.opts.quietMs;
    const floor = this.opts.burstRate / 2000; // changes per ms
    // rate · e^(−(t − rateAt)/τ) < floor  ⇔  t > rateAt + τ · ln(rate / floor)
    const decayed = this.rate > floor ? this.rateAt + RATE_TAU_MS * Math.log(this.rate / floor) : this.rateAt;
    return Math.max(quiet, decayed);
  }

  // -- phases ------------------------------------------------------------------------------------

  /** The cluster's inputs may have changed. */
  notify(cluster: string, cause?: Cause): void {
    if (this.closed) return;
    const now = Date.now();
    const st = this.state(cluster);
    if (cause) {
      // One change (a depot import) may concern every cluster: it counts once towards the rate.
      if (cause !== this.lastCause) this.countChange(now);
      this.lastCause = cause;
      if (st.causes.length < MAX_CAUSES) st.causes.push(cause);
      else st.dropped++;
      if (cause.event_id !== undefined) st.eventIds.push(cause.event_id);
      st.firstAt ??= now;
    }
    // Running, held or queued: the solve that follows takes this change with it.
    if (st.phase === 'running' || st.phase === 'held' || st.phase === 'ready') return;
    if (!st.force && this.upToDate(cluster)) {
      // Back where the recommendation was computed (or nothing changed): no solve.
      this.toIdle(st);
      return;
    }
    this.pend(st, now);
  }

  /** A pending change outside a solve: hold it during a burst, else (re)start its window. */
  private pend(st: ClusterState, now: number): void {
    st.firstAt ??= now;
    if (st.timer) clearTimeout(st.timer);
    st.timer = undefined;
    if (this.inBurst(now)) return this.hold(st);
    st.phase = 'waiting';
    const delay = Math.max(0, Math.min(this.opts.debounceMs, st.firstAt + this.opts.maxWaitMs - now));
    st.timer = setTimeout(() => this.windowEnded(st), delay);
  }

  private windowEnded(st: ClusterState): void {
    st.timer = undefined;
    if (this.closed || st.phase !== 'waiting') return;
    if (this.inBurst() && Date.now() < st.firstAt! + this.opts.maxWaitMs) this.hold(st);
    else this.enqueue(st);
  }

  private hold(st: ClusterState): void {
    st.phase = 'held';
    this.held.add(st);
    this.stats.held++;
    if (!this.burstTimer) this.armBurstTick(Date.now());
  }

  /** Next look: when the burst ends if no change comes, and at least every `quietMs`. */
  private armBurstTick(now: number): void {
    const delay = Math.max(1, Math.min(this.opts.quietMs, Math.ceil(this.burstEndsAt() - now)));
    this.burstTimer = setTimeout(() => this.burstTick(), delay);
  }

  /** While solves are held: release all once the burst is over, else the overdue. */
  private burstTick(): void {
    this.burstTimer = undefined;
    if (this.closed) return;
    const now = Date.now();
    const over = !this.inBurst(now);
    for (const st of this.held) {
      if (over || now >= st.firstAt! + this.opts.maxWaitMs) {
        this.held.delete(st);
        this.enqueue(st);
      }
    }
    if (this.held.size) this.armBurstTick(now);
  }

  private enqueue(st: ClusterState): void {
    st.phase = 'ready';
    this.ready.add(st);
    this.pump();
  }

  private pump(): void {
    while (this.running < this.opts.concurrency && this.ready.size && !this.closed) {
      const st = this.ready.values().next().value!;
      this.ready.delete(st);
      this.start(st);
    }
  }

  private toIdle(st: ClusterState): void {
    if (st.timer) clearTimeout(st.timer);
    st.timer = undefined;
    this.held.delete(st);
    this.ready.delete(st);
    st.phase = 'idle';
    st.firstAt = undefined;
    st.causes = [];
    st.dropped = 0;
    st.eventIds = [];
    this.settle(st);
  }

  /** Starts the solve now (whatever its phase was), unless there is nothing to solve. */
  private start(st: ClusterState): void {
    const cluster = st.name;
    if (!st.force && this.upToDate(cluster)) {
      this.stats.skipped++;
      return this.toIdle(st);
    }
    const hashes = this.hooks.currentHashes(cluster);
    if (hashes === undefined) {
      st.force = false;
      return this.toIdle(st);
    }
    if (st.timer) clearTimeout(st.timer);
    st.timer = undefined;
    this.held.delete(st);
    this.ready.delete(st);
    const { causes, dropped, eventIds } = st;
    const taken: Taken = {
      causes,
      dropped,
      eventIds,
      firstAt: st.firstAt,
      startedAt: Date.now(),
      hashes,
      forced: st.force,
      withdrawn: false,
    };
    st.taken = taken;
    st.causes = [];
    st.dropped = 0;
    st.eventIds = [];
    st.firstAt = undefined;
    st.force = false;
    st.phase = 'running';
    this.running++;
    this.stats.solves++;
    this.solvesByCluster.set(cluster, (this.solvesByCluster.get(cluster) ?? 0) + 1);
    st.inflight = this.hooks
      .solve(cluster, causes, dropped, eventIds, () => this.withdraw(st, taken))
      .catch(() => undefined)
      .finally(() => {
        st.inflight = undefined;
        st.taken = undefined;
        this.running--;
        st.phase = 'idle';
        if (this.closed) return this.settle(st);
        if (st.force || !this.upToDate(cluster)) this.pend(st, Date.now());
        else this.toIdle(st);
        this.pump();
      });
  }

  /**
   * Called by the solve as it ends, before it stores anything: is its result superseded? It is
   * when the cluster's inputs moved while it ran, during a burst (so another solve of the cluster
   * follows the burst anyway), and its oldest change waited less than `maxWaitMs` (so a burst
   * that never ends still gets results out). Then what it took is given back, ahead of the
   * changes that came since: the next solve covers all of it, and no event id is lost.
   */
  private withdraw(st: ClusterState, taken: Taken): boolean {
    if (this.closed || taken.withdrawn || taken.forced || st.taken !== taken) return false;
    const now = Date.now();
    if (this.lastBurstChangeAt < taken.startedAt) return false;
    if (now >= (taken.firstAt ?? taken.startedAt) + this.opts.maxWaitMs) return false;
    const cur = this.hooks.currentHashes(st.name);
    if (cur === undefined || sameHashes(cur, taken.hashes)) return false;
    taken.withdrawn = true;
    const causes = [...taken.causes, ...st.causes];
    st.causes = causes.slice(0, MAX_CAUSES);
    st.dropped = taken.dropped + st.dropped + (causes.length - st.causes.length);
    st.eventIds = [...taken.eventIds, ...st.eventIds];
    st.firstAt = taken.firstAt ?? st.firstAt ?? taken.startedAt;
    this.stats.superseded++;
    this.solvesByCluster.set(st.name, this.solvesByCluster.get(st.name)! - 1);
    return true;
  }

  private settle(st: ClusterState): void {
    const waiters = st.waiters;
    st.waiters = [];
    for (const w of waiters) w();
  }

  /** Solves now, even when the inputs did not change (`?action=generate`), and waits for it. */
  async generate(cluster: string, timeoutMs: number): Promise<boolean> {
    const st = this.state(cluster);
    st.force = true;
    const settled = this.whenSettled(cluster, timeoutMs);
    // Someone waits for it: it skips the window, the burst hold and the queue.
    if (st.phase !== 'running') this.start(st);
    return settled;
  }

  /** Resolves true once no solve is pending or running and the recommendation is current; false on timeout. */
  whenSettled(cluster: string, timeoutMs: number): Promise<boolean> {
    const st = this.state(cluster);
    const idle = () => st.phase === 'idle' && !st.force;
    if (idle() && this.upToDate(cluster)) return Promise.resolve(true);
    if (idle()) this.notify(cluster); // stale but nothing scheduled (e.g. right after a restart)
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        st.waiters = st.waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(this.upToDate(cluster) || this.hooks.currentHashes(cluster) === undefined);
      };
      st.waiters.push(done);
    });
  }

  /** The cluster was deleted: drop what was pending for it. */
  forget(cluster: string): void {
    const st = this.states.get(cluster);
    if (!st) return;
    st.force = false;
    if (st.phase === 'running') return this.settle(st); // kept: its end finds the cluster gone
    this.toIdle(st);
    this.states.delete(cluster);
  }

  /** Stops scheduling; resolves when the running solves have ended. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.burstTimer) clearTimeout(this.burstTimer);
    this.burstTimer = undefined;
    const running: Promise<void>[] = [];
    for (const st of this.states.values()) {
      if (st.timer) clearTimeout(st.timer);
      st.timer = undefined;
      if (st.inflight) running.push(st.inflight);
      this.settle(st);
    }
    this.held.clear();
    this.ready.clear();
    await Promise.allSettled(running);
  }
}
