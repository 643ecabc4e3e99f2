// Which candidate base images have no valid combination, and why: the one path by which
// `recommend`, what-if and the service explain. Bases newer than latest's have none (latest is
// the first valid combination in rank order); older ones are asked one solve each. A base the
// hosts rule out whatever else is chosen (the pre-filter) is explained by that one error;
// any other by a minimal unsatisfiable set of selectors.
import type { ExcludedBaseImage, Host, ImageError, Repair } from '../model/types.js';
import { hardwareProfiles, type HardwareProfile } from '../catalog/profiles.js';
import type { Catalog } from '../catalog/catalog.js';
import { baseBlockers } from './encode/hardware.js';
import type { Encoding } from './encode.js';
import { explainBase, explainIfExcluded, hasValidCombination } from './explain.js';
import { nameHosts } from './hosts.js';
import { RepairPlanner, serversBlock } from './repair/repair.js';
import { budgetText, DEFAULT_REPAIRS_BUDGET, underBudget, type RepairTrace } from './repair/budget.js';
import { shareable } from './shared.js';
import { DEFAULT_ENGINE } from '../sat/registry.js';
import { sharedRepairs } from './repair/shared.js';
import type { EngineName } from '../sat/engine.js';

export interface ExcludedOptions {
  /** reasons of a base that is not pre-filtered (default: explainBase; what-if reuses cores) */
  explain?: (baseIndex: number) => Promise<ImageError[]>;
  /** repair plans per excluded base (default 1; 0: none) */
  repairs?: number;
  /** the engine repairs are planned with */
  engine?: EngineName;
  /** solves the repair search of all excluded bases may take together (default DEFAULT_REPAIRS_BUDGET) */
  repairsBudget?: number;
  /** false: plan repairs afresh instead of asking a kept planner (src/plan/repair/shared.ts) */
  shared?: boolean;
  /**
   * false: reasons name each hardware profile's first host alone, without `hosts` (nameHosts
   * completes them); for answers kept and reused for other hosts with the same hardware
   */
  named?: boolean;
  /**
   * Base images (by index) outside the candidate space asked about: what-if answers a narrower
   * space on a kept encoding, with their literals assumed false (in `enc.active`). Not listed,
   * and spend none of the repairs budget.
   */
  skip?: ReadonlySet<number>;
}

/**
 * Every candidate base image of `enc` with no valid combination for `hosts` under `catalog`'s
 * HCL (the encoding's active profiles must be those of `hosts`), newest first, reasons naming
 * every host they concern. `latestIndex` is latest's base index (bases.length when none).
 */
export async function excludedBases(
  enc: Encoding,
  catalog: Catalog,
  hosts: readonly Host[],
  latestIndex: number,
  opts: ExcludedOptions = {},
): Promise<ExcludedBaseImage[]> {
  if (latestIndex < enc.space.bases.length) hasValidCombination(enc);
  const max = opts.repairs ?? 1;
  const cluster = { ...enc.cluster, hosts: [...hosts] };
  // planners of engines that hold native memory (z3) are not kept: one per call, disposed after it
  const kept = max > 0 && opts.shared !== false && shareable(opts.engine ?? DEFAULT_ENGINE);
  const fromKept = kept ? sharedRepairs(catalog, cluster, opts.engine) : undefined;
  let planner: RepairPlanner | undefined;
  // bases are asked newest first; each spends from what the newer ones left
  const budget = opts.repairsBudget ?? DEFAULT_REPAIRS_BUDGET;
  let left = budget;
  let profiles: HardwareProfile[] | undefined;
  const repairs = async (version: string): Promise<{ repairs?: Repair[]; no_repair?: string }> => {
    if (max <= 0) return {};
    // what the search would find, without a planner or a solve (free of the budget)
    const blocked = serversBlock(catalog, (profiles ??= hardwareProfiles(hosts)), version);
    if (blocked) return { repairs: [], no_repair: blocked };
    if (left <= 0) return { repairs: [], no_repair: budgetText(budget) };
    let trace: RepairTrace;
    if (fromKept) trace = await fromKept(version, max, left);
    else {
      planner ??= await RepairPlanner.create(catalog, cluster, opts.engine, opts.shared !== false);
      trace = await planner.search(version, max, left);
    }
    const got = underBudget(trace, left);
    left -= got.used;
    const why = got.stopped ? budgetText(budget) : trace.noRepair;
    return got.repairs.length || why === undefined ? { repairs: got.repairs } : { repairs: [], no_repair: why };
  };
  try {
    const out = await excludedWith(enc, catalog, hosts, latestIndex, opts, repairs);
    return opts.named === false ? out : nameHosts(out, hosts);
  } finally {
    planner?.dispose();
  }
}

async function excludedWith(
  enc: Encoding,
  catalog: Catalog,
  hosts: readonly Host[],
  latestIndex: number,
  opts: ExcludedOptions,
  repairs: (version: string) => Promise<{ repairs?: Repair[]; no_repair?: string }>,
): Promise<ExcludedBaseImage[]> {
  const bases = enc.space.bases;
  let blockerOf: ((version: string) => ImageError | undefined) | undefined;
  const out: ExcludedBaseImage[] = [];
  for (let i = 0; i < bases.length; i++) {
    if (i === latestIndex || opts.skip?.has(i)) continue;
    const version = bases[i]!.version;
    const blocker = enc.dropped.get(i) ?? (blockerOf ??= baseBlockers(catalog, hardwareProfiles(hosts)))(version);
    let reasons: ImageError[] | null;
    if (blocker) reasons = await explainBase(enc, i, blocker);
    else if (i > latestIndex && !opts.explain && enc.explainer.lexicographic) {
      // not known to be excluded: the explanation's first solve tells (one solve, not two)
      reasons = await explainIfExcluded(enc, i);
    } else if (i > latestIndex && (await enc.engine.solve([...enc.active, enc.layout.base.vars[i]!]))) reasons = null;
    else reasons = await (opts.explain ?? ((j) => explainBase(enc, j)))(i);
    if (reasons === null) continue;
    out.push({ version, reasons, ...(await repairs(version)) });
  }
  return out;
}
