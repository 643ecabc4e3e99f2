// The CNF set of `npm run bench:sat`: seeded random 3-SAT near the threshold, and Strata's own
// planning encodings of the bench presets (src/plan/dump.ts). The small ones are committed in
// bench/sat/cnf/ (npm run bench:sat -- --write-committed regenerates them); the medium ones
// and the large preset are generated at each run, so the repository stays small.
import { generateFleet, PRESETS, type PresetName } from '../generate/world.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { formatDimacs } from '../../src/sat/dimacs.js';
import { dumpEncoding } from '../../src/plan/dump.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { random3Sat } from './random-cnf.js';

export interface CnfFile {
  name: string;
  text: string;
}

/** Random 3-SAT at ratio 4.26: three seeds per size; sizes up to 150 are committed. */
export const RANDOM_SIZES = { committed: [50, 100, 125, 150], generated: [175, 200, 225] } as const;
const SEEDS = [1, 2, 3];

export function randomSet(sizes: readonly number[]): CnfFile[] {
  return sizes.flatMap((n) => SEEDS.map((seed) => ({ name: `uf3-${n}-s${seed}.cnf`, text: random3Sat(n, seed * 1000 + n) })));
}

/**
 * A preset's first cluster as the planner sees it: `-sat` (the active hardware profiles as
 * units: the first solve of a recommendation) and, when the newest base image cannot be used
 * on that hardware, `-newest-base` (the same with that base image forced: unsatisfiable,
 * the question an explanation starts from).
 */
export async function presetSet(preset: PresetName, seed = 1): Promise<CnfFile[]> {
  const fleet = generateFleet(PRESETS[preset], seed);
  const catalog = new Catalog(fleet.depot, fleet.hcl);
  const cluster = fleet.clusters[0]!;
  const dump = dumpEncoding(catalog, cluster);
  const header = (what: string) => `c Strata planning encoding: preset ${preset}, seed ${seed}, cluster ${cluster.name}; ${what}\n`;
  const out: CnfFile[] = [{ name: `strata-${preset}-sat.cnf`, text: header('active hardware profiles as units') + formatDimacs(dump.cnf) }];
  const plan = await ClusterPlan.create(catalog, cluster, { engine: 'wasm' });
  try {
    const { latest } = await plan.slots();
    const newest = plan.encoding.space.bases[0];
    if (newest && latest?.base_image.version !== newest.version) {
      out.push({
        name: `strata-${preset}-newest-base.cnf`,
        text: header(`newest base image ${newest.version} forced`) + formatDimacs(dump.withUnits([dump.baseVars[0]!])),
      });
    }
  } finally {
    plan.dispose();
  }
  return out;
}
