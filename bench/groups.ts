// The image-group rows of the bench: on a mixed-hardware cluster (preset `mixed`), the time of
// `strata groups` per cluster next to a plain `recommend` of the same cluster, both from the
// catalog (encoding included) and without repair plans, so the two rows compare like for like.
import type { Catalog } from '../src/catalog/catalog.js';
import type { Cluster } from '../src/model/types.js';
import type { EngineName } from '../src/sat/engine.js';
import { withPlan } from '../src/plan/plan.js';
import { planGroups } from '../src/plan/groups/groups.js';
import { hardwareClasses } from '../src/plan/groups/classes.js';

/** One measured task; `measure` is run.ts's (tinybench with its settings). */
export type Measure<Row> = (
  name: string,
  engine: string,
  fn: () => unknown,
  opts: { time: number; iterations?: number },
  note?: string,
) => Promise<Row>;

export async function groupRows<Row>(
  measure: Measure<Row>,
  engine: EngineName,
  catalog: Catalog,
  cluster: Cluster,
  time: number,
): Promise<Row[]> {
  const classes = hardwareClasses(cluster.hosts).length;
  const answer = await planGroups(catalog, cluster, { engine, repairs: 0 });
  const split = answer.groups.length ? `${answer.groups.length} groups` : `no split (${answer.uncovered.length} classes uncovered)`;
  const note = `${cluster.hosts.length} hosts, ${classes} classes: ${split}; ${answer.stats.proposals} proposals, ${answer.stats.solves} depot solves`;
  return [
    await measure('recommend per cluster (cold)', engine, () => withPlan(catalog, cluster, { engine, repairs: 0 }, (p) => p.recommend()), {
      time,
      iterations: 3,
    }),
    await measure('groups per cluster', engine, () => planGroups(catalog, cluster, { engine, repairs: 0 }), { time, iterations: 3 }, note),
  ];
}
