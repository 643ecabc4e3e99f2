// Recommending every cluster of a fleet on worker threads: each worker loads the site (depot +
// HCL) once and plans many clusters; results are handed on one at a time, as clusters finish.
// `strata fleet` and the bench's fleet rows both run this.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { InputError, type Problem } from '../load/errors.js';
import type { EngineName } from '../sat/engine.js';
import { siteFiles, type SiteFiles } from './site.js';
import { openClusters, type ClusterEntry } from './sources.js';
import type { ClusterDigest } from './summary.js';
import type { FleetReply, FleetTask, FleetWorkerData } from './worker.js';
import { compiledWorkerArgv } from '../util/worker-argv.js';

export interface FleetOptions extends SiteFiles {
  /** a folder of cluster files or a JSON Lines file */
  clusters: string;
  /** worker threads (default: the cores, at most one per cluster); 0 plans in the calling thread */
  jobs?: number;
  engine?: EngineName;
  repairs?: number;
  /** solves the repair search of one cluster may take (PlanOptions.repairsBudget) */
  repairsBudget?: number;
  /** results carry the recommendations as JSON text (`json`) */
  json?: boolean;
}

interface Named {
  name: string;
  source: string;
}

export type FleetResult =
  | (Named & { status: 'ok'; digest: ClusterDigest; json?: string; hclUpdated: string | undefined; ms: number })
  | (Named & { status: 'input'; problems: Problem[] })
  | (Named & { status: 'failure'; message: string });

export interface FleetRun {
  /** clusters read, bad ones included */
  clusters: number;
  workers: number;
  total_ms: number;
  /** each worker's load and index time of the site */
  load_ms: number[];
  /** planning time per planned cluster, ascending */
  times: number[];
}

/** The worker module: compiled JavaScript next to this file, or the sources through tsx. */
export function fleetWorkerFile(): string {
  const here = import.meta.url;
  return fileURLToPath(new URL(here.endsWith('.ts') ? './worker-boot.mjs' : './worker.js', here));
}

/** Tasks handed to the pool ahead of the free workers: enough to keep them busy, few enough to stream. */
const AHEAD_PER_WORKER = 2;

/**
 * Plans every cluster of `opts.clusters`; `onResult` sees each as it finishes (awaited, one at a
 * time, so a slow reader holds the run back instead of results piling up). Throws InputError when
 * the depot or the HCL is bad (nothing can be planned then); a bad cluster is a result.
 */
export async function runFleet(
  opts: FleetOptions,
  onResult: (r: FleetResult) => void | Promise<void>,
  onStart?: (clusters: number, workers: number) => void,
): Promise<FleetRun> {
  const started = performance.now();
  const source = openClusters(opts.clusters);
  const workers = opts.jobs === 0 ? 0 : Math.min(opts.jobs ?? availableParallelism(), Math.max(1, source.count));
  const run: FleetRun = { clusters: source.count, workers, total_ms: 0, load_ms: [], times: [] };
  onStart?.(source.count, workers);

  let delivering = Promise.resolve();
  const deliver = (r: FleetResult) => {
    delivering = delivering.then(() => onResult(r));
    return delivering;
  };
  let siteError: InputError | undefined;
  const settle = (e: ClusterEntry, reply: FleetReply): Promise<void> => {
    const named = { name: e.name, source: e.source };
    if (reply.status === 'site') {
      siteError ??= new InputError(reply.problems, reply.total);
      return Promise.resolve();
    }
    if (reply.status === 'failure') return deliver({ ...named, status: 'failure', message: reply.message });
    if (reply.loadMs !== undefined) run.load_ms.push(reply.loadMs);
    run.times.push(reply.ms);
    const ok: FleetResult = { ...named, status: 'ok', digest: reply.digest, hclUpdated: reply.hclUpdated, ms: reply.ms };
    if (reply.json !== undefined) ok.json = reply.json;
    return deliver(ok);
  };
  const taskOf = (e: ClusterEntry): FleetTask => {
    const task: FleetTask = { ...siteFiles(opts), cluster: e.cluster! };
    if (opts.engine) task.engine = opts.engine;
    if (opts.repairs !== undefined) task.repairs = opts.repairs;
    if (opts.repairsBudget !== undefined) task.repairsBudget = opts.repairsBudget;
    if (opts.json) task.json = true;
    return task;
  };

  // the workers load the site while this thread reads the clusters
  const submit = await taskRunner(workers, opts);
  try {
    const inFlight = new Set<Promise<void>>();
    const limit = Math.max(1, workers * AHEAD_PER_WORKER);
    for (const e of source.entries) {
      if (siteError) break;
      if (!e.cluster) {
        await deliver({ name: e.name, source: e.source, status: 'input', problems: e.problems ?? [] });
        continue;
      }
      const p: Promise<void> = submit(taskOf(e))
        .then(
          (reply) => settle(e, reply),
          (err: unknown) => settle(e, { status: 'failure', message: `worker died: ${err instanceof Error ? err.message : String(err)}` }),
        )
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await delivering;
  } finally {
    await submit.close();
  }
  if (siteError) throw siteError;
  run.times.sort((a, b) => a - b);
  run.total_ms = performance.now() - started;
  return run;
}

type Submit = ((task: FleetTask) => Promise<FleetReply>) & { close(): Promise<void> };

async function taskRunner(threads: number, site: SiteFiles): Promise<Submit> {
  if (threads === 0) {
    const { runFleetTask } = await import('./worker.js');
    return Object.assign((task: FleetTask) => runFleetTask(task), { close: async () => {} });
  }
  const { Piscina } = await import('piscina');
  const workerData: FleetWorkerData = { site: siteFiles(site) };
  const pool = new Piscina({
    filename: fleetWorkerFile(),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.MAX_SAFE_INTEGER,
    execArgv: compiledWorkerArgv(),
    workerData,
  });
  return Object.assign((task: FleetTask) => pool.run(task) as Promise<FleetReply>, { close: () => pool.destroy() });
}

/** The q-quantile (0..1) of ascending `sorted`, 0 when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
