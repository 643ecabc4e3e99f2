// Strata's benchmark suite: every engine on the same synthetic world, in one run, so the ratios
// between engines are measured side by side. Each row stands next to its floor, measured in the
// same run: JSON.parse of the row's input texts, the least any planner must do. It measures; it
// asserts nothing about time.
//
//   npm run bench -- --preset vendor|mixed [--quick] [--engines wasm,minisat,z3] [--seed 1] [--fleet] [--clusters N]
//                    [--scenarios N (0: no what-if rows)] [--load-only] [--save]
//   npm run bench -- --preset large --write DIR [--clusters N]    # writes the fleet as files, and exits
//
// --load-only: the load rows alone (the JSON.parse floor, load and index, load from a snapshot).
//
// Writes a markdown table to stdout and <preset>.json to bench/out/ (bench/results/ with --save).
// The fleet's whole-process row runs the compiled CLI (bin/strata.js): `npm run build` first.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { generateFleet, PRESETS, type PresetName } from './generate/world.js';
import { writeFleet } from './generate/cli.js';
import { Catalog } from '../src/catalog/catalog.js';
import { loadCatalogCached } from '../src/load/cached.js';
import { ClusterPlan, validateDesired, withPlan } from '../src/plan/plan.js';
import { explainBase } from '../src/plan/explain.js';
import { referencePlan } from '../src/plan/reference.js';
import { ENGINE_NAMES, shutdownEngines, isEngineName } from '../src/sat/registry.js';
import type { EngineName } from '../src/sat/engine.js';
import type { Cluster } from '../src/model/types.js';
import { writeResult } from './output.js';
import { benchFleet, type FleetBench } from './fleet.js';
import { benchWhatif, type WhatifBench } from './whatif/mix-run.js';
import { groupRows } from './groups.js';

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
  /** JSON.parse of the same input texts, measured in this run */
  floor_ms?: number;
  /** mean / floor */
  x_floor?: number;
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
    scenarios: Number(get('scenarios') ?? (argv.includes('--quick') ? 200 : 2000)),
    write: get('write'),
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
  // what a user waits for: encode, three slots and the reasons of every excluded base image
  // (no repair plans). Cold indexes a fresh catalog from the parsed depot and HCL each run; cold
  // encoding plans on the loaded catalog with the depot side encoded afresh (no shared snapshot:
  // the first plan of a depot a service or fleet has loaded); warm reuses the loaded catalog, and
  // with it any depot encoding cached for it.
  const full = (c: Catalog, shared = true) => withPlan(c, cluster, { engine, repairs: 0, shared }, (plan) => plan.recommend());
  // at least 600 ms each, --quick too: 150 ms gave the cold rows 8 samples, taken while the code
  // was still being compiled, and a ratio to minisat of 5.8x where full-length runs give 8-10x
  const fullTime = Math.max(time, 600);
  // and after half a second of cold plans: the rows measure a process that has planned before
  // (a service, a fleet); the first plans of a process are `npm run bench:startup`'s
  const cold = () => full(new Catalog(catalog.depot, catalog.hcl));
  for (const t0 = performance.now(); performance.now() - t0 < 500; ) await cold();
  rows.push(
    await measure(
      'recommend, full (encode + three slots + reasons), cold',
      engine,
      cold,
      { time: fullTime, iterations: 3 },
      'fresh catalog each run; no repairs',
    ),
  );
  rows.push(
    await measure(
      'recommend, full (encode + three slots + reasons), cold encoding',
      engine,
      () => full(catalog, false),
      { time: fullTime, iterations: 3 },
      'loaded catalog, depot side encoded afresh; no repairs',
    ),
  );
  rows.push(
    await measure(
      'recommend, full (encode + three slots + reasons), warm',
      engine,
      () => full(catalog),
      { time: fullTime, iterations: 3 },
      'no repairs',
    ),
  );
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
  const head = '| task | engine | mean ms | p50 ms | p99 ms | ops/s | × wasm | floor ms | × floor | rss MB | note |';
  const sep = '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|';
  const f = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(3));
  const opt = (n: number | undefined, suffix = '') => (n === undefined ? '' : `${f(n)}${suffix}`);
  return [
    head,
    sep,
    ...rows.map(
      (r) =>
        `| ${r.task} | ${r.engine} | ${f(r.mean_ms)} | ${f(r.p50_ms)} | ${f(r.p99_ms)} | ${f(r.ops_per_s)} | ${r.ratio_to_wasm === undefined ? '' : `${r.ratio_to_wasm.toFixed(1)}×`} | ${opt(r.floor_ms)} | ${opt(r.x_floor, '×')} | ${r.rss_mb} | ${r.note ?? ''} |`,
    ),
  ].join('\n');
}

/** Rows whose input is `floor`'s texts stand next to it. */
function withFloor(rows: Row[], floor: Row): void {
  for (const r of rows) {
    r.floor_ms = floor.mean_ms;
    r.x_floor = r.mean_ms / floor.mean_ms;
  }
}

