// Batches of change events (POST /api/events with a JSON array or JSON Lines): 10,000 events in a
// burst over 20 clusters give one published re-solve per cluster, and every acknowledged event id
// is in the `event_ids` of exactly one of them; a batch is all or none, its errors naming the event.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceEvent, StrataService } from '../../src/service/service.js';
import { client, expectOnceEach, loadWorldOverApi, makeService, world, type Client, type Published } from './helpers.js';

const CLUSTERS = 20;
const EVENTS = 10_000;
const BATCH = 1000;

let service: StrataService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

type Ack = { id: number; cluster: string; affects_recommendation: boolean };

async function setUp(opts: Parameters<typeof makeService>[0], n: number): Promise<{ s: StrataService; c: Client; names: string[] }> {
  service = await makeService(opts);
  const s = service;
  const c = client(s);
  const w = world('world-a');
  await loadWorldOverApi(c, w);
  const names = Array.from({ length: n }, (_, i) => `batch-${i}`);
  for (const name of names) expect((await c.put(`/api/clusters/${name}`, { ...w.cluster, name })).status).toBe(201);
  // every cluster's first solve done (the world's own too), so the burst's re-solves are all that follow
  for (const name of [w.cluster.name, ...names]) {
    expect((await (await c.get(`/api/clusters/${name}/software/recommendations?wait=60000`)).json()).stale).toBe(false);
  }
  return { s, c, names };
}

const firmware = (cluster: string, version: string) => ({ type: 'firmware_updated', cluster, host: 'esx-02', device: 'dev1', version });

describe('batches of events', () => {
  it(`re-solves each of ${CLUSTERS} clusters once for ${EVENTS} events in batches of ${BATCH} and covers every event id`, async () => {
    // Default window and burst rate; a long quiet period so that a stall of the loaded test
    // process between two batches cannot end the burst (the timing is tested on a fake clock).
    const { s, c, names } = await setUp({ debounceMs: 5, burstRate: 500, quietMs: 1000, maxWaitMs: 60_000 }, CLUSTERS);
    const before = new Map(s.scheduler.solvesByCluster);
    const published: Published[] = [];
    s.subscribe((e) => {
      if (e.type === 'recommendations') published.push(e);
    });

    const acked = new Map<number, string>();
    let lastId = 0;
    const started = performance.now();
    for (let b = 0; b < EVENTS / BATCH; b++) {
      const events = Array.from({ length: BATCH }, (_, k) => {
        const i = b * BATCH + k;
        return firmware(names[(i * 7) % CLUSTERS]!, `30.${i}`);
      });
      // every other batch as JSON Lines
      const res =
        b % 2 === 0
          ? await c.post('/api/events', events)
          : await c.post('/api/events', events.map((e) => JSON.stringify(e)).join('\n'), { 'content-type': 'application/x-ndjson' });
      expect(res.status).toBe(202);
      const acks = (await res.json()) as Ack[];
      expect(acks).toHaveLength(BATCH);
      acks.forEach((a, k) => {
        expect(a.cluster).toBe(events[k]!.cluster);
        expect(a.affects_recommendation).toBe(true);
        expect(a.id).toBeGreaterThan(lastId); // ids follow the events' order
        lastId = a.id;
        acked.set(a.id, a.cluster);
      });
    }
    const ingestMs = performance.now() - started;
    expect(acked.size).toBe(EVENTS);

    await expectOnceEach(s, c, names, before, published, acked);
    // the hosts are those of the last event of each cluster
    for (const name of names) {
      const last = [...acked].filter(([, k]) => k === name).length;
      expect(last).toBe(EVENTS / CLUSTERS);
      const hosts = (await (await c.get(`/api/clusters/${name}`)).json()).hosts as any[];
      const dev = hosts.find((h) => h.name === 'esx-02').devices.find((d: any) => d.id === 'dev1');
      const i = Math.max(...Array.from({ length: EVENTS }, (_, i) => i).filter((i) => names[(i * 7) % CLUSTERS] === name));
      expect(dev.firmware_version).toBe(`30.${i}`);
    }
    console.log(
      `${EVENTS} events in batches of ${BATCH} in ${ingestMs.toFixed(0)} ms (${((EVENTS / ingestMs) * 1000).toFixed(0)}/s), ` +
        `${published.length} re-solves, ${s.scheduler.stats.bursts} burst(s), ${s.scheduler.stats.superseded} superseded`,
    );
  }, 120_000);

  it('is all or none: a bad event refuses the batch, naming it, and nothing is written', async () => {
    const { s, c, names } = await setUp({}, 2);
    const [a, b] = names as [string, string];
    const hostsOf = async (n: string) => (await (await c.get(`/api/clusters/${n}`)).json()).hosts;
    const before = [await hostsOf(a), await hostsOf(b)];
    const solves = s.scheduler.stats.solves;

    let res = await c.post('/api/events', [firmware(a, '1'), { type: 'firmware_updated', cluster: b, host: 'esx-02', device: 'dev1' }]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('body: $[1]');

    res = await c.post('/api/events', [firmware(a, '1'), firmware(b, '2'), { ...firmware(b, '3'), host: 'nope' }]);
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).toMatch(/body: \$\[2\]: host .*nope/);

    res = await c.post('/api/events', [firmware(a, '1'), firmware('no-such-cluster', '2')]);
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).toContain('body: $[1]: cluster');

    // removing a host, then changing it in the same batch: the second does not fit the first's result
    res = await c.post('/api/events', [{ type: 'host_removed', cluster: a, host: 'esx-02' }, firmware(a, '4')]);
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).toContain('body: $[1]');

    const lines = [JSON.stringify(firmware(a, '5')), '', '{"type": "firmware_updated",'].join('\n');
    res = await c.post('/api/events', lines, { 'content-type': 'application/x-ndjson' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('body: line 3');

    expect([await hostsOf(a), await hostsOf(b)]).toEqual(before);
    expect(s.scheduler.stats.solves).toBe(solves);
  });

  it('stores and publishes nothing for a solve the scheduler withdraws as superseded', async () => {
    const { s, names } = await setUp({}, 1);
    const a = names[0]!;
    const before = s.view(a);
    const published: ServiceEvent[] = [];
    s.subscribe((e) => published.push(e));
    let asked = 0;
    await s.solveCluster(a, [], 0, [999_999], () => ++asked > 0);
    expect(asked).toBe(1);
    expect(published).toHaveLength(0);
    expect(s.view(a).generated_at).toBe(before.generated_at);
    // the same solve, kept: stored and published
    await s.solveCluster(a, [], 0, [999_999], () => false);
    expect(published.map((e) => e.type === 'recommendations' && e.event_ids)).toEqual([[999_999]]);
  });

  it('applies a batch in order within a cluster, and answers affects_recommendation per event', async () => {
    const { c, names } = await setUp({}, 1);
    const a = names[0]!;
    const res = await c.post('/api/events', [firmware(a, '7.1'), firmware(a, '7.2'), firmware(a, '7.2')]);
    expect(res.status).toBe(202);
    const acks = (await res.json()) as Ack[];
    expect(acks.map((k) => k.affects_recommendation)).toEqual([true, true, false]); // the last sets what is there
    expect(acks[1]!.id).toBe(acks[0]!.id + 1);
    const hosts = (await (await c.get(`/api/clusters/${a}`)).json()).hosts as any[];
    expect(hosts.find((h) => h.name === 'esx-02').devices.find((d: any) => d.id === 'dev1').firmware_version).toBe('7.2');
    expect((await c.post('/api/events', [])).status).toBe(202);
  });
});
