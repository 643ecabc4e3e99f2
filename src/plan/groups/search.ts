// The fewest groups, then the newest images, by solving (no partition is enumerated):
//  1. K = 1, 2, ...: the assignment engine proposes a grouping into exactly K groups under the
//     assumption open[0..K-1]; each proposed group is asked of the depot encoding; a group that has
//     no image gives a core (a set of classes, perhaps with a mode) that no group may hold, learnt as
//     clauses, and the engine proposes again. The first K with a proposal all of whose groups have an
//     image is the fewest (learnt clauses are sound, so a smaller K stays unsatisfiable).
//  2. For that K, the images are made newest one rank at a time, oldest group image first
//     (order.ts): "is there a grouping whose i-th oldest image is newer?" is "at least K-i groups
//     reach a threshold", with reach[j] learnt like validity (a core under a threshold forbids
//     reaching it). When no better grouping exists, that rank is settled and kept as a constraint.
import type { Lit, SatEngine } from '../../sat/engine.js';
import { Assignment } from './assignment.js';
import type { GroupFeasibility, GroupQuestion, KeyIndex, Threshold } from './feasibility.js';

export interface SearchInput {
  feasibility: GroupFeasibility;
  /** a fresh engine for the assignment */
  engine: SatEngine;
  classes: number;
  /** search up to this many groups (at least 1) */
  maxGroups: number;
  /** classes that put a group in vendor mode for the add-on, the package (space.ts) */
  vendorAddOn: readonly number[];
  vendorPkg: readonly number[];
  desiredAddOn: boolean;
  desiredPkg: boolean;
  /** make the images newest among the fewest groupings (default); false: any fewest grouping */
  newest?: boolean;
}

export interface SearchResult {
  /** the groups' classes (class indexes, ascending), groups in the order of their first classes; null: none within maxGroups */
  groups: number[][] | null;
  /** proposals the assignment engine made, for tests and the bench */
  proposals: number;
}

const thresholdId = (t: Threshold) => `${t.key.join(',')}${t.strict ? '>' : '>='}`;

/** Index keys compare lexicographically: smaller is newer. */
function compareIndex(a: KeyIndex, b: KeyIndex): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export async function searchGroups(input: SearchInput): Promise<SearchResult> {
  const { feasibility, classes } = input;
  const slots = Math.min(input.maxGroups, Math.max(classes, 1));
  const a = new Assignment(input.engine, classes, slots, input.vendorAddOn, input.vendorPkg);
  const vendorA = new Set(input.vendorAddOn);
  const vendorP = new Set(input.vendorPkg);
  const question = (group: readonly number[], threshold?: Threshold): GroupQuestion => ({
    classes: group,
    desiredAddOn: input.desiredAddOn && !group.some((c) => vendorA.has(c)),
    desiredPkg: input.desiredPkg && !group.some((c) => vendorP.has(c)),
    ...(threshold ? { threshold } : {}),
  });
  const thresholds = new Map<string, Threshold>();
  let proposals = 0;

  /** A grouping into k groups meeting every active threshold constraint, or null. */
  const propose = async (k: number, extra: Lit[], active: string[]): Promise<number[][] | null> => {
    for (;;) {
      proposals++;
      if (!(await a.engine.solve([...a.groupsAssumption(k), ...extra]))) return null;
      const groups = a.read(k);
      const reached = groups.map((_, j) => a.reachedIn(j, active));
      let ok = true;
      for (const [j, group] of groups.entries()) {
        const core = await feasibility.check(question(group));
        if (core) {
          a.learn(core);
          ok = false;
          continue;
        }
        for (const id of reached[j]!) {
          const c = await feasibility.check(question(group, thresholds.get(id)!));
          if (c) {
            a.learn(c, id);
            ok = false;
          }
        }
      }
      if (ok) return groups;
    }
  };

  let k = 1;
  let groups: number[][] | null = null;
  for (; k <= slots && !groups; k++) groups = await propose(k, [], []);
  k--;
  if (!groups || input.newest === false) return { groups, proposals };

  // newest images: settle the oldest group image first, then the next
  // one engine: its solves one after the other (a model is read right after its solve)
  const keysOf = async (gs: number[][]) => {
    const keys: KeyIndex[] = [];
    for (const g of gs) keys.push((await feasibility.key(question(g)))!);
    return keys.sort((x, y) => compareIndex(y, x));
  };
  let keys = await keysOf(groups);
  const settled: Threshold[] = [];
  for (let i = 0; i < k; i++) {
    for (;;) {
      const better: Threshold = { key: keys[i]!, strict: true };
      const act = a.engine.newVar();
      const active: string[] = [];
      const need = (t: Threshold, m: number) => {
        const id = thresholdId(t);
        thresholds.set(id, t);
        active.push(id);
        a.atLeast(act, id, m, k);
      };
      settled.forEach((t, l) => need(t, k - l));
      need(better, k - i);
      const next = await propose(k, [act], active);
      a.engine.addClause([-act]);
      if (!next) break;
      groups = next;
      keys = await keysOf(groups);
    }
    settled.push({ key: keys[i]!, strict: false });
  }
  return { groups, proposals };
}
