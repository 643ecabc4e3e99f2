// Strata's benchmark suite: every engine on the same synthetic world, in one run, so the ratios
// between engines are measured side by side. It measures; it asserts nothing about time.
//
//   npm run bench -- --preset vendor [--quick] [--engines wasm,minisat,z3] [--seed 1] [--fleet] [--load-only] [--save]
//
// --load-only: the load rows alone (the JSON.parse floor, load and index, load from a snapshot).
//
// Writes a markdown table to stdout and <preset>.json to bench/out/ (bench/results/ with --save).
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { generateFleet, PRESETS, type PresetName } from './generate/world.js';
import { Catalog } from '../src/catalog/catalog.js';
import { loadCatalogCached } from '../src/load/cached.js';
import { ClusterPlan, validateDesired } from '../src/plan/plan.js';
import { explainBase } from '../src/plan/explain.js';
import { referencePlan } from '../src/plan/reference.js';
import { ENGINE_NAMES, shutdownEngines, isEngineName } from '../src/sat/registry.js';
import type { EngineName } from '../src/sat/engine.js';
import type { Cluster } from '../src/model/types.js';
import { replanFleet } from './fleet.js';
import { writeResult } from './output.js';

interface Row {
  task: string;
  engine: string;
  mean_ms: number;
  p50_ms: number;
  p99_ms: number;
  ops_per_s: number;
  samples: number;
  rss_mb: number;
  /** engine mean / wasm mean for the same task (higher: slower than wasm) */
  ratio_to_wasm?: number;
  /** items per run, when runs of different engines do different amounts of work */
  per?: number;
  note?: string;
}

function args(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const preset = (get('preset') ?? 'vendor') as PresetName;
  if (!(preset in PRESETS)) throw new Error(`--preset must be one of ${Object.keys(PRESETS).join(', ')}`);
  const engines = (get('engines') ?? ENGINE_NAMES.join(',')).split(',');
  for (const e of engines) if (!isEngineName(e)) throw new Error(`unknown engine ${e} (known: ${ENGINE_NAMES.join(', ')})`);
  return {
    preset,
    quick: argv.includes('--quick'),
    engines: engines as EngineName[],
    seed: Number(get('seed') ?? 1),
    loadOnly: argv.includes('--load-only'),
    fleet: !argv.includes('--load-only') && (argv.includes('--fleet') || (preset === 'large' && !argv.includes('--no-fleet'))),
    clusters: Number(get('clusters') ?? 0),
  };
}

const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

async function measure(
  name: string,
  engine: string,
  fn: () => unknown,
  opts: { time: number; iterations?: number },
  note?: string,
): Promise<Row> {
  const bench = new Bench({ time: opts.time, warmupTime: Math.min(200, opts.time / 4), iterations: opts.iterations ?? 5 });
  // an async function, so tinybench does not call it once to find out whether it is one
  bench.add(name, async () => {
    await fn();
  });
  await bench.run();
  const r = bench.tasks[0]!.result;
  if (r.state !== 'completed')
    throw new Error(
      `${name} (${engine}) did not complete: ${r.state}${'error' in r ? `: ${(r.error as Error)?.stack ?? String(r.error)}` : ''}`,
    );
  const row: Row = {
    task: name,
    engine,
    mean_ms: r.latency.mean,
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    ops_per_s: r.throughput.mean,
    samples: r.latency.samplesCount,
    rss_mb: rssMb(),
  };
  if (note) row.note = note;
  process.stderr.write(`  ${engine.padEnd(9)} ${name.padEnd(28)} p50 ${row.p50_ms.toFixed(2)} ms\n`);
  return row;
}

