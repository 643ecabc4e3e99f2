// One fleet re-plan worker (see fleet.ts): clusters i with i % workers === worker.
import { parentPort, workerData } from 'node:worker_threads';
import { generateFleet, PRESETS, type PresetName } from './generate/world.js';
import { Catalog } from '../src/catalog/catalog.js';
import { ClusterPlan } from '../src/plan/plan.js';
import { shutdownEngines } from '../src/sat/registry.js';
import type { EngineName } from '../src/sat/engine.js';

const { preset, seed, clusters, engine, worker, workers } = workerData as {
  preset: PresetName;
  seed: number;
  clusters: number;
  engine: EngineName;
  worker: number;
  workers: number;
};
const fleet = generateFleet(PRESETS[preset], seed);
const catalog = new Catalog(fleet.depot, fleet.hcl);
const times: number[] = [];
let withLatest = 0;
for (let i = worker; i < Math.min(clusters, fleet.clusters.length); i += workers) {
  const t = performance.now();
  const plan = await ClusterPlan.create(catalog, fleet.clusters[i]!, { engine });
  try {
    const rec = await plan.recommend();
    if (rec.latest) withLatest++;
  } finally {
    plan.dispose();
  }
  times.push(performance.now() - t);
}
await shutdownEngines();
parentPort!.postMessage({ times, withLatest });
