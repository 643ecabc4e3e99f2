// The planning API: a cluster's problem encoded once, then asked for recommendations,
// combinations and explanations; and the validation of a desired image.
import type { Cluster, Enumeration, ExcludedBaseImage, Image, Recommendations, ValidationReport } from '../model/types.js';
import type { EngineName as SatEngineName, SatEngine } from '../sat/engine.js';
import { createEngine, DEFAULT_ENGINE } from '../sat/registry.js';
import type { Catalog } from '../catalog/catalog.js';
import { validateSelection } from '../image/validate.js';
import { seriesOf, versionsEqual } from '../version/version.js';
import { encode, type EncodeOptions, type Encoding } from './encode.js';
import { excludedBases } from './excluded.js';
import { shareable, sharedEncode } from './shared.js';
import { product } from './reference.js';
import type { Selection } from '../image/compose.js';
import { best, enumerateCombinations, toImageOf, toSelection, type Choices } from './search.js';
import { recommendationSpace, solutionComponentLevels, validationSpace, type CandidateSpace } from './space.js';
import { recentOrMade } from '../util/recent.js';

export interface PlanOptions extends EncodeOptions {
  engine?: SatEngineName;
  /** repair plans per excluded base image (default 1; 0: none) */
  repairs?: number;
  /** solves the repair search of one recommendation may take (default DEFAULT_REPAIRS_BUDGET; docs/semantics.md) */
  repairsBudget?: number;
  /**
   * Reuse the depot side encoded for the same catalog, engine and candidate space (src/plan/shared.ts;
   * default on for the engines that clone cheaply). Off: encode everything afresh.
   */
  shared?: boolean;
}

export class ClusterPlan {
  private constructor(
    readonly encoding: Encoding,
    /** how the plan was made: its engine and repairs apply to what-if questions asked of it too */
    readonly options: PlanOptions,
  ) {}

  static async create(catalog: Catalog, cluster: Cluster, opts: PlanOptions = {}, space?: CandidateSpace): Promise<ClusterPlan> {
    const candidates = space ?? recommendationSpaceOf(catalog, cluster);
    const engine = opts.engine ?? DEFAULT_ENGINE;
    if (opts.shared !== false && shareable(engine)) {
      return new ClusterPlan(await sharedEncode(catalog, cluster, candidates, engine, opts.prefilter ?? true), opts);
    }
    const [planner, explainer] = await Promise.all([createEngine(engine), createEngine(engine)]);
    const encodeOptions = opts.prefilter === undefined ? {} : { prefilter: opts.prefilter };
    return new ClusterPlan(encode(catalog, cluster, candidates, planner, explainer, encodeOptions), opts);
  }

  get engine(): SatEngine {
    return this.encoding.engine;
  }

  /** The first valid combination whose base image is one of `indexes` (all when undefined). */
  private async bestOn(indexes?: number[]): Promise<Image | null> {
    const baseVars = this.encoding.layout.base.vars;
    if (!indexes) return this.imageOf(await best(this.encoding, [...this.encoding.active]));
    if (indexes.length === 0) return null;
    // a one-shot clause "base is one of these", retired after the solve
    const act = this.engine.newVar();
    this.engine.addClause([-act, ...indexes.map((i) => baseVars[i]!)]);
    const choices = await best(this.encoding, [...this.encoding.active, act]);
    this.engine.addClause([-act]);
    return this.imageOf(choices);
  }

  private imageOf(choices: Choices | null): Image | null {
    return choices && toImageOf(this.encoding, choices);
  }

  /** The three recommendations of SPEC §3.4, without explanations. */
  async slots(): Promise<Omit<Recommendations, 'excluded_base_images'>> {
    const { space, cluster } = this.encoding;
    const desired = cluster.desired.base_image?.version;
    const latest = await this.bestOn();
    const indexesWhere = (pred: (v: string) => boolean) => space.bases.flatMap((b, i) => (pred(b.version) ? [i] : []));
    const series = desired === undefined ? undefined : seriesOf(desired);
    const current_series = series === undefined ? null : await this.bestOn(indexesWhere((v) => seriesOf(v) === series));
    const same_base = desired === undefined ? null : await this.bestOn(indexesWhere((v) => versionsEqual(v, desired)));
    return { latest, current_series, same_base };
  }

