// The scheduler's coalescing contract on a fake clock: a burst on one cluster gives one solve,
// clusters are solved independently, a change during a solve gives exactly one more, and a burst
// that never pauses is still solved within maxWaitMs. Then the adaptive policy with its defaults:
// sparse changes are solved after the tiny window; a burst of 10,000 changes in one second — one
// by one, in batches, or near the burst rate with gaps — is held until it ends and each cluster's
// result is kept once (a solve started before the burst was recognised is withdrawn), with every
// event id in exactly one kept solve.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SCHEDULER_DEFAULTS, Scheduler, type Cause, type InputHashes, type SchedulerOptions } from '../../src/service/scheduler.js';

const DEBOUNCE = 75;
const MAX_WAIT = 2000;

/** Clusters whose desired-image hash is a counter; solves finish when the test says so. */
class World {
  readonly version = new Map<string, number>();
  readonly solved = new Map<string, InputHashes>();
  /** every solve started; `withdrawn` once its result was superseded (the service then keeps nothing) */
  readonly solves: {
    cluster: string;
    causes: Cause[];
    dropped: number;
    eventIds: number[];
    at: number;
    finish: () => void;
    withdrawn: boolean;
  }[] = [];
  /** finish solves at once (else each waits for its finish()) */
  instant = true;
  /** when set (and not instant), each solve finishes this long after it started */
  solveTime: number | undefined;
  readonly scheduler: Scheduler;

  constructor(opts: SchedulerOptions = { debounceMs: DEBOUNCE, maxWaitMs: MAX_WAIT }) {
    this.scheduler = new Scheduler(
      {
        currentHashes: (c) => this.hashes(c),
        solvedHashes: (c) => this.solved.get(c),
        solve: (cluster, causes, dropped, eventIds, withdraw) => {
          // Like the service: the result is for the inputs as they were when the solve started,
          // and is kept unless the scheduler withdraws it as it ends.
          const seen = this.hashes(cluster)!;
          return new Promise<void>((resolve) => {
            const solve = { cluster, causes, dropped, eventIds, at: Date.now(), finish: () => {}, withdrawn: false };
            solve.finish = () => {
              if (withdraw()) solve.withdrawn = true;
              else this.solved.set(cluster, seen);
              resolve();
            };
            const finish = solve.finish;
            this.solves.push(solve);
            if (this.instant) finish();
            else if (this.solveTime !== undefined) setTimeout(finish, this.solveTime);
          });
        },
      },
      opts,
    );
  }

  hashes(cluster: string): InputHashes | undefined {
    const v = this.version.get(cluster);
    return v === undefined ? undefined : { depot: 'd', hcl: 'h', hosts: 'x', desired: String(v) };
  }

  /** A change of the cluster's inputs, reported to the scheduler. */
  change(cluster: string, n = 0): void {
    this.version.set(cluster, (this.version.get(cluster) ?? 0) + 1);
    this.scheduler.notify(cluster, { type: 'firmware_updated', cluster, event_id: n, at: '' });
  }

  /** the solves of the cluster whose results were kept (published, in the service) */
  count(cluster: string): number {
    return this.kept().filter((s) => s.cluster === cluster).length;
  }

  kept() {
    return this.solves.filter((s) => !s.withdrawn);
  }
}

let world: World;
beforeEach(() => {
  vi.useFakeTimers();
  world = new World();
  for (const c of ['a', 'b']) {
    world.version.set(c, 0);
    world.solved.set(c, world.hashes(c)!); // both up to date at the start
  }
});
afterEach(async () => {
  await world.scheduler.close();
  vi.useRealTimers();
});

