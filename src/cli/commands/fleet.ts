// `strata fleet`: recommend every cluster of a site against one depot and HCL, on worker threads,
// streaming a result per cluster and closing with a summary.
import { REPAIRS_BUDGET_HELP, repairsBudgetOf } from '../repairs-budget.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { intValue, parseArgs } from '../args.js';
import { EXIT_CODES_HELP } from '../world-args.js';
import { guardStdout, stdoutStyle, write } from '../render/output.js';
import { FRESHNESS_FLAGS, FRESHNESS_HELP, freshnessLimitsFrom } from '../render/freshness.js';
import { FleetProgress, resultLine, summaryLines } from '../render/fleet.js';
import { hclFreshness, type HclFreshness } from '../../catalog/freshness.js';
import { clusterFiles, sourceKind } from '../../fleet/sources.js';
import { quantile, runFleet, type FleetResult } from '../../fleet/runner.js';
import { SummaryCounter } from '../../fleet/summary.js';
import { DEFAULT_ENGINE, ENGINE_NAMES, isEngineName, shutdownEngines } from '../../sat/registry.js';
import type { EngineName } from '../../sat/engine.js';

const help = `strata fleet — recommend every cluster of a site, on every core, with a summary

Usage: strata fleet --depot FILE --hcl FILE --clusters PATH [--jobs N] [--json] [--engine NAME] [--repairs K]
                    [--repairs-budget N] [--cache DIR | --no-cache]

Plans each cluster the way "strata recommend" does (latest, current series, same base; every
excluded base image with its reasons, and with --repairs K its repair plans) against one depot
and one HCL. Each worker
thread loads and indexes the depot and the HCL once, then plans cluster after cluster; results are
printed as clusters finish, so their order may differ from run to run.

Inputs:
  --depot FILE      the software depot (docs/depot.md)
  --hcl FILE        the hardware compatibility list (docs/hcl.md)
  --clusters PATH   a folder of cluster files (every *.json in it, docs/cluster.md), or one
                    JSON Lines file with a cluster per line (blank lines are skipped)

Options:
  --jobs N          worker threads (default: one per core, at most one per cluster; 0 plans in
                    the main thread)
  --engine NAME     the SAT engine: ${ENGINE_NAMES.join(', ')} (default ${DEFAULT_ENGINE}); every engine gives the same answers
  --repairs K       repair plans per excluded base image (default 0: none. A site has many
                    excluded base images and planning their repairs, even within the budget,
                    takes far longer than the rest; "strata recommend" gives them per cluster,
                    or use --repairs 1)
${REPAIRS_BUDGET_HELP}
  --cache DIR       where binary snapshots of loaded depots and HCLs are kept (default
                    $XDG_CACHE_HOME/strata, else ~/.cache/strata). A run whose depot and HCL bytes
                    were loaded before reads the snapshot instead of parsing and checking the JSON;
                    a snapshot that does not match the bytes, or is damaged, is ignored and rebuilt
  --no-cache        always load the JSON files, and write no snapshot
${FRESHNESS_HELP}
  --json            JSON Lines instead of the report for people
  -h, --help        print this help

A bad cluster (unreadable file or line, a problem in its JSON, a name used twice) does not stop
the run: it is reported as that cluster's result, naming the file (and line) and the JSON path,
and the exit code is 2 at the end. A bad depot or HCL stops the run before any cluster is planned.

Output: one line per cluster: its latest image, the current series and same base ones ("= latest"
when the same image, "—" when none), and how many base images are excluded with their most
frequent reason codes. Then a summary: how many clusters have each recommendation, how many have no
valid image or could not be planned, the most frequent reason codes over the fleet (reasons, and
clusters with at least one), and the time taken. On a terminal, stderr shows a progress bar.
With --json, one JSON object per line:
  {"cluster": NAME, "latest", "current_series", "same_base", "excluded_base_images",
   "hcl_age_days", "hcl_freshness"}   exactly "strata recommend --json --repairs K", plus "cluster"
  {"cluster": NAME, "errors": [{"file", "path", "message"}]}      a bad cluster
  {"cluster": NAME, "failure": MESSAGE}                           a cluster Strata failed on (a bug)
and a last line {"summary": {"clusters", "planned", "latest", "current_series", "same_base",
"no_valid_image", "bad_input", "failed", "reasons": [{"code", "count", "clusters"}], "time":
{"total_ms", "workers", "p50_ms", "p99_ms"}}} (docs/fleet.md).

Example:
  strata fleet --depot depot.json --hcl hcl.json --clusters clusters/
  strata fleet --depot depot.json --hcl hcl.json --clusters site.jsonl --json | jq 'select(.cluster) | {cluster, latest: .latest.base_image.version}'

${EXIT_CODES_HELP}
  With several clusters: 1 if Strata failed on any, else 2 if any input was bad, else 0.`;

