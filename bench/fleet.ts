// The fleet rows: every cluster of a written fleet recommended by src/fleet's runner (the path
// `strata fleet` takes), in this process and as a whole `strata fleet` process, each next to
// its floor: JSON.parse of the same files, in this process and as a whole `node -e` process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantile, runFleet } from '../src/fleet/runner.js';
import type { EngineName } from '../src/sat/engine.js';
import type { WrittenFleet } from './generate/cli.js';

export interface FleetBench {
  engine: string;
  /** repair plans per excluded base image: the command's default */
  repairs: number;
  clusters: number;
  workers: number;
  input_bytes: number;
  floor_in_process_ms: number;
  in_process: { total_ms: number; p50_ms: number; p99_ms: number; load_ms: number[] };
  whole_process?: { total_ms: number; p50_ms: number; p99_ms: number; peak_rss_mb: number; floor_ms: number; floor_peak_rss_mb: number };
  skipped?: string;
}

const REPAIRS = 0;
const root = fileURLToPath(new URL('..', import.meta.url));

function inputFiles(w: WrittenFleet): string[] {
  return [
    w.depot,
    w.hcl,
    ...readdirSync(w.clusters)
      .sort()
      .map((f) => join(w.clusters, f)),
  ];
}

/** Runs `node -e CODE args…` and reports its wall time and peak RSS (the code's exit hook prints it). */
function timedNode(code: string, args: string[]): { ms: number; peakRssMb: number; stdout: string; status: number | null; stderr: string } {
  const report = `process.on('exit', () => require('node:fs').writeSync(2, '\\nPEAK_RSS_KB ' + process.resourceUsage().maxRSS + '\\n'));`;
  const started = performance.now();
  const r = spawnSync(process.execPath, ['-e', report + code, ...args], { cwd: root, maxBuffer: 2 ** 30, encoding: 'utf8' });
  const ms = performance.now() - started;
  const kb = /PEAK_RSS_KB (\d+)/.exec(r.stderr ?? '');
  return { ms, peakRssMb: kb ? Math.round(Number(kb[1]) / 1024) : 0, stdout: r.stdout ?? '', status: r.status, stderr: r.stderr ?? '' };
}

export async function benchFleet(w: WrittenFleet, engine: EngineName, jobs: number): Promise<FleetBench> {
  const files = inputFiles(w);
  const inputBytes = files.reduce((n, f) => n + statSync(f).size, 0);
  let floor = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    for (const f of files) JSON.parse(readFileSync(f, 'utf8'));
    floor = Math.min(floor, performance.now() - t);
  }
  const run = await runFleet({ depot: w.depot, hcl: w.hcl, clusters: w.clusters, jobs, engine, repairs: REPAIRS }, () => {});
  const result: FleetBench = {
    engine,
    repairs: REPAIRS,
    clusters: run.clusters,
    workers: run.workers,
    input_bytes: inputBytes,
    floor_in_process_ms: floor,
    in_process: {
      total_ms: run.total_ms,
      p50_ms: quantile(run.times, 0.5),
      p99_ms: quantile(run.times, 0.99),
      load_ms: run.load_ms.map(Math.round),
    },
  };
  if (!existsSync(join(root, 'dist/fleet/runner.js'))) {
    result.skipped = 'dist/ has no fleet command: run `npm run build` first';
    return result;
  }
  // `node -e` drops the first argument of process.argv: bin/strata.js expects its own path there
  const cli = `process.argv.splice(1, 0, 'strata'); import(${JSON.stringify(join(root, 'bin/strata.js'))});`;
  const args = ['fleet', '--depot', w.depot, '--hcl', w.hcl, '--clusters', w.clusters, '--json', '--jobs', String(jobs)];
  const whole = timedNode(cli, [...args, '--engine', engine, '--repairs', String(REPAIRS)]);
  if (whole.status !== 0) {
    result.skipped = `strata fleet exited ${whole.status}: ${whole.stderr.trim().split('\n')[0]}`;
    return result;
  }
  const lines = whole.stdout.trimEnd().split('\n');
  const summary = JSON.parse(lines[lines.length - 1]!).summary as { time: { p50_ms: number; p99_ms: number } };
  const parse = timedNode(`for (const f of process.argv.slice(1)) JSON.parse(require('node:fs').readFileSync(f, 'utf8'));`, files);
  result.whole_process = {
    total_ms: whole.ms,
    p50_ms: summary.time.p50_ms,
    p99_ms: summary.time.p99_ms,
    peak_rss_mb: whole.peakRssMb,
    floor_ms: parse.ms,
    floor_peak_rss_mb: parse.peakRssMb,
  };
  return result;
}
