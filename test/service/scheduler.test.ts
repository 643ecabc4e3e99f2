// The scheduler's coalescing contract on a fake clock: a burst on one cluster gives one solve,
// clusters are solved independently, a change during a solve gives exactly one more, and a burst
// that never pauses is still solved within maxWaitMs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scheduler, type Cause, type InputHashes } from '../../src/service/scheduler.js';

const DEBOUNCE = 75;
const MAX_WAIT = 2000;

/** Clusters whose desired-image hash is a counter; solves finish when the test says so. */
class World {
  readonly version = new Map<string, number>();
  readonly solved = new Map<string, InputHashes>();
  readonly solves: { cluster: string; causes: Cause[]; dropped: number; finish: () => void }[] = [];
  /** finish solves at once (else each waits for its finish()) */
  instant = true;

  readonly scheduler = new Scheduler(
    {
      currentHashes: (c) => this.hashes(c),
      solvedHashes: (c) => this.solved.get(c),
      solve: (cluster, causes, dropped) => {
        // Like the service: the result is for the inputs as they were when the solve started.
        const seen = this.hashes(cluster)!;
        return new Promise<void>((resolve) => {
          const finish = () => {
            this.solved.set(cluster, seen);
            resolve();
          };
          this.solves.push({ cluster, causes, dropped, finish });
          if (this.instant) finish();
        });
      },
    },
    { debounceMs: DEBOUNCE, maxWaitMs: MAX_WAIT },
  );

  hashes(cluster: string): InputHashes | undefined {
    const v = this.version.get(cluster);
    return v === undefined ? undefined : { depot: 'd', hcl: 'h', hosts: 'x', desired: String(v) };
  }

  /** A change of the cluster's inputs, reported to the scheduler. */
  change(cluster: string, n = 0): void {
    this.version.set(cluster, (this.version.get(cluster) ?? 0) + 1);
    this.scheduler.notify(cluster, { type: 'firmware_updated', cluster, event_id: n, at: '' });
  }

  count(cluster: string): number {
    return this.solves.filter((s) => s.cluster === cluster).length;
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
