// Two nodes on one PostgreSQL (started for this file), in one process: what one node writes the
// other reads, every re-solve reaches both nodes' subscribers, re-solves go through the shared
// queue, and concurrent accepts on both nodes let exactly one win per revision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaleOut } from '../../src/service/scale-out.js';
import { StrataService, type ServiceEvent, type ServiceOptions } from '../../src/service/service.js';
import { requirePostgres, TestPostgres } from '../support/postgres.js';
import { client, loadWorldOverApi, repoWorld, slots } from '../api/helpers.js';

const enabled = requirePostgres('scale-out.test.ts');
let server: TestPostgres | undefined;
beforeAll(async () => {
  if (enabled) server = await TestPostgres.start();
}, 60_000);
afterAll(async () => server?.destroy());

async function node(
  url: string,
  role: 'all' | 'api' | 'solver' = 'all',
  timing: Partial<ServiceOptions> = { debounceMs: 30, maxWaitMs: 2000 },
) {
  const nodes = scaleOut({ role, solveTimeoutMs: 30_000, concurrency: 1 });
  const service = await StrataService.open({ dataDir: ':memory:', store: url, threads: 0, ...timing }, nodes.prepare);
  const events: ServiceEvent[] = [];
  service.subscribe((e) => events.push(e));
  return {
    service,
    c: client(service),
    events,
    queue: nodes.queue()!,
    close: async () => {
      await nodes.queue()?.stop();
      await service.close();
    },
  };
}

