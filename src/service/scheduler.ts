// Change-triggered re-solving (SPEC §3.6).
//
// The service tells the scheduler "cluster X may have changed, because of C". The scheduler
// compares the cluster's current input hashes with those its recommendation was computed from:
// equal → nothing to do (a no-op refresh, an event on a device class without HCL rules). Else it
// waits for the burst to end (a debounce window, restarted by each change but never longer than
// `maxWaitMs` after the first), then runs one solve. At most one solve per cluster is in flight;
// changes arriving meanwhile are gathered, and when the solve ends the hashes are compared again
// and, if they moved on, one more solve follows. So 1,000 events in a second on one cluster give
// one solve of that cluster, and other clusters are not touched at all.

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

export interface SchedulerHooks {
  /** current input hashes; undefined when the cluster cannot be solved (gone, or no depot/HCL) */
  currentHashes(cluster: string): InputHashes | undefined;
  /** the hashes of the stored recommendation (also of a failed one: no endless retries) */
  solvedHashes(cluster: string): InputHashes | undefined;
  /** solves the cluster's current inputs and stores the result; must not throw */
  solve(cluster: string, causes: Cause[], droppedCauses: number): Promise<void>;
}

export interface SchedulerOptions {
  debounceMs?: number;
  maxWaitMs?: number;
}

/** Causes kept per pending solve; the rest are counted. */
const MAX_CAUSES = 20;

interface ClusterState {
  timer: NodeJS.Timeout | undefined;
  firstAt: number | undefined;
  causes: Cause[];
  dropped: number;
  inflight: Promise<void> | undefined;
  force: boolean;
  waiters: (() => void)[];
}

export class Scheduler {
  private readonly states = new Map<string, ClusterState>();
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private closed = false;
  readonly stats = { solves: 0, skipped: 0 };
  /** solves per cluster, for tests and /api/stats */
  readonly solvesByCluster = new Map<string, number>();

  constructor(
    private readonly hooks: SchedulerHooks,
    opts: SchedulerOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 75;
    this.maxWaitMs = opts.maxWaitMs ?? 2000;
  }

  private state(cluster: string): ClusterState {
    let st = this.states.get(cluster);
    if (!st) {
      st = { timer: undefined, firstAt: undefined, causes: [], dropped: 0, inflight: undefined, force: false, waiters: [] };
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
    return st !== undefined && (st.timer !== undefined || st.inflight !== undefined);
  }

  /** The cluster's inputs may have changed. */
  notify(cluster: string, cause?: Cause): void {
    if (this.closed) return;
    const st = this.state(cluster);
    if (cause) {
      if (st.causes.length < MAX_CAUSES) st.causes.push(cause);
      else st.dropped++;
    }
    if (st.inflight) return; // looked at again when the running solve ends
    if (!st.force && this.upToDate(cluster)) {
      // Back where the recommendation was computed (or nothing changed): no solve.
      if (st.timer) clearTimeout(st.timer);
      st.timer = undefined;
      st.firstAt = undefined;
      st.causes = [];
      st.dropped = 0;
      this.settle(st);
      return;
    }
    this.schedule(cluster, st);
  }

  private schedule(cluster: string, st: ClusterState): void {
    const now = Date.now();
    st.firstAt ??= now;
    if (st.timer) clearTimeout(st.timer);
    const delay = Math.max(0, Math.min(this.debounceMs, st.firstAt + this.maxWaitMs - now));
    st.timer = setTimeout(() => this.fire(cluster), delay);
  }

  private fire(cluster: string): void {
    const st = this.state(cluster);
    st.timer = undefined;
    st.firstAt = undefined;
    if (this.closed || st.inflight) return;
    if (!st.force && this.upToDate(cluster)) {
      this.stats.skipped++;
      st.causes = [];
      st.dropped = 0;
      this.settle(st);
      return;
    }
    if (this.hooks.currentHashes(cluster) === undefined) {
      st.force = false;
      this.settle(st);
      return;
    }
    const causes = st.causes;
    const dropped = st.dropped;
    st.causes = [];
    st.dropped = 0;
    st.force = false;
    this.stats.solves++;
    this.solvesByCluster.set(cluster, (this.solvesByCluster.get(cluster) ?? 0) + 1);
    st.inflight = this.hooks
      .solve(cluster, causes, dropped)
      .catch(() => undefined)
      .finally(() => {
        st.inflight = undefined;
        if (this.closed) return this.settle(st);
        if (st.force || !this.upToDate(cluster)) this.schedule(cluster, st);
        else this.settle(st);
      });
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
    if (!st.inflight) {
      if (st.timer) clearTimeout(st.timer);
      this.fire(cluster);
    }
    return settled;
  }

  /** Resolves true once no solve is pending or running and the recommendation is current; false on timeout. */
  whenSettled(cluster: string, timeoutMs: number): Promise<boolean> {
    const st = this.state(cluster);
    const idle = () => st.timer === undefined && st.inflight === undefined && !st.force;
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
    if (st.timer) clearTimeout(st.timer);
    st.timer = undefined;
    st.force = false;
    this.settle(st);
    if (!st.inflight) this.states.delete(cluster);
  }

  /** Stops scheduling; resolves when the running solves have ended. */
  async close(): Promise<void> {
    this.closed = true;
    const running: Promise<void>[] = [];
    for (const st of this.states.values()) {
      if (st.timer) clearTimeout(st.timer);
      st.timer = undefined;
      if (st.inflight) running.push(st.inflight);
      this.settle(st);
    }
    await Promise.allSettled(running);
  }
}