describe('Scheduler coalescing', () => {
  it('gives one solve for a burst on one cluster inside the window', async () => {
    for (let i = 0; i < 100; i++) {
      world.change('a', i);
      await vi.advanceTimersByTimeAsync(DEBOUNCE / 5); // each change restarts the window
    }
    expect(world.solves).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(DEBOUNCE);
    expect(world.solves).toHaveLength(1);
    const [solve] = world.solves;
    // 100 causes: the first 20 kept, the rest counted.
    expect(solve!.causes).toHaveLength(20);
    expect(solve!.dropped).toBe(80);
    expect(solve!.causes.map((c) => c.event_id)).toEqual([...Array(20).keys()]);
    expect(solve!.eventIds).toEqual([...Array(100).keys()]); // ids are never dropped
    await vi.advanceTimersByTimeAsync(10 * MAX_WAIT);
    expect(world.solves).toHaveLength(1);
    expect(world.count('b')).toBe(0);
  });

  it('gives two solves for events on two clusters, one each', async () => {
    for (let i = 0; i < 50; i++) {
      world.change(i % 2 === 0 ? 'a' : 'b', i);
      await vi.advanceTimersByTimeAsync(1);
    }
    await vi.advanceTimersByTimeAsync(10 * MAX_WAIT);
    expect({ a: world.count('a'), b: world.count('b') }).toEqual({ a: 1, b: 1 });
  });

  it('gives exactly one more solve for events during a running solve', async () => {
    world.instant = false;
    world.change('a');
    await vi.advanceTimersByTimeAsync(DEBOUNCE);
    expect(world.solves).toHaveLength(1);
    expect(world.scheduler.busy('a')).toBe(true);
    for (let i = 0; i < 30; i++) {
      world.change('a', i);
      await vi.advanceTimersByTimeAsync(DEBOUNCE * 3); // long gaps: still nothing while one runs
    }
    expect(world.solves).toHaveLength(1);
    world.instant = true;
    world.solves[0]!.finish();
    await vi.advanceTimersByTimeAsync(10 * MAX_WAIT);
    expect(world.solves).toHaveLength(2);
    expect(world.solves[1]!.causes.map((c) => c.event_id)).toEqual([...Array(20).keys()]);
    expect(world.solved.get('a')).toEqual(world.hashes('a'));
    expect(world.scheduler.busy('a')).toBe(false);
  });

  it('gives no solve when a change is undone inside the window', async () => {
    world.change('a');
    world.version.set('a', 0);
    world.scheduler.notify('a');
    await vi.advanceTimersByTimeAsync(10 * MAX_WAIT);
    expect(world.solves).toHaveLength(0);
  });

  it('solves a burst that never pauses within maxWaitMs of its first event', async () => {
    const start = Date.now();
    let firstSolveAt: number | undefined;
    for (let t = 0; t < 3 * MAX_WAIT; t += DEBOUNCE / 3) {
      world.change('a');
      await vi.advanceTimersByTimeAsync(DEBOUNCE / 3);
      if (firstSolveAt === undefined && world.solves.length > 0) firstSolveAt = Date.now();
    }
    expect(firstSolveAt).toBeDefined();
    expect(firstSolveAt! - start).toBeLessThanOrEqual(MAX_WAIT + DEBOUNCE / 3);
    expect(world.solves.length).toBeGreaterThanOrEqual(2);
    expect(world.solves.length).toBeLessThanOrEqual(4);
  });
});

