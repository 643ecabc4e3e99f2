// Event → re-solve → SSE latency of `strata serve`, at steady rates and under a 10,000-event burst.
// Measures and prints; asserts nothing. Run after a build:
//
//   npm run build && npm run bench:events
//
// It starts the compiled server (dist/) as a child on 127.0.0.1 (own port, throwaway data
// directory), loads the fixture world world-a (or STRATA_BENCH_WORLD) as CLUSTERS copies of its
// cluster, subscribes to /api/events/stream, then:
//   1. steady: events at RATE/s for SECONDS s (open loop: sent on schedule, not after the previous
//      answer), each a real change; latency = from sending the POST to the SSE `recommendations`
//      message whose `event_ids` holds the event's id — p50/p99/max; events never covered;
//   2. burst in batches: BURST events within one second, as batches of BATCH (a JSON array per
//      POST) sent evenly over the second (open loop), spread over the clusters;
//   3. burst one by one: BURST events, one per POST, as fast as PARALLEL connections can send them.
//      For both bursts: events/s ingested (BURST / time from the first POST to the last answer),
//      time from the first POST to the last covering SSE message (quiescence), re-solves per
//      cluster (published, on the stream), solves withdrawn as superseded, events never covered.
// Environment: STRATA_BENCH_CLUSTERS (50), STRATA_BENCH_RATES ("20,100"), STRATA_BENCH_SECONDS (5),
// STRATA_BENCH_BURST (10000), STRATA_BENCH_BATCH (500), STRATA_BENCH_THREADS (2),
// STRATA_BENCH_ONE_BY_ONE (1; 0 skips row 3); bounded to 300 s overall.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { putWorldInputs, startServeOnTempData } from './serve-child.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORLD = process.env.STRATA_BENCH_WORLD ?? path.join(ROOT, 'test/fixtures/worlds/world-a');
const CLUSTERS = Number(process.env.STRATA_BENCH_CLUSTERS ?? 50);
const RATES = (process.env.STRATA_BENCH_RATES ?? '20,100').split(',').map(Number);
const SECONDS = Number(process.env.STRATA_BENCH_SECONDS ?? 5);
const BURST = Number(process.env.STRATA_BENCH_BURST ?? 10_000);
const BATCH = Number(process.env.STRATA_BENCH_BATCH ?? 500);
const ONE_BY_ONE = process.env.STRATA_BENCH_ONE_BY_ONE !== '0';
const THREADS = process.env.STRATA_BENCH_THREADS ?? '2';
const PARALLEL = 64;
const TOKEN = 'bench-token';
const overall = setTimeout(() => {
  console.error('bench: over the 300 s bound, stopping');
  process.exit(1);
}, 300_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;
}

/** Covering re-solve of each event id: when it was read and how long its solve took. */
interface Cover {
  at: number;
  solveMs: number;
}

interface Resolve {
  cluster: string;
  at: number;
  eventIds: number[];
  /** time the solve itself took in the worker */
  solveMs: number;
}

/** The SSE stream, parsed as it arrives: re-solves with the time they were read. */
async function subscribe(url: string): Promise<{ resolves: Resolve[]; covered: Map<number, Cover>; close: () => Promise<void> }> {
  const res = await fetch(`${url}/api/events/stream`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const resolves: Resolve[] = [];
  const covered = new Map<number, Cover>();
  let buf = '';
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      const at = performance.now();
      buf += decoder.decode(value, { stream: true });
      for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
        const msg = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const event = /^event: (.*)$/m.exec(msg)?.[1];
        if (event === 'ready') ready();
        if (event !== 'recommendations') continue;
        const data = JSON.parse(/^data: (.*)$/m.exec(msg)![1]!) as {
          cluster: string;
          event_ids: number[];
          recommendations: { solve_ms: number };
        };
        resolves.push({ cluster: data.cluster, at, eventIds: data.event_ids, solveMs: data.recommendations.solve_ms });
        for (const id of data.event_ids) covered.set(id, { at, solveMs: data.recommendations.solve_ms });
      }
    }
  })();
  await isReady;
  return {
    resolves,
    covered,
    close: async () => {
      await reader.cancel();
      await pump;
    },
  };
}

