// Full recommend (encode + three slots + reasons, repairs as asked) of one generated cluster,
// cold (everything encoded afresh) against warm (the depot side copied from a shared snapshot),
// interleaved in one process so that both see the same machine load. No timing is asserted.
//
//   npx tsx bench/recommend-full.ts [--preset vendor|large|small] [--samples N] [--repairs K] [--engine wasm|minisat]
import { Catalog } from '../src/catalog/catalog.js';
import { ClusterPlan } from '../src/plan/plan.js';
import { sharedStats } from '../src/plan/shared.js';
import type { EngineName } from '../src/sat/engine.js';
import { generateFleet, PRESETS, type PresetName } from './generate/world.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const preset = arg('preset', 'vendor') as PresetName;
const samples = Number(arg('samples', '7'));
const repairs = Number(arg('repairs', '1'));
const engine = arg('engine', 'wasm') as EngineName;

const fleet = generateFleet(PRESETS[preset], 1);
const catalog = new Catalog(fleet.depot, fleet.hcl);
const cluster = fleet.clusters[0]!;

async function once(shared: boolean): Promise<{ ms: number; answer: string }> {
  const started = performance.now();
  const plan = await ClusterPlan.create(catalog, cluster, { engine, repairs, shared });
  try {
    const recs = await plan.recommend();
    return { ms: performance.now() - started, answer: JSON.stringify(recs) };
  } finally {
    plan.dispose();
  }
}

// the first two shared runs encode and snapshot; the rest copy
await once(true);
await once(true);
const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < samples; i++) {
  const c = await once(false);
  const w = await once(true);
  if (c.answer !== w.answer) throw new Error('the warm answer differs from the cold one');
  cold.push(c.ms);
  warm.push(w.ms);
}
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  JSON.stringify({
    preset,
    engine,
    repairs,
    samples,
    hosts: cluster.hosts.length,
    cold_p50_ms: +p50(cold).toFixed(1),
    cold_mean_ms: +mean(cold).toFixed(1),
    warm_p50_ms: +p50(warm).toFixed(1),
    warm_mean_ms: +mean(warm).toFixed(1),
    shared: sharedStats,
  }),
);