async function engineRows(engine: EngineName, catalog: Catalog, cluster: Cluster, time: number): Promise<Row[]> {
  const rows: Row[] = [];
  rows.push(
    await measure('encode', engine, async () => (await ClusterPlan.create(catalog, cluster, { engine })).dispose(), {
      time,
      iterations: 3,
    }),
  );
  const plan = await ClusterPlan.create(catalog, cluster, { engine });
  try {
    rows.push(await measure('recommend (3 slots, warm)', engine, () => plan.slots(), { time }));
    // enumeration needs a wide space: the same hosts, nothing pinned but the solutions, and
    // every version of the desired user components
    const components = Object.fromEntries(Object.keys(cluster.desired.components ?? {}).map((n) => [n, null]));
    const wide = await ClusterPlan.create(
      catalog,
      { ...cluster, desired: { solutions: cluster.desired.solutions ?? {}, components } },
      { engine },
    );
    try {
      // z3 takes ~100 ms a solve here: it enumerates fewer, and is compared per combination
      const limit = engine === 'z3' ? 50 : 1000;
      let found = 0;
      const en = await measure(
        'enumerate (per combination)',
        engine,
        async () => {
          found = (await wide.enumerate(limit, undefined, { stopAtLimit: true })).combinations.length;
        },
        { time, iterations: 2 },
      );
      en.note = `first ${found} combinations of a wide space per run: ${Math.round((found / en.mean_ms) * 1000)} combinations/s`;
      en.per = found;
      rows.push(en);
    } finally {
      wide.dispose();
    }
    const { latest } = await plan.slots();
    const excluded = plan.encoding.space.bases.findIndex((b) => latest && b.version === latest.base_image.version);
    const count = excluded < 0 ? plan.encoding.space.bases.length : excluded;
    if (count > 0) {
      let next = 0;
      rows.push(
        await measure(
          'explain one excluded base',
          engine,
          () => explainBase(plan.encoding, next++ % count),
          { time },
          `${count} excluded base images`,
        ),
      );
    }
    rows.push(
      await measure(
        'validate whole cluster',
        engine,
        () => validateDesired(catalog, cluster, { engine }),
        { time, iterations: 3 },
        `${cluster.hosts.length} hosts`,
      ),
    );
  } finally {
    plan.dispose();
  }
  return rows;
}

/**
 * Loading next to its floor, in one run: JSON.parse of the same bytes (the least any loader does),
 * the loader (parse, check, index) from the files, and the catalog snapshot. Each row's note gives
 * its median over the floor's median.
 */