async function main() {
  const a = args(process.argv.slice(2));
  if (a.write !== undefined) {
    process.stderr.write(`generating preset ${a.preset} (seed ${a.seed})…\n`);
    const w = writeFleet(a.write, a.preset, a.seed, a.clusters > 0 ? a.clusters : undefined);
    console.log(`Written: ${w.depot}, ${w.hcl} and ${w.count} clusters in ${w.clusters}/`);
    console.log(`Plan them: npx strata fleet --depot ${w.depot} --hcl ${w.hcl} --clusters ${w.clusters}`);
    return;
  }
  const time = a.quick ? 150 : 1500;
  process.stderr.write(`generating preset ${a.preset} (seed ${a.seed})…\n`);
  const t = performance.now();
  const fleet = generateFleet(PRESETS[a.preset], a.seed);
  const generateMs = performance.now() - t;
  const depotText = JSON.stringify(fleet.depot);
  const hclText = JSON.stringify(fleet.hcl);
  const cluster = fleet.clusters[0]!;
  const clusterText = JSON.stringify(cluster);
  const catalog = new Catalog(fleet.depot, fleet.hcl);
  const rows: Row[] = [];
  const parseFloor = await measure(
    'JSON.parse floor (depot + HCL + cluster)',
    'any',
    () => [JSON.parse(depotText), JSON.parse(hclText), JSON.parse(clusterText)],
    { time, iterations: 3 },
    'the least any planner must do with these inputs',
  );
  rows.push(parseFloor);
  rows.push(...(await loadRows(depotText, hclText, time)));
  for (const engine of a.loadOnly ? [] : a.engines) rows.push(...(await engineRows(engine, catalog, cluster, time)));
  if (a.preset === 'mixed' && !a.loadOnly)
    for (const engine of a.engines) rows.push(...(await groupRows(measure, engine, catalog, cluster, time)));
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
  withFloor(
    rows.filter((r) => r !== parseFloor),
    parseFloor,
  );
  for (const r of rows) {
    const w = rows.find((x) => x.task === r.task && x.engine === 'wasm');
    if (w && r.engine !== 'any') r.ratio_to_wasm = r.mean_ms / (r.per ?? 1) / (w.mean_ms / (w.per ?? 1));
  }

  let whatif: WhatifBench[] = [];
  if (a.scenarios > 0) {
    process.stderr.write(`what-if: ${a.scenarios} scenarios, 5% depot or desired-image changes…\n`);
    try {
      whatif = await benchWhatif({ depot: fleet.depot, hcl: fleet.hcl, cluster }, a.scenarios, a.engines[0]!, a.seed);
    } catch (err) {
      process.stderr.write(`  what-if skipped: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }

  let fleetResult: FleetBench | undefined;
  if (a.fleet) {
    const dir = mkdtempSync(join(tmpdir(), 'strata-bench-fleet-'));
    try {
      const written = writeFleet(dir, a.preset, a.seed, a.clusters > 0 ? a.clusters : undefined);
      const jobs = Math.min(2, availableParallelism());
      process.stderr.write(`re-planning ${written.count} clusters on ${jobs} workers (in this process, then as \`strata fleet\`)…\n`);
      fleetResult = await benchFleet(written, a.engines[0]!, jobs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
    whatif,
    fleet: fleetResult,
  };
  const out = writeResult(a.preset, result);
  console.log(
    `## Strata bench — preset ${a.preset}${a.quick ? ' (quick)' : ''}, seed ${a.seed}, ${process.version}, ${result.cores} cores\n`,
  );
  console.log(`World: ${JSON.stringify(result.world)}; generated in ${result.generate_ms} ms\n`);
  console.log(table(rows));
  if (whatif.length) {
    console.log(`\nWhat-if, ${a.scenarios} scenarios with 5% depot or desired-image changes (engine ${a.engines[0]}):\n`);
    console.log(
      '| run | repair plans | scenarios | scenarios/s | after the first answer, /s | first answer ms | ms per depot change | total ms | floor ms | × floor |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const w of whatif) {
      const after = ((w.scenarios - 1) * 1000) / Math.max(w.total_ms - w.first_ms, 1e-6);
      console.log(
        `| ${w.run} | ${w.repairs} | ${w.scenarios} | ${w.per_s.toFixed(0)} | ${after.toFixed(0)} | ${w.first_ms.toFixed(0)} | ${w.depot_change_ms?.toFixed(1) ?? ''} | ${w.total_ms.toFixed(0)} | ${w.floor_ms.toFixed(1)} | ${(w.total_ms / w.floor_ms).toFixed(1)}× |`,
      );
    }
  }
  if (fleetResult) {
    const r = fleetResult;
    console.log(`\nFleet (${r.engine}, repairs ${r.repairs}): ${r.clusters} clusters, ${r.workers} workers\n`);
    console.log('| run | total s | p50 ms/cluster | p99 ms/cluster | peak RSS MB | floor s | × floor |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    const s = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      `| src/fleet runner in this process (its workers compile the sources through tsx first) | ${s(r.in_process.total_ms)} | ${r.in_process.p50_ms.toFixed(0)} | ${r.in_process.p99_ms.toFixed(0)} | | ${s(r.floor_in_process_ms)} | ${(r.in_process.total_ms / r.floor_in_process_ms).toFixed(1)}× |`,
    );
    if (r.whole_process) {
      const w = r.whole_process;
      console.log(
        `| \`strata fleet --json\`, whole process | ${s(w.total_ms)} | ${w.p50_ms.toFixed(0)} | ${w.p99_ms.toFixed(0)} | ${w.peak_rss_mb} | ${s(w.floor_ms)} | ${(w.total_ms / w.floor_ms).toFixed(1)}× |`,
      );
    } else console.log(`| \`strata fleet\`, whole process | skipped: ${r.skipped} | | | | | |`);
    console.log(
      `\nFloors: JSON.parse of depot.json, hcl.json and every cluster file (${(r.input_bytes / 2 ** 20).toFixed(1)} MB) in this process, and as \`node -e\` (whole process).`,
    );
  }
  console.log(`\nWritten: ${out}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
