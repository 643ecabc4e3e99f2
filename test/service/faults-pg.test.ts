// Faults against a real PostgreSQL, with `strata serve` nodes as child processes:
// - kill -9 of a node in the middle of a fleet re-solve: the other node finishes its jobs (they
//   expire and are retried) and every cluster ends fresh;
// - PostgreSQL restarted while events are posted: nodes reconnect, every acknowledged event is
//   in the store, and both nodes end with the same hosts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres, TestPostgres } from '../support/postgres.js';
import { startServer, type Server } from './server.js';

const enabled = requirePostgres('faults-pg.test.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-faults-'));
let server: TestPostgres | undefined;
beforeAll(async () => {
  if (!enabled) return;
  server = await TestPostgres.start();
}, 120_000);
afterAll(async () => {
  await server?.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const read = (f: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '../../examples/dell-r750', f), 'utf8'));
const CLUSTERS = 6;

async function twoNodes(url: string): Promise<[Server, Server]> {
  const opts = ['--store', url, '--threads', '1', '--solve-timeout-ms', '3000'];
  return [await startServer(path.join(tmp, `a${Date.now()}`), opts), await startServer(path.join(tmp, `b${Date.now()}`), opts)];
}

async function loadFleet(n: Server): Promise<string[]> {
  const cluster = read('cluster.json');
  expect((await n.put('/api/depot', read('depot.json'))).status).toBeLessThan(300);
  expect((await n.put('/api/hcl', read('hcl.json'))).status).toBeLessThan(300);
  const names = Array.from({ length: CLUSTERS }, (_, i) => `fleet-${i}`);
  for (const name of names) expect((await n.put(`/api/clusters/${name}`, { ...cluster, name })).status).toBe(201);
  return names;
}

async function recommendation(n: Server, name: string) {
  return (await n.get(`/api/clusters/${name}/software/recommendations?wait=5000`)).json();
}

async function allFresh(n: Server, names: string[], timeout: number): Promise<void> {
  await expect
    .poll(async () => (await Promise.all(names.map((c) => recommendation(n, c)))).every((r) => r.stale === false && r.status === 'READY'), {
      timeout,
      interval: 500,
    })
    .toBe(true);
}

describe.skipIf(!enabled)('faults on PostgreSQL', () => {
  it('kill -9 of a node during a fleet re-solve: the other node finishes every cluster', async () => {
    const url = await server!.createDatabase();
    const [a, b] = await twoNodes(url);
    try {
      const names = await loadFleet(a);
      await allFresh(b, names, 60_000);
      const before = await recommendation(b, names[0]!);
      // A fleet change through a: every cluster is re-solved.
      const hcl = { ...read('hcl.json'), updated: '2024-11-01T00:00:00Z' };
      expect((await a.put('/api/hcl', hcl)).status).toBe(200);
      await expect
        .poll(async () => (await (await b.get('/api/jobs')).json()).running, { timeout: 10_000, interval: 20 })
        .toBeGreaterThan(0);
      expect(await a.kill('SIGKILL')).toBe(null);
      await allFresh(b, names, 90_000);
      const after = await Promise.all(names.map((c) => recommendation(b, c)));
      for (const r of after) {
        expect(r.input_hashes.hcl).not.toBe(before.input_hashes.hcl);
        expect({ latest: r.latest, current_series: r.current_series, same_base: r.same_base }).toEqual({
          latest: before.latest,
          current_series: before.current_series,
          same_base: before.same_base,
        });
      }
      expect((await (await b.get('/api/jobs')).json()).dead_letter).toBe(0);
    } finally {
      await Promise.all([a.kill('SIGKILL'), b.kill('SIGTERM')]);
    }
  }, 180_000);

  it('PostgreSQL restarted while events are posted: no acknowledged event is lost, nodes catch up', async () => {
    const url = await server!.createDatabase();
    const [a, b] = await twoNodes(url);
    try {
      const [name] = await loadFleet(a);
      const host = read('cluster.json').hosts[0];
      const acked: number[] = [];
      let stop = false;
      let n = 0;
      const poster = (async () => {
        while (!stop) {
          const version = `7.${n++}`;
          const via = n % 2 ? a : b;
          try {
            const res = await via.post('/api/events', {
              type: 'firmware_updated',
              cluster: name,
              host: host.name,
              device: host.devices[0].id,
              version,
            });
            if (res.status === 202) acked.push((await res.json()).id);
          } catch {
            // the database is down: not acknowledged
          }
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await new Promise((r) => setTimeout(r, 1500));
      await server!.stop('SIGINT');
      await new Promise((r) => setTimeout(r, 500));
      await server!.run();
      await new Promise((r) => setTimeout(r, 2000));
      stop = true;
      await poster;
      expect(acked.length, a.output().slice(-3000) + b.output().slice(-3000)).toBeGreaterThan(10);
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        const ids = new Set((await db.query('SELECT id::float8 AS id FROM strata_events')).rows.map((r) => r.id as number));
        for (const id of acked) expect(ids.has(id)).toBe(true);
      } finally {
        await db.end();
      }
      // Both nodes converge on the stored hosts (the last write wins on both).
      const hostsOf = async (s: Server) => (await (await s.get(`/api/clusters/${name}`)).json()).hosts;
      await expect.poll(async () => JSON.stringify(await hostsOf(a)) === JSON.stringify(await hostsOf(b)), { timeout: 20_000 }).toBe(true);
      await allFresh(a, [name!], 60_000);
      await allFresh(b, [name!], 60_000);
    } finally {
      await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
    }
  }, 180_000);
});
