// Where a full recommend (repairs 0) spends its solves, per generated cluster: encode, the three
// slots (planner solves) and the excluded bases' reasons (explainer solves, with the explainer's
// propagations and decisions from the wasm engine's counters). Counts, not timings, are the
// measure on a loaded machine; the closing hash of every answer lets an A/B run check that a
// change kept the answers byte-identical.
//
//   npx tsx bench/recommend-count.ts [--preset large|vendor|small] [--clusters N]
import { createHash } from 'node:crypto';
import { Catalog } from '../src/catalog/catalog.js';
import { ClusterPlan } from '../src/plan/plan.js';
import { WasmSatEngine } from '../src/sat/wasm.js';
import { generateFleet, PRESETS, type PresetName } from './generate/world.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const preset = arg('preset', 'large') as PresetName;
const clusters = Number(arg('clusters', '8'));

const fleet = generateFleet(PRESETS[preset], 1);
const catalog = new Catalog(fleet.depot, fleet.hcl);
const hash = createHash('sha256');
for (const cluster of fleet.clusters.slice(0, clusters)) {
  const t0 = performance.now();
  const plan = await ClusterPlan.create(catalog, cluster, { repairs: 0, engine: 'wasm' });
  const t1 = performance.now();
  let plannerSolves = 0;
  let explainerSolves = 0;
  const { engine, explainer } = plan.encoding;
  const solveP = engine.solve.bind(engine);
  const solveX = explainer.solve.bind(explainer);
  engine.solve = (a) => (plannerSolves++, solveP(a));
  explainer.solve = (a) => (explainerSolves++, solveX(a));
  try {
    const slots = await plan.slots();
    const t2 = performance.now();
    const excluded = await plan.excluded(slots.latest);
    const t3 = performance.now();
    const stats = explainer instanceof WasmSatEngine ? explainer.stats() : undefined;
    hash.update(JSON.stringify({ ...slots, excluded_base_images: excluded }));
    console.log(
      JSON.stringify({
        bases: plan.encoding.space.bases.length,
        dropped: plan.encoding.dropped.size,
        excluded: excluded.length,
        reasons: excluded.reduce((n, e) => n + e.reasons.length, 0),
        selectors: plan.encoding.selectors.length,
        planner_solves: plannerSolves,
        explainer_solves: explainerSolves,
        explainer_propagations: stats?.propagations,
        explainer_decisions: stats?.decisions,
        encode_ms: +(t1 - t0).toFixed(1),
        slots_ms: +(t2 - t1).toFixed(1),
        excluded_ms: +(t3 - t2).toFixed(1),
      }),
    );
  } finally {
    plan.dispose();
  }
}
console.log(JSON.stringify({ preset, clusters, answers_sha256: hash.digest('hex') }));
