// Repair plans under a budget: per cluster, the solves the repair search spent, the excluded
// base images it repaired, found without a plan, or left stopped by the budget, and the time of
// the whole recommend. Solves are the measure (the machine is shared); times are for reading.
//
//   npx tsx bench/repairs.ts [--preset vendor|large|small] [--clusters N] [--budget N|none] [--repairs K] [--engine wasm|minisat]
import { createHash } from 'node:crypto';
import { Catalog } from '../src/catalog/catalog.js';
import { ClusterPlan } from '../src/plan/plan.js';
import { repairStats } from '../src/plan/repair/stats.js';
import type { EngineName } from '../src/sat/engine.js';
import { shutdownEngines } from '../src/sat/registry.js';
import { generateFleet, PRESETS, type PresetName } from './generate/world.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const preset = arg('preset', 'vendor') as PresetName;
const clusters = Number(arg('clusters', '3'));
const budgetArg = arg('budget', 'default');
const repairs = Number(arg('repairs', '1'));
const engine = arg('engine', 'wasm') as EngineName;
const repairsBudget = budgetArg === 'none' ? Number.MAX_SAFE_INTEGER : budgetArg === 'default' ? undefined : Number(budgetArg);

const fleet = generateFleet(PRESETS[preset], 1);
const catalog = new Catalog(fleet.depot, fleet.hcl);
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const rows = [];
for (const cluster of fleet.clusters.slice(0, clusters)) {
  const before = repairStats.solves;
  const started = performance.now();
  const opts = { engine, repairs, ...(repairsBudget === undefined ? {} : { repairsBudget }) };
  const plan = await ClusterPlan.create(catalog, cluster, opts);
  try {
    const recs = await plan.recommend();
    const x = recs.excluded_base_images;
    rows.push({
      cluster: cluster.name,
      ms: Math.round(performance.now() - started),
      solves: repairStats.solves - before,
      excluded: x.length,
      repaired: x.filter((e) => e.repairs?.length).length,
      stopped: x.filter((e) => e.no_repair?.startsWith('repair search stopped')).length,
      none: x.filter((e) => e.no_repair && !e.no_repair.startsWith('repair search stopped')).length,
      answer: createHash('sha256').update(JSON.stringify(recs)).digest('hex').slice(0, 12),
    });
    console.log(JSON.stringify(rows.at(-1)));
  } finally {
    plan.dispose();
  }
}
console.log(
  JSON.stringify({
    preset,
    engine,
    repairs,
    budget: budgetArg,
    clusters: rows.length,
    p50_ms: p50(rows.map((r) => r.ms)),
    max_ms: Math.max(...rows.map((r) => r.ms)),
    p50_solves: p50(rows.map((r) => r.solves)),
    max_solves: Math.max(...rows.map((r) => r.solves)),
    stopped: rows.reduce((s, r) => s + r.stopped, 0),
  }),
);
await shutdownEngines();