  async recommend(): Promise<Recommendations> {
    const slots = await this.slots();
    return { ...slots, excluded_base_images: await this.excluded(slots.latest) };
  }

  /** Every candidate base image with no valid combination, newest first, with its reasons. */
  async excluded(latest: Image | null): Promise<ExcludedBaseImage[]> {
    const { space, catalog, cluster } = this.encoding;
    const latestIndex = latest ? space.bases.findIndex((b) => versionsEqual(b.version, latest.base_image.version)) : space.bases.length;
    return excludedBases(this.encoding, catalog, cluster.hosts, latestIndex, {
      repairs: this.options.repairs,
      ...(this.options.repairsBudget === undefined ? {} : { repairsBudget: this.options.repairsBudget }),
      engine: this.options.engine,
      ...(this.options.shared === undefined ? {} : { shared: this.options.shared }),
    });
  }

  /**
   * Every valid combination in rank order. `onImage` sees each one as it is found (for streaming);
   * only the first `limit` are kept, but `count` is always the full number unless `stopAtLimit`.
   */
  async enumerate(
    limit = Infinity,
    onImage?: (image: Image, index: number) => void | Promise<void>,
    { stopAtLimit = false }: { stopAtLimit?: boolean } = {},
  ): Promise<Enumeration> {
    const combinations: Image[] = [];
    let count = 0;
    await enumerateCombinations(this.encoding, [...this.encoding.active], async (choices: Choices) => {
      const image = toImageOf(this.encoding, choices);
      if (count < limit) combinations.push(image);
      if (onImage) await onImage(image, count);
      count++;
      return !(stopAtLimit && count >= limit);
    });
    return { count, combinations };
  }

  /** Disposes of the engines, and empties the plan's own maps (Builder.release says why). */
  dispose(): void {
    const enc = this.encoding;
    enc.engine.dispose();
    enc.explainer.dispose();
    enc.hardware.builder.release();
    enc.hardware.profileKeys.clear();
    enc.profileCache.clear();
  }
}

/** Recommendation spaces kept per catalog (most recently used last), by recommendationKey. */
const spaces = new WeakMap<Catalog, Map<string, CandidateSpace>>();
const MAX_SPACES = 64;

/**
 * What recommendationSpace reads of a cluster: its desired image, and of its hosts only what
 * decides whether an item's hardware scope covers them all (vendor and family).
 */
function recommendationKey(cluster: Cluster): string {
  const scopes = new Set<string>();
  for (const h of cluster.hosts) scopes.add(`${h.vendor}\u0001${h.family}`);
  return `${JSON.stringify(cluster.desired)}\u0002${[...scopes].sort().join('\u0002')}`;
}

/**
 * recommendationSpace, computed once per catalog and key: it sorts every candidate by version,
 * which cost a warm plan more than copying its engines. Frozen, since plans share it.
 */
function recommendationSpaceOf(catalog: Catalog, cluster: Cluster): CandidateSpace {
  let mine = spaces.get(catalog);
  if (!mine) spaces.set(catalog, (mine = new Map()));
  return recentOrMade(mine, recommendationKey(cluster), MAX_SPACES, () => Object.freeze(recommendationSpace(catalog, cluster)));
}

/** Runs `fn` on a freshly encoded plan and disposes of it afterwards. */
export async function withPlan<T>(
  catalog: Catalog,
  cluster: Cluster,
  opts: PlanOptions,
  fn: (plan: ClusterPlan) => Promise<T>,
): Promise<T> {
  const plan = await ClusterPlan.create(catalog, cluster, opts);
  try {
    return await fn(plan);
  } finally {
    plan.dispose();
  }
}

