// The solver worker (a Piscina thread; also callable in-thread). A task names the depot and HCL
// by content hash and carries only the cluster (small JSON text). The worker keeps the Catalog of
// the last few (depot, HCL) pairs warm; when it does not have a pair it answers "missing" and the
// pool sends the same task again with the pair's binary snapshot (src/catalog/snapshot.ts, the one
// `strata fleet` caches): read back without parsing or checking JSON. So a depot crosses the thread
// boundary once per worker, not once per solve, and is never parsed there.
import * as fs from 'node:fs';
import { Catalog } from '../catalog/catalog.js';
import { decodeSnapshot } from '../catalog/snapshot.js';
import { clusterCompliance } from '../image/compliance.js';
import type { Cluster } from '../model/types.js';
import { ClusterPlan, recommendCluster, validateDesired } from '../plan/plan.js';
import type { EngineName } from '../sat/engine.js';
import { planGroups } from '../plan/groups/groups.js';
import { recentOrMade } from '../util/recent.js';

export type TaskKind = 'recommend' | 'validate' | 'enumerate' | 'compliance' | 'groups';

export interface SolveTask {
  kind: TaskKind;
  depotHash: string;
  hclHash: string;
  /** the snapshot of the depot and HCL (snapshotKey), sent only after a "missing" reply */
  snapshot?: Uint8Array;
  /** JSON text of the Cluster */
  cluster: string;
  engine?: EngineName;
  /** solves the repair search of a recommendation may take (PlanOptions.repairsBudget) */
  repairsBudget?: number;
  /** enumerate: combinations to return after `offset` */
  limit?: number;
  offset?: number;
  /** test hooks: exercise the pool's crash recovery and time limit */
  testHooks?: { crashUnlessExists?: string; spinMs?: number };
}

export type SolveReply = { status: 'ok'; result: unknown; ms: number } | { status: 'missing' } | { status: 'error'; message: string };

/** Catalogs kept warm per worker: a few (depot, HCL) pairs, least recently used dropped first. */
const CACHE_SIZE = 4;
const catalogs = new Map<string, Catalog>();

function catalogFor(task: SolveTask): Catalog | undefined {
  const key = `${task.depotHash} ${task.hclHash}`;
  const snapshot = task.snapshot;
  if (snapshot === undefined && !catalogs.has(key)) return undefined;
  return recentOrMade(catalogs, key, CACHE_SIZE, () => {
    const docs = decodeSnapshot(snapshot!, snapshotKey(task.depotHash, task.hclHash));
    if (!docs) throw new Error(`the snapshot sent for depot ${task.depotHash} and HCL ${task.hclHash} does not read back`);
    return new Catalog(docs.depot, docs.hcl);
  });
}

/** What a snapshot of the service's depot and HCL is keyed by (their content hashes). */
export function snapshotKey(depotHash: string, hclHash: string): string {
  return `depot ${depotHash} hcl ${hclHash}`;
}

function runHooks(hooks: SolveTask['testHooks']): void {
  if (!hooks) return;
  if (hooks.crashUnlessExists && !fs.existsSync(hooks.crashUnlessExists)) {
    fs.writeFileSync(hooks.crashUnlessExists, 'crashed once');
    process.exit(3); // in a worker thread: ends the thread, as a crash would
  }
  if (hooks.spinMs) {
    const until = Date.now() + hooks.spinMs;
    while (Date.now() < until) {
      /* a solve that does not finish in time */
    }
  }
}

async function solve(catalog: Catalog, cluster: Cluster, task: SolveTask): Promise<unknown> {
  const opts = task.engine ? { engine: task.engine } : {};
  const recommendOpts = task.repairsBudget === undefined ? opts : { ...opts, repairsBudget: task.repairsBudget };
  switch (task.kind) {
    case 'recommend':
      return recommendCluster(catalog, cluster, recommendOpts);
    case 'enumerate': {
      const offset = task.offset ?? 0;
      const plan = await ClusterPlan.create(catalog, cluster, opts);
      try {
        const e = await plan.enumerate(offset + (task.limit ?? 100));
        return { count: e.count, combinations: e.combinations.slice(offset) };
      } finally {
        plan.dispose();
      }
    }
    case 'validate':
      return validateDesired(catalog, cluster, opts);
    case 'compliance': {
      const report = await validateDesired(catalog, cluster, opts);
      return clusterCompliance(catalog, cluster, report);
    }
    case 'groups': {
      // the same answer as `strata groups --json` (its default repairs and group limit)
      const { groups, uncovered, max_groups, fewest_groups } = await planGroups(catalog, cluster, { ...opts, repairs: 1 });
      return { groups, uncovered, max_groups, fewest_groups };
    }
  }
}

export async function runTask(task: SolveTask): Promise<SolveReply> {
  runHooks(task.testHooks);
  const started = performance.now();
  try {
    const catalog = catalogFor(task);
    if (!catalog) return { status: 'missing' };
    const result = await solve(catalog, JSON.parse(task.cluster) as Cluster, task);
    return { status: 'ok', result, ms: performance.now() - started };
  } catch (err) {
    // A failure of the engine (or of building the catalog) is reported as data: the pool must not mistake it for a crashed thread.
    return { status: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}

export default runTask;
