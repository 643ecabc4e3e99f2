// Repair planners kept per (catalog, engine, cluster): the repair encoding (the whole repair space
// with the hosts' levers) is the costly part of a cluster's first repairs, and the same cluster
// is asked again on every re-solve. A planner answers each (base image, plans) question once;
// the same question on the same catalog and cluster has the same answer.
import type { Catalog } from '../../catalog/catalog.js';
import type { Cluster } from '../../model/types.js';
import type { EngineName } from '../../sat/engine.js';
import { DEFAULT_ENGINE } from '../../sat/registry.js';
import { RepairPlanner, type BaseRepairs } from './repair.js';

/** Planners kept per catalog, least recently used dropped first (each holds an engine). */
const MAX_PLANNERS = 4;

interface Kept {
  planner: Promise<RepairPlanner>;
  answers: Map<string, Promise<BaseRepairs>>;
  /** questions run one at a time: a planner asks each base of a copy it keeps meanwhile */
  queue: Promise<unknown>;
}

const byCatalog = new WeakMap<Catalog, Map<string, Kept>>();

/** Counts for tests and benches: planners encoded, questions answered by a planner, answers reused. */
export const repairStats = { planners: 0, asked: 0, reused: 0 };

/** The repairs of a base image for `cluster` (as RepairPlanner.repairs), from a kept planner. */
export function sharedRepairs(
  catalog: Catalog,
  cluster: Cluster,
  engine: EngineName | undefined,
): (baseVersion: string, max: number) => Promise<BaseRepairs> {
  const key = `${engine ?? DEFAULT_ENGINE}\u0000${JSON.stringify(cluster)}`;
  return (baseVersion, max) => ask(catalog, cluster, engine, key, baseVersion, max);
}

async function ask(
  catalog: Catalog,
  cluster: Cluster,
  engine: EngineName | undefined,
  key: string,
  baseVersion: string,
  max: number,
): Promise<BaseRepairs> {
  let mine = byCatalog.get(catalog);
  if (!mine) byCatalog.set(catalog, (mine = new Map()));
  let kept = mine.get(key);
  if (kept) {
    mine.delete(key);
  } else {
    repairStats.planners++;
    const planner = RepairPlanner.create(catalog, cluster, engine);
    kept = { planner, answers: new Map(), queue: Promise.resolve() };
    const map = mine;
    planner.catch(() => map.delete(key));
  }
  mine.set(key, kept);
  while (mine.size > MAX_PLANNERS) {
    const [oldest, old] = mine.entries().next().value!;
    mine.delete(oldest);
    // after the questions already queued on it
    void old.queue
      .then(() => old.planner)
      .then(
        (p) => p.dispose(),
        () => {},
      );
  }
  const question = `${max}\u0000${baseVersion}`;
  let answer = kept.answers.get(question);
  if (answer) repairStats.reused++;
  else {
    const k = kept;
    answer = k.queue.then(async () => {
      repairStats.asked++;
      return (await k.planner).repairs(baseVersion, max);
    });
    k.queue = answer.catch(() => {});
    k.answers.set(question, answer);
    answer.catch(() => k.answers.delete(question));
  }
  // callers may edit what they get
  return structuredClone(await answer);
}