describe('Scheduler adaptive window (defaults)', () => {
  const { debounceMs, quietMs, maxWaitMs, burstRate } = SCHEDULER_DEFAULTS;
  /** How long after its last change a burst of `peak` changes/s ends: its rate falls below half the burst rate. */
  const burstTail = (peak: number) => Math.max(quietMs, Math.ceil(25 * Math.log(peak / (burstRate / 2)))) + 1;
  let w: World;
  const clusters = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);
  const fresh = (opts: SchedulerOptions, n: number) => {
    w = new World(opts);
    for (const c of clusters(n)) {
      w.version.set(c, 0);
      w.solved.set(c, w.hashes(c)!);
    }
  };
  beforeEach(() => fresh({}, 100));
  afterEach(async () => {
    await w.scheduler.close();
  });

  /** For each event id, the kept solve that included it (each must be in exactly one). */
  function coverage(): Map<number, number> {
    const by = new Map<number, number>();
    w.kept().forEach((s, i) => {
      for (const id of s.eventIds) {
        expect(by.has(id), `event ${id} in two solves`).toBe(false);
        by.set(id, i);
      }
    });
    return by;
  }

  it('solves a sparse change after the tiny window, not the old 75 ms', async () => {
    w.change('c0', 1);
    await vi.advanceTimersByTimeAsync(debounceMs - 1);
    expect(w.solves).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.solves).toHaveLength(1);
    expect(w.solves[0]!.eventIds).toEqual([1]);
  });

  it('keeps every change of a steady 100/s within the window of its solve, never seeing a burst', async () => {
    const postedAt = new Map<number, number>();
    // 100 changes per second for 5 s over 10 clusters, with uneven gaps (1–19 ms).
    for (let id = 0; id < 500; id++) {
      w.change(`c${id % 10}`, id);
      postedAt.set(id, Date.now());
      await vi.advanceTimersByTimeAsync(1 + ((id * 7) % 19));
    }
    await vi.advanceTimersByTimeAsync(maxWaitMs);
    const by = coverage();
    expect(by.size).toBe(500);
    const kept = w.kept();
    for (const [id, i] of by) expect(kept[i]!.at - postedAt.get(id)!).toBeLessThanOrEqual(debounceMs);
    expect(w.scheduler.stats.bursts).toBe(0);
  });

  it('solves each cluster once after a burst of 10,000 changes in one second, losing none', async () => {
    const start = Date.now();
    // 10 changes per ms over 100 clusters: each cluster changes every 10 ms for 1 s.
    for (let id = 0; id < 10_000; id++) {
      w.change(`c${(id * 37) % 100}`, id);
      if (id % 10 === 9) await vi.advanceTimersByTimeAsync(1);
    }
    const end = Date.now();
    expect(w.solves).toHaveLength(0); // held while the burst lasts
    await vi.advanceTimersByTimeAsync(burstTail(10_000));
    expect(w.scheduler.stats.bursts).toBe(1);
    for (const c of clusters(100)) expect(w.count(c), c).toBe(1);
    expect(w.solves).toHaveLength(100); // none withdrawn: none started early
    for (const s of w.solves) expect(s.at - end).toBeLessThanOrEqual(burstTail(10_000));
    expect(coverage().size).toBe(10_000);
    for (const c of clusters(100)) expect(w.solved.get(c)).toEqual(w.hashes(c));
    expect(end - start).toBeLessThan(maxWaitMs);
  });

  // Batches up to about 100 ms apart are one burst; farther apart (4 of 2,500, 250 ms apart) they are several.
  it.each([
    [20, 500],
    [10, 1000],
  ])('solves each cluster once after 10,000 changes in one second as %i batches of %i, losing none', async (batches, size) => {
    const gap = 1000 / batches;
    let id = 0;
    for (let b = 0; b < batches; b++) {
      // a batch arrives in one go (POST /api/events with an array): no time passes within it
      for (let k = 0; k < size; k++, id++) w.change(`c${(id * 37) % 100}`, id);
      if (b < batches - 1) await vi.advanceTimersByTimeAsync(gap);
    }
    expect(w.solves).toHaveLength(0); // the gaps between batches did not end the burst
    // the rate right after the last batch: each adds size/τ, decayed by e^(−gap/τ) until the next
    await vi.advanceTimersByTimeAsync(burstTail((size * 1000) / 25 / (1 - Math.exp(-gap / 25))));
    expect(w.scheduler.stats.bursts).toBe(1);
    for (const c of clusters(100)) expect(w.count(c), c).toBe(1);
    expect(coverage().size).toBe(10_000);
  });

  it('keeps one burst when changes come near the burst rate in clumps with gaps longer than quietMs', async () => {
    fresh({}, 20);
    // What many HTTP clients look like: 20 changes at once every 25 ms (800/s) for 1 s.
    let id = 0;
    for (let t = 0; t < 40; t++) {
      for (let k = 0; k < 20; k++, id++) w.change(`c${id % 20}`, id);
      await vi.advanceTimersByTimeAsync(25);
    }
    await vi.advanceTimersByTimeAsync(burstTail(2000));
    expect(w.scheduler.stats.bursts).toBe(1);
    for (const c of clusters(20)) expect(w.count(c), c).toBe(1);
    expect(coverage().size).toBe(id);
  });

  it('withdraws solves started before the burst was recognised: each cluster is published once', async () => {
    fresh({ concurrency: 2 }, 20);
    w.instant = false;
    // 1 change per 2 ms for 20 ms (below the burst rate), then 5 per ms for 300 ms, over 20 clusters.
    let id = 0;
    for (; id < 10; id++) {
      w.change(`c${id % 20}`, id);
      await vi.advanceTimersByTimeAsync(2);
    }
    for (let t = 0; t < 300; t++) {
      for (let k = 0; k < 5; k++, id++) w.change(`c${id % 20}`, id);
      await vi.advanceTimersByTimeAsync(1);
    }
    const early = [...w.solves];
    expect(early.length).toBeGreaterThan(0); // the slow start was solved before the burst was recognised
    expect(early.length).toBeLessThanOrEqual(2); // ... two at a time: the concurrency
    expect(w.scheduler.stats.held).toBeGreaterThan(0);
    w.instant = true;
    for (const s of early) s.finish(); // they end in the burst, with their inputs moved on
    expect(early.every((s) => s.withdrawn)).toBe(true);
    expect(w.scheduler.stats.superseded).toBe(early.length);
    await vi.advanceTimersByTimeAsync(burstTail(5000));
    for (const c of clusters(20)) {
      expect(w.count(c), c).toBe(1);
      expect(w.solved.get(c)).toEqual(w.hashes(c));
    }
    // the withdrawn solves' events are in the kept ones, ahead of the later ones
    expect(coverage().size).toBe(id);
    for (const s of early) {
      const kept = w.kept().find((k) => k.cluster === s.cluster)!;
      expect(kept.eventIds.slice(0, s.eventIds.length)).toEqual(s.eventIds);
    }
  });

  it('does not withdraw a solve when the change during it came outside a burst', async () => {
    w.instant = false;
    w.change('c0', 1);
    await vi.advanceTimersByTimeAsync(debounceMs);
    expect(w.solves).toHaveLength(1);
    w.change('c0', 2);
    w.instant = true;
    w.solves[0]!.finish();
    await vi.advanceTimersByTimeAsync(debounceMs);
    expect(w.solves.map((s) => [s.eventIds, s.withdrawn])).toEqual([
      [[1], false],
      [[2], false],
    ]);
  });

  it('with solves slower than the changes, coalesces in the ready queue: no more solves than the solvers can do', async () => {
    fresh({ concurrency: 2 }, 10);
    w.instant = false;
    w.solveTime = 200;
    // 40 changes/s (no burst) for 2 s over 10 clusters; 2 solves of 200 ms at a time do 10/s.
    for (let id = 0; id < 80; id++) {
      w.change(`c${id % 10}`, id);
      await vi.advanceTimersByTimeAsync(25);
    }
    await vi.advanceTimersByTimeAsync(5 * maxWaitMs);
    expect(w.scheduler.stats.bursts).toBe(0);
    expect(w.solves.length).toBeLessThanOrEqual(2 * (2000 / 200) + 10);
    expect(coverage().size).toBe(80);
    for (const c of clusters(10)) expect(w.solved.get(c)).toEqual(w.hashes(c));
  });

  it('still solves within maxWaitMs during a burst that never ends', async () => {
    const start = Date.now();
    let id = 0;
    while (w.solves.length === 0 && Date.now() - start < 2 * maxWaitMs) {
      for (let k = 0; k < 10; k++, id++) w.change(`c${id % 50}`, id);
      await vi.advanceTimersByTimeAsync(1);
    }
    expect(Date.now() - start).toBeLessThanOrEqual(maxWaitMs + quietMs);
  });

  it('keeps a result within maxWaitMs plus a solve of the first change during a burst that never ends', async () => {
    const SOLVE = 100;
    fresh({}, 4);
    w.instant = false;
    w.solveTime = SOLVE;
    const start = Date.now();
    // a slow start, so the first solves begin before the burst is recognised, then 10 changes/ms
    let id = 0;
    for (; id < 4; id++) {
      w.change(`c${id}`, id);
      await vi.advanceTimersByTimeAsync(3);
    }
    const firstKept = new Map<string, number>();
    while (Date.now() - start < 3 * maxWaitMs) {
      for (let k = 0; k < 10; k++, id++) w.change(`c${id % 4}`, id);
      await vi.advanceTimersByTimeAsync(1);
      for (const s of w.kept()) if (!firstKept.has(s.cluster)) firstKept.set(s.cluster, Date.now());
    }
    expect(w.scheduler.stats.superseded).toBeGreaterThan(0); // the early ones
    for (const c of clusters(4)) {
      expect(firstKept.get(c)! - start, c).toBeLessThanOrEqual(maxWaitMs + quietMs + SOLVE + 12);
      expect(w.count(c), c).toBeGreaterThanOrEqual(2);
    }
  });
});
