// The fleet worker (a Piscina thread; also callable in the calling thread): loads the site named
// by a task once, keeps it, and recommends one cluster per task. Errors come back as data, so the
// runner can tell bad input (exit 2) from a bug (exit 1) and a crash from either.
import { workerData } from 'piscina';
import type { Cluster } from '../model/types.js';
import { InputError, type Problem } from '../load/errors.js';
import { recommendCluster } from '../plan/plan.js';
import type { EngineName } from '../sat/engine.js';
import { loadSite, type Site, type SiteFiles } from './site.js';
import { digestOf, type ClusterDigest } from './summary.js';

export interface FleetTask extends SiteFiles {
  cluster: Cluster;
  engine?: EngineName;
  /** repair plans per excluded base image (default 0: a fleet's overview, see docs/fleet.md) */
  repairs?: number;
  /** solves the repair search of one cluster may take (PlanOptions.repairsBudget) */
  repairsBudget?: number;
  /** reply with the recommendations as JSON text too (`strata fleet --json` prints it) */
  json?: boolean;
}

export type FleetReply =
  | {
      status: 'ok';
      digest: ClusterDigest;
      /** the recommendations as JSON text, when the task asked for it */
      json?: string;
      hclUpdated: string | undefined;
      /** planning time of this cluster (encode + three slots + reasons + repairs) */
      ms: number;
      /** set on the task that loaded the site: its load and index time */
      loadMs?: number;
    }
  | { status: 'site'; problems: Problem[]; total: number }
  | { status: 'failure'; message: string };

/** What the runner hands every worker when it starts the pool. */
export interface FleetWorkerData {
  /** the site to load at start, while the main thread still reads the clusters */
  site: SiteFiles;
}

type Loaded = { key: string; loadMs: number; reported: boolean } & ({ site: Site } | { error: FleetReply });

let cached: Loaded | undefined;

const keyOf = (f: SiteFiles) => `${f.depot}\0${f.hcl}\0${f.cacheDir ?? ''}`;

/** The site named by `files`, loaded once and kept; a load that failed is kept as its reply. */
function siteFor(files: SiteFiles): Loaded {
  const key = keyOf(files);
  if (cached?.key === key) return cached;
  cached = undefined; // let the old site be collected before the new one is built
  const t = performance.now();
  let got: { site: Site } | { error: FleetReply };
  try {
    got = { site: loadSite(files) };
  } catch (err) {
    if (err instanceof InputError) got = { error: { status: 'site', problems: err.problems, total: err.total } };
    else got = { error: { status: 'failure', message: err instanceof Error ? err.message : String(err) } };
  }
  cached = { key, loadMs: performance.now() - t, reported: false, ...got };
  return cached;
}

const preload = (workerData as FleetWorkerData | undefined)?.site;
if (preload) siteFor(preload);

export async function runFleetTask(task: FleetTask): Promise<FleetReply> {
  const loaded = siteFor(task);
  if ('error' in loaded) return loaded.error;
  // the first task after a load reports its time
  const loadMs = loaded.reported ? undefined : loaded.loadMs;
  loaded.reported = true;
  const { catalog, hclUpdated } = loaded.site;
  const started = performance.now();
  try {
    const opts = {
      repairs: task.repairs ?? 0,
      ...(task.repairsBudget === undefined ? {} : { repairsBudget: task.repairsBudget }),
      ...(task.engine ? { engine: task.engine } : {}),
    };
    const result = await recommendCluster(catalog, task.cluster, opts);
    const reply: FleetReply = { status: 'ok', digest: digestOf(result), hclUpdated, ms: performance.now() - started };
    // a string crosses to the main thread as one copy; the answer as objects would be serialised
    // here and rebuilt there, only to be stringified
    if (task.json) reply.json = JSON.stringify(result);
    if (loadMs !== undefined) reply.loadMs = loadMs;
    return reply;
  } catch (err) {
    return { status: 'failure', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

export default runFleetTask;