describe.skipIf(!enabled)('two nodes on one PostgreSQL', () => {
  it('share state, events, re-solves and the revision check', async () => {
    const url = await server!.createDatabase();
    const a = await node(url);
    const b = await node(url, 'api');
    try {
      const w = repoWorld('dell-r750');
      const name = w.cluster.name as string;
      await loadWorldOverApi(a.c, w);
      // Written through a, read through b.
      await expect.poll(async () => (await b.c.get(`/api/clusters/${name}`)).status, { timeout: 10_000 }).toBe(200);
      expect(await (await b.c.get(`/api/clusters/${name}`)).json()).toMatchObject({ name, desired: w.cluster.desired });
      // The re-solve (by a, the only solver) reaches b's subscribers, fresh.
      const viaB = await (await b.c.get(`/api/clusters/${name}/software/recommendations?wait=20000`)).json();
      expect(viaB.stale).toBe(false);
      expect(viaB.status).toBe('READY');
      await expect.poll(() => b.events.some((e) => e.type === 'recommendations' && e.cluster === name), { timeout: 10_000 }).toBe(true);
      // polled: the solver stores (and b sees) the recommendation just before it counts the job
      await expect.poll(() => a.queue.stats.solved, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      expect(b.queue.stats.solved).toBe(0); // api role: queues, never solves

      // 2 nodes x 200 concurrent accepts based on one revision: exactly one wins.
      const sw = await a.c.get(`/api/clusters/${name}/software`);
      const tag = sw.headers.get('etag')!;
      const rec = await (await a.c.get(`/api/clusters/${name}/software/recommendations`)).json();
      const slot = (['latest', 'current_series', 'same_base'] as const).find((s) => rec[s] !== null);
      expect(slot).toBeDefined();
      const tries = [a, b].flatMap((n) =>
        Array.from({ length: 200 }, () =>
          n.c.post(`/api/clusters/${name}/software/recommendations/${slot}?action=accept`, undefined, { 'if-match': tag }),
        ),
      );
      const statuses = await Promise.all(tries.map(async (p) => (await p).status));
      const counts: Record<number, number> = {};
      for (const st of statuses) counts[st] = (counts[st] ?? 0) + 1;
      expect(counts[200]).toBe(1);
      expect((counts[412] ?? 0) + (counts[409] ?? 0)).toBe(399);
      // An event posted to b is solved by a and shows on both streams.
      const before = a.events.filter((e) => e.type === 'recommendations').length;
      const host = w.cluster.hosts[0];
      const dev = host.devices[0];
      const ev = await b.c.post('/api/events', {
        type: 'firmware_updated',
        cluster: name,
        host: host.name,
        device: dev.id,
        version: '99.1',
      });
      expect(ev.status).toBe(202);
      await expect.poll(() => a.events.filter((e) => e.type === 'recommendations').length, { timeout: 20_000 }).toBeGreaterThan(before);
      const fresh = async (n: typeof a) =>
        (await (await n.c.get(`/api/clusters/${name}/software/recommendations?wait=20000`)).json()).stale;
      await expect.poll(() => fresh(a), { timeout: 20_000 }).toBe(false);
      await expect.poll(() => fresh(b), { timeout: 20_000 }).toBe(false);
      const jobs = await (await a.c.get('/api/jobs')).json();
      expect(jobs).toMatchObject({ queue: 'pg-boss', failed: 0, dead_letter: 0 });
      expect(jobs.done).toBeGreaterThanOrEqual(2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 120_000);

  it('a burst of 10,000 events across both nodes: one re-solve per affected cluster, equal to one node', async () => {
    const url = await server!.createDatabase();
    // A window long enough that a stall of this busy test process (posting from 16 loops while two
    // nodes and PostgreSQL share the cores) cannot end the burst half-way.
    const timing = { debounceMs: 3_000, maxWaitMs: 120_000, quietMs: 3_000, burstRate: 50 };
    const a = await node(url, 'all', timing);
    const b = await node(url, 'all', timing);
    try {
      const w = repoWorld('dell-r750');
      await loadWorldOverApi(a.c, w);
      const names = ['burst-0', 'burst-1', 'quiet'];
      for (const name of names) expect((await a.c.put(`/api/clusters/${name}`, { ...w.cluster, name })).status).toBe(201);
      for (const name of names) expect((await b.c.get(`/api/clusters/${name}/software/recommendations?wait=30000`)).status).toBe(200);
      await expect
        .poll(async () => (await (await a.c.get('/api/jobs')).json()).queued + (await (await a.c.get('/api/jobs')).json()).running)
        .toBe(0);
      const solvedBefore = a.queue.stats.solved + b.queue.stats.solved;
      const host = w.cluster.hosts[0];
      const dev = host.devices[0];
      const started = performance.now();
      let next = 0;
      const post = async () => {
        while (next < 10_000) {
          const i = next++;
          const n = i % 2 ? a : b;
          const cluster = names[i % 4 === 3 ? 1 : 0]!;
          const res = await n.c.post('/api/events', {
            type: 'firmware_updated',
            cluster,
            host: host.name,
            device: dev.id,
            version: `9.${i % 7}`,
          });
          expect(res.status).toBe(202);
        }
      };
      await Promise.all(Array.from({ length: 16 }, post));
      const seconds = (performance.now() - started) / 1000;
      console.log(`burst: 10000 events in ${seconds.toFixed(1)} s over 2 nodes (${Math.round(10_000 / seconds)} events/s)`);
      for (const n of [a, b]) {
        for (const name of names) {
          await expect
            .poll(async () => (await (await n.c.get(`/api/clusters/${name}/software/recommendations?wait=20000`)).json()).stale, {
              timeout: 60_000,
            })
            .toBe(false);
        }
      }
      expect(a.queue.stats.solved + b.queue.stats.solved - solvedBefore).toBe(2); // burst-0 and burst-1, once each
      // Results equal what a single SQLite node computes from the same final state.
      const single = await StrataService.open({ dataDir: ':memory:', threads: 0, debounceMs: 5, maxWaitMs: 100 });
      try {
        const one = client(single);
        await loadWorldOverApi(one, w);
        for (const name of names) {
          const cluster = await (await a.c.get(`/api/clusters/${name}`)).json();
          expect((await one.put(`/api/clusters/${name}`, cluster)).status).toBeLessThan(300);
          const expected = await (await one.get(`/api/clusters/${name}/software/recommendations?wait=20000`)).json();
          for (const n of [a, b]) {
            const got = await (await n.c.get(`/api/clusters/${name}/software/recommendations`)).json();
            expect(slots(got)).toEqual(slots(expected));
          }
        }
      } finally {
        await single.close();
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 300_000);
});