async function loadRows(depotText: string, hclText: string, time: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-load-'));
  try {
    const depotFile = join(dir, 'depot.json');
    const hclFile = join(dir, 'hcl.json');
    writeFileSync(depotFile, depotText);
    writeFileSync(hclFile, hclText);
    const cacheDir = join(dir, 'cache');
    if (loadCatalogCached(depotFile, hclFile, { cacheDir }).from !== 'json') throw new Error('the cache should start empty');
    const snapshotMb = readdirSync(cacheDir).reduce((n, f) => n + statSync(join(cacheDir, f)).size, 0) / 2 ** 20;
    const mb = `${(depotText.length / 2 ** 20).toFixed(1)} + ${(hclText.length / 2 ** 20).toFixed(1)} MB JSON`;
    const opts = { time, iterations: 5 };
    const floor = await measure(
      'JSON.parse floor (same bytes)',
      'any',
      () => [JSON.parse(readFileSync(depotFile, 'utf8')), JSON.parse(readFileSync(hclFile, 'utf8'))],
      opts,
      mb,
    );
    const load = await measure('load and index depot + HCL', 'any', () => loadCatalogCached(depotFile, hclFile), opts);
    const snap = await measure(
      'load from snapshot',
      'any',
      () => {
        if (loadCatalogCached(depotFile, hclFile, { cacheDir }).from !== 'snapshot') throw new Error('the snapshot was not used');
      },
      opts,
    );
    for (const r of [load, snap]) r.note = `${(r.p50_ms / floor.p50_ms).toFixed(2)}× the JSON.parse floor (p50)`;
    snap.note += `; snapshot ${snapshotMb.toFixed(1)} MB`;
    return [floor, load, snap];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(rows: Row[]): string {
  const head = '| task | engine | mean ms | p50 ms | p99 ms | ops/s | × wasm | rss MB | note |';
  const sep = '|---|---|---:|---:|---:|---:|---:|---:|---|';
  const f = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(3));
  return [
    head,
    sep,
    ...rows.map(
      (r) =>
        `| ${r.task} | ${r.engine} | ${f(r.mean_ms)} | ${f(r.p50_ms)} | ${f(r.p99_ms)} | ${f(r.ops_per_s)} | ${r.ratio_to_wasm === undefined ? '' : `${r.ratio_to_wasm.toFixed(1)}×`} | ${r.rss_mb} | ${r.note ?? ''} |`,
    ),
  ].join('\n');
}

async function main() {
  const a = args(process.argv.slice(2));
  const time = a.quick ? 150 : 1500;
  process.stderr.write(`generating preset ${a.preset} (seed ${a.seed})…\n`);
  const t = performance.now();
  const fleet = generateFleet(PRESETS[a.preset], a.seed);
  const generateMs = performance.now() - t;
  const depotText = JSON.stringify(fleet.depot);
  const hclText = JSON.stringify(fleet.hcl);
  const catalog = new Catalog(fleet.depot, fleet.hcl);
  const cluster = fleet.clusters[0]!;
  const rows: Row[] = [];
  rows.push(...(await loadRows(depotText, hclText, time)));
  for (const engine of a.loadOnly ? [] : a.engines) rows.push(...(await engineRows(engine, catalog, cluster, time)));
  if (a.preset === 'small' && !a.loadOnly) {
    rows.push(
      await measure(
        'recommend + enumerate all',
        'reference',
        () => referencePlan(catalog, cluster),
        { time, iterations: 3 },
        'brute force, for scale',
      ),
    );
  }
  for (const r of rows) {
    const w = rows.find((x) => x.task === r.task && x.engine === 'wasm');
    if (w && r.engine !== 'any') r.ratio_to_wasm = r.mean_ms / (r.per ?? 1) / (w.mean_ms / (w.per ?? 1));
  }
  let fleetResult: Awaited<ReturnType<typeof replanFleet>> | undefined;
  if (a.fleet) {
    const clusters = a.clusters > 0 ? fleet.clusters.slice(0, a.clusters) : fleet.clusters;
    process.stderr.write(`re-planning ${clusters.length} clusters on ${Math.min(2, availableParallelism())} workers…\n`);
    fleetResult = await replanFleet(a.preset, a.seed, clusters.length, a.engines[0]!);
  }
  await shutdownEngines();
  const result = {
    preset: a.preset,
    seed: a.seed,
    quick: a.quick,
    node: process.version,
    cores: availableParallelism(),
    generate_ms: Math.round(generateMs),
    world: {
      base_images: fleet.depot.base_images.length,
      add_ons: fleet.depot.add_ons.length,
      packages: fleet.depot.hardware_support_packages.length,
      component_versions: fleet.depot.components.length,
      hcl_devices: fleet.hcl.devices.length,
      clusters: fleet.clusters.length,
      hosts_in_benched_cluster: cluster.hosts.length,
    },
    rows,
    fleet: fleetResult,
  };
  const out = writeResult(a.preset, result);
  console.log(
    `## Strata bench — preset ${a.preset}${a.quick ? ' (quick)' : ''}, seed ${a.seed}, ${process.version}, ${result.cores} cores\n`,
  );
  console.log(`World: ${JSON.stringify(result.world)}; generated in ${result.generate_ms} ms\n`);
  console.log(table(rows));
  if (fleetResult) {
    console.log(
      `\nFleet re-plan (${fleetResult.engine}): ${fleetResult.clusters} clusters in ${(fleetResult.total_ms / 1000).toFixed(1)} s on ${fleetResult.workers} workers; per cluster p50 ${fleetResult.p50_ms.toFixed(0)} ms, p99 ${fleetResult.p99_ms.toFixed(0)} ms`,
    );
  }
  console.log(`\nWritten: ${out}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
