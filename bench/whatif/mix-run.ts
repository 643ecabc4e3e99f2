// The what-if rows of bench/run.ts: a seeded mix of scenarios where 5% change the depot or the
// desired image, answered in this thread and on two workers, next to the JSON.parse floor of the
// world's texts and the scenario lines.
import { availableParallelism } from 'node:os';
import type { World } from '../../src/model/types.js';
import type { EngineName } from '../../src/sat/engine.js';
import { startWhatif } from '../../src/whatif/session.js';
import { scenarioMix } from './mix.js';

export interface WhatifBench {
  run: string;
  scenarios: number;
  total_ms: number;
  per_s: number;
  floor_ms: number;
}

export async function benchWhatif(world: World, n: number, engine: EngineName, seed: number): Promise<WhatifBench[]> {
  const lines = scenarioMix(world, n, seed + 7, 0.05);
  const texts = [JSON.stringify(world.depot), JSON.stringify(world.hcl), JSON.stringify(world.cluster), ...lines.map((l) => l.text)];
  let floor = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    for (const text of texts) JSON.parse(text);
    floor = Math.min(floor, performance.now() - t);
  }
  const out: WhatifBench[] = [];
  for (const jobs of [1, Math.min(2, availableParallelism())]) {
    if (jobs === 1 && out.length) continue;
    const started = performance.now();
    // workers run the compiled dist/whatif/worker.js
    const session = await startWhatif(world, lines, { jobs, minParallel: 1, engine });
    for await (const _ of session.results()) void _;
    await session.close();
    const ms = performance.now() - started;
    out.push({ run: jobs === 1 ? '1 thread' : `${jobs} workers`, scenarios: n, total_ms: ms, per_s: (n * 1000) / ms, floor_ms: floor });
  }
  return out;
}