async function main(): Promise<void> {
  const { url, stop } = await startServeOnTempData('strata-bench-events-', ['--token', TOKEN, '--threads', THREADS]);
  try {
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const cluster = await putWorldInputs(url, WORLD, TOKEN);
    // The device whose firmware the events change: of a class the HCL has rules for, so each
    // event really changes what the solver sees.
    const hcl = JSON.parse(fs.readFileSync(path.join(WORLD, 'hcl.json'), 'utf8')) as { devices: { class: string }[] };
    const ruled = new Set(hcl.devices.map((d) => d.class));
    const hostIdx = cluster.hosts.findIndex((h: any) => h.devices.some((d: any) => ruled.has(d.class)));
    const host = cluster.hosts[hostIdx].name as string;
    const device = cluster.hosts[hostIdx].devices.find((d: any) => ruled.has(d.class)).id as string;
    const names = Array.from({ length: CLUSTERS }, (_, i) => `bench-${i}`);
    for (const name of names)
      await fetch(`${url}/api/clusters/${name}`, { method: 'PUT', headers, body: JSON.stringify({ ...cluster, name }) });
    for (const name of names) await (await fetch(`${url}/api/clusters/${name}/software/recommendations?wait=60000`)).arrayBuffer();
    const sse = await subscribe(url);
    console.log(`events → SSE: ${CLUSTERS} clusters of ${path.basename(WORLD)} (${cluster.hosts.length} hosts), ${THREADS} solver threads`);

    let version = 0;
    const event = (name: string) => ({ type: 'firmware_updated', cluster: name, host, device, version: `77.${version++}` });
    const send = async (body: string): Promise<unknown> => {
      let res: Response;
      try {
        res = await fetch(`${url}/api/events`, { method: 'POST', headers, body });
      } catch {
        // A kept-alive connection closed by the server as it was reused: send again, once.
        res = await fetch(`${url}/api/events`, { method: 'POST', headers, body });
      }
      if (res.status !== 202) throw new Error(`POST /api/events: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const post = async (name: string): Promise<{ id: number; sent: number }> => {
      const sent = performance.now();
      const ack = (await send(JSON.stringify(event(name)))) as { id: number };
      return { id: ack.id, sent };
    };
    /** Waits until every id is covered by a re-solve, or `ms` passed; returns the uncovered. */
    const awaitCovered = async (ids: number[], ms: number): Promise<number[]> => {
      const until = performance.now() + ms;
      for (;;) {
        const missing = ids.filter((id) => !sse.covered.has(id));
        if (!missing.length || performance.now() > until) return missing;
        await sleep(5);
      }
    };

    /** p50 of the solves' own time since `from` (the floor of any latency here) */
    const solveP50 = (from: number) =>
      pct(
        sse.resolves
          .slice(from)
          .map((r) => r.solveMs)
          .sort((a, b) => a - b),
        50,
      ).toFixed(0);

    // 1. steady rates
    const stats = async () => (await (await fetch(`${url}/api/stats`)).json()) as Record<string, number>;
    for (const rate of RATES) {
      const from = sse.resolves.length;
      const statsBefore = await stats();
      const n = Math.round(rate * SECONDS);
      const acks: Promise<{ id: number; sent: number }>[] = [];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const due = t0 + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        acks.push(post(names[i % CLUSTERS]!));
      }
      const sent = await Promise.all(acks);
      const missing = await awaitCovered(
        sent.map((s) => s.id),
        10_000,
      );
      const done = sent.filter((s) => sse.covered.has(s.id));
      const lat = done.map((s) => sse.covered.get(s.id)!.at - s.sent).sort((a, b) => a - b);
      // Latency less the covering solve's own time: window, queue and delivery.
      const wait = done.map((s) => sse.covered.get(s.id)!.at - s.sent - sse.covered.get(s.id)!.solveMs).sort((a, b) => a - b);
      console.log(
        `steady ${rate}/s for ${SECONDS} s: n=${n}  p50=${pct(lat, 50).toFixed(1)} ms  p99=${pct(lat, 99).toFixed(1)} ms  ` +
          `max=${lat[lat.length - 1]?.toFixed(1)} ms  never covered=${missing.length}  ` +
          `(${sse.resolves.length - from} re-solves, solve p50 ${solveP50(from)} ms; ` +
          `latency less its solve p50=${pct(wait, 50).toFixed(1)} p99=${pct(wait, 99).toFixed(1)} ms; ` +
          `server: ${(await stats()).bursts! - statsBefore.bursts!} burst(s))`,
      );
      await sleep(300);
    }

    /** Sends a burst with `sendAll` (which returns the event ids) and reports it. */
    const burst = async (label: string, sendAll: () => Promise<number[]>) => {
      const before = sse.resolves.length;
      const statsBefore = await stats();
      const t0 = performance.now();
      const ids = await sendAll();
      const ingestMs = performance.now() - t0;
      const missing = await awaitCovered(ids, 60_000);
      const quiet = Math.max(...ids.filter((id) => sse.covered.has(id)).map((id) => sse.covered.get(id)!.at)) - t0;
      const firstSolve = Math.min(...sse.resolves.slice(before).map((r) => r.at - r.solveMs)) - t0;
      const per = new Map<string, number>();
      for (const r of sse.resolves.slice(before)) per.set(r.cluster, (per.get(r.cluster) ?? 0) + 1);
      const counts = names.map((nm) => per.get(nm) ?? 0);
      const hist = new Map<number, number>();
      for (const c of counts) hist.set(c, (hist.get(c) ?? 0) + 1);
      const statsAfter = await stats();
      const delta = (k: string) => statsAfter[k]! - statsBefore[k]!;
      console.log(
        `burst of ${ids.length} ${label}: ingested in ${ingestMs.toFixed(0)} ms (${((ids.length / ingestMs) * 1000).toFixed(0)} events/s), ` +
          `quiescent after ${quiet.toFixed(0)} ms, never covered=${missing.length}, solve p50 ${solveP50(before)} ms, ` +
          // the solvers' throughput: what a steady rate on distinct clusters must stay under
          `${(((sse.resolves.length - before) / (quiet - firstSolve)) * 1000).toFixed(0)} re-solves/s from the first to the last`,
      );
      console.log(
        `  re-solves published per cluster: ${[...hist]
          .sort((a, b) => a[0] - b[0])
          .map(([k, v]) => `${k}× ${v} clusters`)
          .join(', ')}  (server: ${delta('bursts')} burst(s), ${delta('held')} holds, ${delta('solves')} solves started, ` +
          `${delta('superseded')} withdrawn as superseded)`,
      );
      await sleep(500);
    };

    // 2. a burst in batches, sent evenly within one second
    await burst(`in batches of ${BATCH} within 1 s`, async () => {
      const batches = Math.ceil(BURST / BATCH);
      const t0 = performance.now();
      const acks: Promise<unknown>[] = [];
      let i = 0;
      for (let b = 0; b < batches; b++) {
        const wait = t0 + (b * 1000) / batches - performance.now();
        if (wait > 0) await sleep(wait);
        const events = [];
        for (let k = 0; k < BATCH && i < BURST; k++, i++) events.push(event(names[(i * 7) % CLUSTERS]!));
        acks.push(send(JSON.stringify(events)));
      }
      return ((await Promise.all(acks)) as { id: number }[][]).flat().map((a) => a.id);
    });

    // 3. a burst one event per POST
    if (ONE_BY_ONE) {
      await burst(`one per POST over ${PARALLEL} connections`, async () => {
        const ids: number[] = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: PARALLEL }, async () => {
            while (next < BURST) {
              const i = next++;
              ids.push((await post(names[(i * 7) % CLUSTERS]!)).id);
            }
          }),
        );
        return ids;
      });
    }
    await sse.close();
  } finally {
    stop();
    clearTimeout(overall);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
