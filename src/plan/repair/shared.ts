// Repair planners kept per (catalog, engine, cluster): the repair encoding (the whole repair space
// with the hosts' levers) is the costly part of a cluster's first repairs, and the same cluster
// is asked again on every re-solve. A planner answers each (base image, plans) question once;
// the same question on the same catalog and cluster has the same answer. A search stopped by a
// budget is kept too: it answers any smaller budget, and a larger one searches again.
import type { Catalog } from '../../catalog/catalog.js';
import type { Cluster } from '../../model/types.js';
import type { EngineName } from '../../sat/engine.js';
import { DEFAULT_ENGINE } from '../../sat/registry.js';
import { traceServes, type RepairTrace } from './budget.js';
import { RepairPlanner } from './repair.js';
import { repairStats } from './stats.js';

export { repairStats };

/** Planners kept per catalog, least recently used dropped first (each holds an engine). */
const MAX_PLANNERS = 4;

interface Kept {
  planner: Promise<RepairPlanner>;
  answers: Map<string, Promise<RepairTrace>>;
  /** questions run one at a time: a planner asks each base of a copy it keeps meanwhile */
  queue: Promise<unknown>;
}

const byCatalog = new WeakMap<Catalog, Map<string, Kept>>();

/** The repair search of a base image for `cluster` (as RepairPlanner.search), from a kept planner. */
export function sharedRepairs(
  catalog: Catalog,
  cluster: Cluster,
  engine: EngineName | undefined,
): (baseVersion: string, max: number, limit: number) => Promise<RepairTrace> {
  const key = `${engine ?? DEFAULT_ENGINE}\u0000${JSON.stringify(cluster)}`;
  return (baseVersion, max, limit) => ask(catalog, cluster, engine, key, baseVersion, max, limit);
}

async function ask(
  catalog: Catalog,
  cluster: Cluster,
  engine: EngineName | undefined,
  key: string,
  baseVersion: string,
  max: number,
  limit: number,
): Promise<RepairTrace> {
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
  const known = kept.answers.get(question);
  let answer: Promise<RepairTrace>;
  // a trace stopped by a smaller limit than this one's cannot tell what this one would find
  const reusable = known ? traceServes(await known, limit) : false;
  if (known && reusable) {
    repairStats.reused++;
    answer = known;
  } else {
    const k = kept;
    answer = k.queue.then(async () => {
      repairStats.asked++;
      return (await k.planner).search(baseVersion, max, limit);
    });
    k.queue = answer.catch(() => {});
    const mine = answer;
    k.answers.set(question, mine);
    answer.catch(() => k.answers.get(question) === mine && k.answers.delete(question));
  }
  // callers may edit what they get
  return structuredClone(await answer);
}
