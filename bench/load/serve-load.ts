// Load test of `strata serve` on loopback. Run after a build, with plain node:
//
//   npm run build && node --experimental-strip-types bench/load/serve-load.ts   (Node >= 22.6)
//   npx tsx bench/load/serve-load.ts                                             (if tsx is at hand)
//   npx vitest run --dir bench/load --include '**/serve-load.ts'  (not needed: see below)
//
// Node 20 cannot run .ts directly, so the simplest way there is to compile this file on the fly:
//
//   npm run build && npx tsc --outDir /tmp/strata-bench --module NodeNext --moduleResolution NodeNext \
//       --target ES2022 --types node --skipLibCheck bench/load/serve-load.ts && node /tmp/strata-bench/serve-load.js
//
// It starts the compiled server (dist/) on 127.0.0.1 with a port of its own and a throwaway data
// directory, loads the fixture world world-a (or STRATA_BENCH_WORLD), then measures:
//   1. GET recommendations: N requests at concurrency C — p50/p99 latency and requests/s;
//   2. event → new recommendation on the SSE stream: M events one after the other, each a real
//      change, timed from POST to the `recommendations` message it causes (includes the debounce).
// Bounded: N = 2,000 (STRATA_BENCH_N), C = 16, M = 30 (STRATA_BENCH_EVENTS), and 120 s overall.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { putWorldInputs, startServeOnTempData } from './serve-child.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const root = fs.existsSync(path.join(ROOT, 'package.json')) ? ROOT : process.cwd();
const WORLD = process.env.STRATA_BENCH_WORLD ?? path.join(root, 'test/fixtures/worlds/world-a');
const N = Number(process.env.STRATA_BENCH_N ?? 2000);
const C = 16;
const M = Number(process.env.STRATA_BENCH_EVENTS ?? 30);
const TOKEN = 'bench-token';
const overall = setTimeout(() => {
  console.error('bench: over the 120 s bound, stopping');
  process.exit(1);
}, 120_000);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(name: string, times: number[], wallMs: number): void {
  const s = [...times].sort((a, b) => a - b);
  console.log(
    `${name}: n=${s.length}  p50=${pct(s, 50).toFixed(2)} ms  p99=${pct(s, 99).toFixed(2)} ms  max=${s[s.length - 1]!.toFixed(2)} ms  ` +
      `${((s.length / wallMs) * 1000).toFixed(0)} req/s`,
  );
}

async function main(): Promise<void> {
  const { url, stop } = await startServeOnTempData('strata-bench-', ['--token', TOKEN]);
  try {
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const cluster = await putWorldInputs(url, WORLD, TOKEN);
    await fetch(`${url}/api/clusters/${cluster.name}`, { method: 'PUT', headers, body: JSON.stringify(cluster) });
    const recUrl = `${url}/api/clusters/${cluster.name}/software/recommendations`;
    await (await fetch(recUrl)).json(); // waits for the first solve

    // 1. GET recommendations
    const times: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (next < N) {
          next++;
          const s = performance.now();
          const res = await fetch(recUrl);
          await res.arrayBuffer();
          times.push(performance.now() - s);
        }
      }),
    );
    report('GET recommendations', times, performance.now() - t0);

    // 2. event → recommendation on the SSE stream
    const stream = await fetch(`${url}/api/events/stream?cluster=${encodeURIComponent(cluster.name)}`);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    const waitFor = async (event: string) => {
      for (;;) {
        const i = buf.indexOf(`event: ${event}\n`);
        if (i >= 0) {
          const end = buf.indexOf('\n\n', i);
          if (end >= 0) {
            buf = buf.slice(end + 2);
            return;
          }
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buf += decoder.decode(value, { stream: true });
      }
    };
    await waitFor('ready');
    const host = cluster.hosts[0].name;
    const latencies: number[] = [];
    const t1 = performance.now();
    for (let i = 0; i < M; i++) {
      const device = { id: `bench${i}`, vid: 'ffff', did: '0001', svid: '0000', ssid: '0000', class: 'nic', firmware_version: '1.0' };
      const body =
        i % 2 === 0
          ? { type: 'device_added', cluster: cluster.name, host, device }
          : { type: 'device_removed', cluster: cluster.name, host, device: `bench${i - 1}` };
      const s = performance.now();
      await fetch(`${url}/api/events`, { method: 'POST', headers, body: JSON.stringify(body) });
      await waitFor('recommendations');
      latencies.push(performance.now() - s);
    }
    report('event -> SSE recommendation', latencies, performance.now() - t1);
    await reader.cancel();
  } finally {
    stop();
    clearTimeout(overall);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