function required(values: Map<string, string>, name: string, what: string): string {
  const v = values.get(name);
  if (v === undefined) {
    throw new UsageError(`missing --${name} (${what})\nExample: strata fleet --depot depot.json --hcl hcl.json --clusters clusters/`);
  }
  return v;
}

/**
 * `{"cluster": NAME, …recommendations, …freshness}`, spliced from the worker's JSON text of the
 * recommendations: the same bytes as stringifying the object, without parsing it back.
 */
function jsonLine(cluster: string, recommendations: string, freshness: HclFreshness): string {
  const tail = JSON.stringify(freshness);
  return `{"cluster":${JSON.stringify(cluster)},${recommendations.slice(1, -1)}${tail === '{}' ? '' : `,${tail.slice(1, -1)}`}}`;
}

function defaultCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'strata');
}

export const fleetCommand: Command = {
  name: 'fleet',
  help,
  async run(args) {
    const parsed = parseArgs(args, {
      values: ['depot', 'hcl', 'clusters', 'jobs', 'engine', 'repairs', 'repairs-budget', 'cache', ...FRESHNESS_FLAGS],
      booleans: ['json', 'no-cache'],
    });
    if (parsed.positionals.length > 0) {
      throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[0])} (give the clusters with --clusters PATH)`);
    }
    const depot = required(parsed.values, 'depot', 'the depot file');
    const hcl = required(parsed.values, 'hcl', 'the HCL file');
    const clusters = required(parsed.values, 'clusters', 'a folder of cluster files or a JSON Lines file');
    const kind = sourceKind(clusters);
    if (typeof kind === 'object') throw new UsageError(`--clusters ${kind.problem}`);
    if (kind === 'folder' && clusterFiles(clusters).length === 0) {
      throw new UsageError(`--clusters ${clusters}: no cluster files (*.json) in this folder`);
    }
    const engineName = parsed.values.get('engine') ?? DEFAULT_ENGINE;
    if (!isEngineName(engineName)) {
      throw new UsageError(
        `unknown engine ${JSON.stringify(engineName)}: choose one of ${ENGINE_NAMES.join(', ')} (default ${DEFAULT_ENGINE})`,
      );
    }
    const engine: EngineName = engineName;
    const jobs = intValue(parsed, 'jobs');
    const repairs = intValue(parsed, 'repairs') ?? 0;
    const repairsBudget = repairsBudgetOf(parsed);
    const limits = freshnessLimitsFrom(parsed);
    const json = parsed.booleans.has('json');
    if (parsed.booleans.has('no-cache') && parsed.values.has('cache')) throw new UsageError('give --cache DIR or --no-cache, not both');
    const cacheDir = parsed.booleans.has('no-cache') ? undefined : (parsed.values.get('cache') ?? defaultCacheDir());
    for (const f of [depot, hcl]) if (!fs.existsSync(f)) throw new UsageError(`${f}: file not found`);

    guardStdout();
    const style = stdoutStyle();
    const counter = new SummaryCounter();
    const now = new Date();
    let freshness: HclFreshness | undefined;
    let progress: FleetProgress | null = null;
    const onResult = async (r: FleetResult) => {
      counter.add(r);
      let line: string;
      if (!json) line = resultLine(r, style);
      else if (r.status === 'input') line = JSON.stringify({ cluster: r.name, errors: r.problems });
      else if (r.status === 'failure') line = JSON.stringify({ cluster: r.name, failure: r.message });
      else {
        freshness ??= hclFreshness(r.hclUpdated, now, limits);
        line = jsonLine(r.name, r.json!, freshness);
      }
      if (process.stdout.isTTY) progress?.clear();
      await write(line + '\n');
      progress?.tick();
    };
    let run: Awaited<ReturnType<typeof runFleet>>;
    try {
      const opts = {
        depot,
        hcl,
        clusters,
        engine,
        repairs,
        json,
        ...(repairsBudget === undefined ? {} : { repairsBudget }),
        ...(jobs === undefined ? {} : { jobs }),
        ...(cacheDir ? { cacheDir } : {}),
      };
      run = await runFleet(opts, onResult, (total) => (progress = FleetProgress.forStderr(total)));
    } finally {
      (progress as FleetProgress | null)?.clear();
      await shutdownEngines();
    }
    const summary = counter.summary();
    const time = {
      total_ms: Math.round(run.total_ms),
      workers: run.workers,
      p50_ms: Math.round(quantile(run.times, 0.5)),
      p99_ms: Math.round(quantile(run.times, 0.99)),
    };
    if (json) await write(JSON.stringify({ summary: { ...summary, time } }) + '\n');
    else await write(summaryLines(summary, time, style).join('\n') + '\n');
    return summary.failed > 0 ? 1 : summary.bad_input > 0 ? 2 : 0;
  },
};
