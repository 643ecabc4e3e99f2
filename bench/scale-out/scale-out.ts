// Scale-out bench: fleet re-solve through the pg-boss queue with 1 and 2 solver nodes, the
// queue's latency (job created → started, p50/p99) and events/s held by 2 nodes. Nodes run in
// this process (each with its own solver threads) on a PostgreSQL started for the run
// (test/support/postgres.ts). It measures; it asserts nothing.
//
//   npx tsx bench/scale-out/scale-out.ts [--clusters 40] [--events 4000]
//
// On one 2-core machine expect parity between 1 and 2 solver nodes: they share the cores.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { scaleOut } from '../../src/service/scale-out.js';
import { StrataService } from '../../src/service/service.js';
import { client, loadWorldOverApi, repoWorld, type Client } from '../../test/api/helpers.js';
import { TestPostgres, pgAvailable, pgUnavailableReason } from '../../test/support/postgres.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const CLUSTERS = arg('clusters', 40);
const EVENTS = arg('events', 4000);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
};

async function startNodes(url: string, solvers: number, total: number) {
  const nodes: { service: StrataService; c: Client; stop: () => Promise<void> }[] = [];
  for (let i = 0; i < total; i++) {
    const so = scaleOut({ role: i < solvers ? 'all' : 'api', solveTimeoutMs: 60_000, concurrency: 1 });
    const service = await StrataService.open({ dataDir: ':memory:', store: url, threads: 1 }, so.prepare);
    nodes.push({ service, c: client(service), stop: async () => (await so.queue()?.stop(), await service.close()) });
  }
  return nodes;
}

async function allFresh(c: Client, names: string[]): Promise<void> {
  for (const n of names) {
    for (;;) {
      const r = await (await c.get(`/api/clusters/${n}/software/recommendations?wait=30000`)).json();
      if (r.stale === false) break;
    }
  }
}

async function fleetRow(pgsrv: TestPostgres, solvers: number): Promise<Record<string, string | number>> {
  const url = await pgsrv.createDatabase();
  const nodes = await startNodes(url, solvers, 2);
  try {
    const w = repoWorld('dell-r750');
    await loadWorldOverApi(nodes[0]!.c, w);
    const names = Array.from({ length: CLUSTERS }, (_, i) => `fleet-${i}`);
    for (const name of names) await nodes[0]!.c.put(`/api/clusters/${name}`, { ...w.cluster, name });
    await allFresh(nodes[1]!.c, names);
    const since = new Date();
    const t0 = performance.now();
    // Through the node that checks: it sees its own change at once (the other learns by NOTIFY).
    await nodes[0]!.c.put('/api/hcl', { ...w.hcl, updated: '2025-01-01T00:00:00Z' });
    await allFresh(nodes[0]!.c, names);
    const seconds = (performance.now() - t0) / 1000;
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const lat = (
      await db.query<{ ms: number }>(
        "SELECT EXTRACT(EPOCH FROM (started_on - created_on)) * 1000 AS ms FROM pgboss.job WHERE name = 'strata-resolve' AND created_on >= $1 AND started_on IS NOT NULL",
        [since],
      )
    ).rows.map((r) => Number(r.ms));
    await db.end();
    return {
      task: `fleet re-solve of ${CLUSTERS} clusters through the queue`,
      solver_nodes: solvers,
      seconds: +seconds.toFixed(2),
      clusters_per_s: +(CLUSTERS / seconds).toFixed(1),
      queue_p50_ms: +pct(lat, 50).toFixed(1),
      queue_p99_ms: +pct(lat, 99).toFixed(1),
      jobs: lat.length,
    };
  } finally {
    for (const n of nodes) await n.stop();
  }
}

async function eventsRow(pgsrv: TestPostgres): Promise<Record<string, string | number>> {
  const url = await pgsrv.createDatabase();
  const nodes = await startNodes(url, 2, 2);
  try {
    const w = repoWorld('dell-r750');
    await loadWorldOverApi(nodes[0]!.c, w);
    const names = Array.from({ length: 8 }, (_, i) => `ev-${i}`);
    for (const name of names) await nodes[0]!.c.put(`/api/clusters/${name}`, { ...w.cluster, name });
    const host = w.cluster.hosts[0];
    let next = 0;
    const t0 = performance.now();
    const post = async () => {
      while (next < EVENTS) {
        const i = next++;
        const body = {
          type: 'firmware_updated',
          cluster: names[i % names.length],
          host: host.name,
          device: host.devices[0].id,
          version: `9.${i % 5}`,
        };
        await nodes[i % 2]!.c.post('/api/events', body);
      }
    };
    await Promise.all(Array.from({ length: 16 }, post));
    const seconds = (performance.now() - t0) / 1000;
    return {
      task: `${EVENTS} events over 2 nodes, 8 clusters, 16 concurrent posters`,
      solver_nodes: 2,
      seconds: +seconds.toFixed(2),
      events_per_s: Math.round(EVENTS / seconds),
    };
  } finally {
    for (const n of nodes) await n.stop();
  }
}

if (!pgAvailable) {
  console.error(`scale-out bench: ${pgUnavailableReason}`);
  process.exit(2);
}
const pgsrv = await TestPostgres.start();
try {
  const rows = [await fleetRow(pgsrv, 1), await fleetRow(pgsrv, 2), await eventsRow(pgsrv)];
  for (const r of rows)
    console.log(
      `| ${Object.entries(r)
        .map(([k, v]) => `${k}: ${v}`)
        .join(' | ')} |`,
    );
  const out = fileURLToPath(new URL('../out/', import.meta.url));
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(`${out}scale-out.json`, `${JSON.stringify({ at: new Date().toISOString(), rows }, null, 2)}\n`);
} finally {
  await pgsrv.destroy();
}
