// What-if throughput on the `vendor` preset: scenarios per second answered incrementally (one
// thread and a worker pool) against fresh recommends on the mutated worlds.
//
//   npx tsc -p tsconfig.build.json                  # the worker pool runs dist/whatif/worker.js
//   npx vitest bench --run bench/whatif       # STRATA_BENCH_SCENARIOS=2000 STRATA_BENCH_ENGINE=wasm
//
// The numbers are printed once per mix; the vitest table after them times one whole run each.
import { afterAll, bench, describe } from 'vitest';
import { generateFleet, PRESETS } from '../generate/world.js';
import type { Catalog } from '../../src/catalog/catalog.js';
import type { Cluster, World } from '../../src/model/types.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { encode } from '../../src/plan/encode.js';
import { recommendationSpace } from '../../src/plan/space.js';
import { isEngineName, shutdownEngines } from '../../src/sat/registry.js';
import type { EngineName } from '../../src/sat/engine.js';
import { createWasmEngine } from '../../src/sat/wasm.js';
import type { PlanFactory } from '../../src/whatif/incremental.js';
import { WhatifRunner } from '../../src/whatif/run.js';
import type { ScenarioLine } from '../../src/whatif/scenario.js';
import { startWhatif } from '../../src/whatif/session.js';
import { scenarioMix } from './mix.js';

const N = Number(process.env.STRATA_BENCH_SCENARIOS ?? 2000);
const FRESH_SAMPLE = Number(process.env.STRATA_BENCH_FRESH ?? 40);
const ENGINE = (process.env.STRATA_BENCH_ENGINE ?? 'wasm') as EngineName;

/** Plans with ENGINE, also before the registry knows it (the wasm engine is built alongside). */
function factory(): { createPlan?: PlanFactory; engine?: EngineName } {
  if (isEngineName(ENGINE)) return { engine: ENGINE };
  if (ENGINE !== 'wasm') throw new Error(`unknown engine ${ENGINE}`);
  const create = (ClusterPlan as unknown as { prototype: ClusterPlan }).prototype.constructor as unknown as new (e: unknown) => ClusterPlan;
  return {
    createPlan: async (catalog: Catalog, cluster: Cluster) =>
      new create(encode(catalog, cluster, recommendationSpace(catalog, cluster), await createWasmEngine(), await createWasmEngine())),
  };
}

const fleet = generateFleet(PRESETS.vendor, 1);
const world: World = { depot: fleet.depot, hcl: fleet.hcl, cluster: fleet.clusters[0]! };

function scenarios(n: number, seed: number, mixed: boolean): ScenarioLine[] {
  return scenarioMix(world, n, seed, mixed ? 0.05 : 0);
}

async function timeRun(lines: ScenarioLine[], jobs: number): Promise<{ secs: number; perSec: number; stats: unknown }> {
  const f = factory();
  const started = performance.now();
  const session = await startWhatif(world, lines, {
    jobs,
    minParallel: 1,
    ...(f.engine ? { engine: f.engine } : {}),
    ...(f.createPlan ? { runner: { createPlan: f.createPlan } } : {}),
  });
  for await (const _ of session.results()) void _;
  await session.close();
  const secs = (performance.now() - started) / 1000;
  return { secs, perSec: lines.length / secs, stats: session.stats };
}

/** Fresh recommends (encode + recommend per scenario) on a sample, for the speed-up. */
async function timeFresh(lines: ScenarioLine[]): Promise<number> {
  const f = factory();
  const runner = await WhatifRunner.create(world, { ...f, freshOnly: true });
  const started = performance.now();
  for (const l of lines) await runner.runLine(l.line, l.text);
  const secs = (performance.now() - started) / 1000;
  runner.dispose();
  return lines.length / secs;
}

const hostHcl = scenarios(N, 7, false);
const mixed = scenarios(N, 8, true);
const results: string[] = [];

afterAll(async () => {
  await shutdownEngines();
  console.log(
    `\nwhat-if on the vendor preset (${world.cluster.hosts.length} hosts, ${world.depot.base_images.length} base images, engine ${ENGINE}, ${N} scenarios per mix)`,
  );
  for (const line of results) console.log(line);
});

describe('what-if, vendor preset', () => {
  bench(
    'host/HCL scenarios: fresh, incremental ×1, ×2',
    async () => {
      if (results.length) return;
      const fresh = await timeFresh(hostHcl.slice(0, FRESH_SAMPLE));
      const one = await timeRun(hostHcl, 1);
      // worker threads make their plans by engine name only
      const pool = isEngineName(ENGINE);
      const two = pool ? await timeRun(hostHcl, 2) : undefined;
      results.push(`  host/HCL mix  fresh recommends  ${fresh.toFixed(1)}/s`);
      results.push(
        `  host/HCL mix  1 thread          ${one.perSec.toFixed(0)}/s  (${(one.perSec / fresh).toFixed(0)}× fresh; ${one.secs.toFixed(2)} s incl. baseline) ${JSON.stringify(one.stats)}`,
      );
      if (two)
        results.push(
          `  host/HCL mix  2 workers         ${two.perSec.toFixed(0)}/s  (${(two.perSec / fresh).toFixed(0)}× fresh; ${two.secs.toFixed(2)} s incl. start-up) ${JSON.stringify(two.stats)}`,
        );
      else results.push(`  host/HCL mix  2 workers         skipped: the registry does not know engine ${ENGINE} yet`);
      const mixedOne = await timeRun(mixed, 1);
      results.push(`  5% depot/desired  1 thread      ${mixedOne.perSec.toFixed(0)}/s  ${JSON.stringify(mixedOne.stats)}`);
      if (pool) {
        const mixedTwo = await timeRun(mixed, 2);
        results.push(`  5% depot/desired  2 workers     ${mixedTwo.perSec.toFixed(0)}/s  ${JSON.stringify(mixedTwo.stats)}`);
      }
    },
    { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 },
  );
});
