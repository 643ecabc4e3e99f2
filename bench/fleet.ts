// Re-planning a whole fleet on every core: each worker builds the same seeded world (cheaper
// than cloning it across threads), keeps one catalog warm and recommends its share of clusters.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';

export interface FleetResult {
  engine: string;
  clusters: number;
  workers: number;
  total_ms: number;
  p50_ms: number;
  p99_ms: number;
  with_latest: number;
}

export async function replanFleet(preset: string, seed: number, clusters: number, engine: string): Promise<FleetResult> {
  const workers = Math.max(1, Math.min(2, availableParallelism()));
  const started = performance.now();
  const parts = await Promise.all(
    Array.from(
      { length: workers },
      (_, w) =>
        new Promise<{ times: number[]; withLatest: number }>((resolve, reject) => {
          const worker = new Worker(new URL('./fleet-worker-boot.mjs', import.meta.url), {
            workerData: { preset, seed, clusters, engine, worker: w, workers },
          });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const total = performance.now() - started;
  const times = parts.flatMap((p) => p.times).sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return {
    engine,
    clusters: times.length,
    workers,
    total_ms: Math.round(total),
    p50_ms: at(0.5),
    p99_ms: at(0.99),
    with_latest: parts.reduce((n, p) => n + p.withLatest, 0),
  };
}