/**
 * A cluster's recommendations on a freshly made plan: the one path of `strata recommend`, of every
 * cluster of `strata fleet`, and of the service's re-solves (after an event, a depot or an HCL change).
 */
export function recommendCluster(catalog: Catalog, cluster: Cluster, opts: PlanOptions = {}): Promise<Recommendations> {
  return withPlan(catalog, cluster, opts, (plan) => plan.recommend());
}

/** How many images an invalid desired image's free choices are validated in, to find its closest form. */
const CLOSEST_SEARCH_LIMIT = 64;

/**
 * Validates the desired image (SPEC §4 validate). Free choices — a user component with a null
 * version, a solution without a version, solution components — take the newest value that makes
 * the image valid; when none does, the report shows the choice with the fewest errors among the
 * first CLOSEST_SEARCH_LIMIT images in rank order (so it does not blame a choice nobody had to make).
 */
export async function validateDesired(catalog: Catalog, cluster: Cluster, opts: PlanOptions = {}): Promise<ValidationReport> {
  const { space, missing } = validationSpace(catalog, cluster.desired);
  if (space.bases.length === 0) {
    const errors = missing.length
      ? missing
      : [{ code: 'NOT_IN_DEPOT' as const, item: '', message: 'the desired image names no base image' }];
    return { valid: false, effective_components: {}, errors };
  }
  const plan = await ClusterPlan.create(catalog, cluster, opts, space);
  try {
    const enc = plan.encoding;
    const choices = await best(enc, [...enc.active]);
    const sel = choices
      ? toSelection(enc, choices)
      : (closestSelection(catalog, cluster, space) ?? toSelection(enc, newestChoices(catalog, enc)));
    const { image, errors } = validateSelection(catalog, sel, cluster.hosts);
    const all = [...missing, ...errors];
    const effective_components: ValidationReport['effective_components'] = {};
    for (const [name, e] of [...image].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      effective_components[name] = { version: e.version, source: e.source };
    }
    return { valid: all.length === 0, effective_components, errors: all };
  } finally {
    plan.dispose();
  }
}

function closestSelection(catalog: Catalog, cluster: Cluster, space: CandidateSpace): Selection | undefined {
  let closest: { selection: Selection; errors: number } | undefined;
  let budget = CLOSEST_SEARCH_LIMIT;
  for (const base of space.bases) {
    for (const addOn of space.addOns) {
      for (const pkg of space.pkgs) {
        for (const solutions of product(space.solutions.map((l) => l.versions))) {
          const levels = solutionComponentLevels(catalog, solutions);
          for (const userVersions of product(space.users.map((l) => l.versions))) {
            for (const versions of product(levels.map((l) => l.versions))) {
              const selection: Selection = {
                base,
                addOn,
                pkg,
                solutions,
                solutionComponents: new Map(levels.map((l, i) => [l.name, versions[i]!])),
                user: new Map(space.users.map((l, i) => [l.name, userVersions[i]!])),
                removed: space.removed,
              };
              const errors = validateSelection(catalog, selection, cluster.hosts).errors.length;
              if (!closest || errors < closest.errors) closest = { selection, errors };
              if (--budget === 0) return closest.selection;
            }
          }
        }
      }
    }
  }
  return closest?.selection;
}

/** The newest candidate of every level; solution components only where a chosen solution names them. */
function newestChoices(catalog: Catalog, enc: Encoding): Choices {
  const picked = new Map(
    solutionComponentLevels(
      catalog,
      enc.space.solutions.map((s) => s.versions[0]!),
    ).map((l) => [l.name, l.versions[0]]),
  );
  const choices = enc.layout.all.map(() => 0);
  for (const sc of enc.layout.solutionComponents) {
    const v = picked.get(sc.name);
    choices[sc.index] = v === undefined ? -1 : sc.versions.findIndex((x) => versionsEqual(x, v));
  }
  return choices;
}
