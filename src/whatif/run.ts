// The what-if runner: the baseline is planned once, then each scenario is answered by the
// cheapest path that gives the same answer as a fresh `recommend` on the mutated world:
//
// - incremental: the depot and the desired image are unchanged and so is the candidate space
//   (hosts can change it when no add-on or package is desired: candidates are then those that
//   apply to every host). The baseline's encoding answers with the scenario's hosts and HCL
//   (see incremental.ts); an HCL change gets a catalog sharing the depot index (Catalog.withHcl).
//   A host change that does change the space gets an encoding of its own, kept (a few, least
//   recently used dropped) for the next scenarios with that space.
// - restricted: the depot lost base images, add-ons, packages or solutions, or the desired image
//   raised a version, so that the candidate space keeps a part of each of the baseline's levels
//   and nothing else: the baseline's encoding answers with the candidates left out assumed false
//   (see restrict.ts). The scenario's catalog shares the baseline's component index.
// - fresh: any other change of the depot or the desired image: a new plan on the mutated world
//   (the baseline catalog is reused when only the HCL or nothing of the depot changed).
import { canonicalJson } from '../util/canonical-json.js';
import { Catalog, DepotIndex } from '../catalog/catalog.js';
import type { Image, Recommendations, World } from '../model/types.js';
import { recommendationSpace, type CandidateSpace } from '../plan/space.js';
import type { EngineName } from '../sat/engine.js';
import { ApplyError, applyChanges, type AppliedScenario } from './apply.js';
import { IncrementalPlan, planFactory, type PlanFactory } from './incremental.js';
import { conflictMessagesFixed, restrictionOf } from './restrict.js';
import { failureOf, parseScenarioLine, type ScenarioLine } from './scenario.js';
import { SLOTS } from '../model/slots.js';
import {
  emptyStats,
  type BatchReply,
  type RunStats,
  type Scenario,
  type ScenarioOutcome,
  type ScenarioDigest,
  type ScenarioPath,
  type ScenarioResult,
} from './types.js';
import { digestOf } from './report.js';

export interface RunnerOptions {
  engine?: EngineName;
  /** the scenario file as the user named it, for problems */
  file?: string;
  /** overrides how plans are made (tests, benchmarks) */
  createPlan?: PlanFactory;
  /** encodings kept for candidate spaces other than the baseline's */
  spaceCacheSize?: number;
  /** see IncrementalOptions */
  maxExtraProfiles?: number;
  /** never take the incremental path (benchmarks: the cost of fresh recommends) */
  freshOnly?: boolean;
  /** plan depot and desired-image changes afresh even when they only narrow the space (benchmarks, tests) */
  noRestricted?: boolean;
  /** repair plans per excluded base image (default 1; 0: none) */
  repairs?: number;
  /** solves the repair search of one answer may take (PlanOptions.repairsBudget) */
  repairsBudget?: number;
}

function spaceSignature(space: CandidateSpace): string {
  return JSON.stringify([
    space.bases.map((b) => b.version),
    space.addOns.map((a) => (a ? `${a.name}@${a.version}` : null)),
    space.pkgs.map((p) => (p ? `${p.manager}/${p.pkg}@${p.version}` : null)),
    space.solutions.map((s) => [s.name, s.versions.map((v) => v.version)]),
    space.users.map((u) => [u.name, u.versions]),
    space.removed,
  ]);
}

export class WhatifRunner {
  readonly stats: RunStats = emptyStats();
  /** how the last scenario was answered */
  lastPath: ScenarioPath = 'bad';
  private readonly file: string;
  private readonly createPlan: PlanFactory;
  /** plans asked once (a changed depot or desired image) */
  private readonly oneShotPlan: PlanFactory;
  private readonly baselineJson: Record<string, string>;
  private readonly spaces = new Map<string, IncrementalPlan>();
  private readonly baselineSpace: string;
  /** (vendor, family) pairs of a host set → its candidate space's signature (depot and desired are the baseline's) */
  private readonly spaceByPairs = new Map<string, string>();
  /** see everyBase */
  private wide: Promise<IncrementalPlan> | undefined;

  private constructor(
    readonly world: World,
    readonly catalog: Catalog,
    private readonly baselinePlan: IncrementalPlan,
    readonly baseline: Recommendations,
    private readonly opts: RunnerOptions,
  ) {
    this.file = opts.file ?? 'scenarios.jsonl';
    this.createPlan = opts.createPlan ?? planFactory(opts.engine, opts.repairs, opts.repairsBudget);
    this.oneShotPlan = opts.createPlan ?? planFactory(opts.engine, opts.repairs, opts.repairsBudget, true);
    this.baselineJson = Object.fromEntries(SLOTS.map((s) => [s, imageJson(baseline[s])]));
    this.baselineSpace = spaceSignature(baselinePlan.space);
  }

  /** Indexes the world, encodes it and plans the baseline. */
  static async create(world: World, opts: RunnerOptions = {}): Promise<WhatifRunner> {
    const catalog = new Catalog(world.depot, world.hcl);
    const createPlan = opts.createPlan ?? planFactory(opts.engine, opts.repairs, opts.repairsBudget);
    const plan = await IncrementalPlan.create(catalog, world.cluster, incrementalOptions(createPlan, opts));
    const { recs } = await plan.recommend(world.cluster.hosts, catalog);
    return new WhatifRunner(world, catalog, plan, recs, opts);
  }

  /** Answers lines in order, as a worker sends them back (texts and digests), with the counts of how they were answered. */
  async runLines(lines: readonly ScenarioLine[]): Promise<BatchReply> {
    const before = { ...this.stats };
    const texts: string[] = [];
    const digests: ScenarioDigest[] = [];
    for (const l of lines) {
      const result = await this.runLine(l.line, l.text);
      texts.push(JSON.stringify(result));
      digests.push(digestOf(result));
    }
    const stats = emptyStats();
    for (const k of Object.keys(stats) as (keyof RunStats)[]) stats[k] = this.stats[k] - before[k];
    return { texts, digests, stats };
  }

  /** Parses and answers one line of the scenario file. */
  async runLine(line: number, text: string): Promise<ScenarioResult> {
    const parsed = parseScenarioLine(text, line, this.file);
    if (!parsed.ok) {
      this.stats.bad++;
      this.lastPath = 'bad';
      return parsed.failure;
    }
    return this.runScenario(parsed.scenario);
  }

  async runScenario(s: Scenario): Promise<ScenarioResult> {
    let applied: AppliedScenario;
    try {
      applied = applyChanges(this.world, s.changes, this.catalog);
    } catch (err) {
      if (!(err instanceof ApplyError)) throw err;
      this.stats.bad++;
      this.lastPath = 'bad';
      return failureOf(s.line, s.name, [{ file: this.file, path: err.path, message: err.message }]);
    }
    const recs = await this.answer(applied);
    return this.outcome(s.name, recs);
  }

  /** The recommendations of a mutated world. */
  async answer(a: AppliedScenario): Promise<Recommendations> {
    const w = a.world;
    if (!a.depotChanged && !a.desiredChanged && !this.opts.freshOnly) {
      const catalog = a.hclChanged ? this.catalog.withHcl(w.hcl) : this.catalog;
      let plan = this.baselinePlan;
      let created = false;
      if (a.hostsChanged) {
        const sig = this.spaceOf(w);
        if (sig !== this.baselineSpace) {
          const cached = this.spaces.get(sig);
          if (cached) {
            this.spaces.delete(sig); // most recently used last
            plan = cached;
          } else {
            plan = await IncrementalPlan.create(catalog, w.cluster, incrementalOptions(this.createPlan, this.opts));
            created = true;
            const limit = this.opts.spaceCacheSize ?? 4;
            if (limit <= 0) {
              const { recs } = await plan.recommend(w.cluster.hosts, catalog);
              plan.dispose();
              this.count('fresh');
              return recs;
            }
            while (this.spaces.size >= limit) {
              const [oldest, evicted] = this.spaces.entries().next().value!;
              this.spaces.delete(oldest);
              evicted.dispose();
            }
          }
          this.spaces.set(sig, plan);
        }
      }
      const { recs, memo } = await plan.recommend(w.cluster.hosts, catalog);
      if (await plan.maybeRebuild()) this.stats.rebuilds++;
      this.count(created ? 'fresh' : memo ? 'memo' : 'incremental');
      return recs;
    }
    // the HCL index is shared (or patched) whether or not the depot changed
    const hclIndex = this.catalog.withHcl(w.hcl).hclIndex;
    const removalsOnly = a.depotRemovals !== undefined;
    // a depot that only lost items shares the baseline's component index
    const narrowedDepot = a.depotChanged && removalsOnly ? new DepotIndex(w.depot, this.catalog.depotIndex) : w.depot;
    const catalog = a.depotChanged ? new Catalog(narrowedDepot, hclIndex) : this.catalog.withHcl(hclIndex);
    if (removalsOnly && !this.opts.freshOnly && !this.opts.noRestricted) {
      const recs = await this.restricted(a, catalog);
      if (recs) {
        this.count('restricted');
        return recs;
      }
    }
    const plan = await this.oneShotPlan(catalog, w.cluster);
    try {
      const recs = await plan.recommend();
      this.count('fresh');
      return recs;
    } finally {
      plan.dispose();
    }
  }

  /**
   * The answer on the baseline's encoding of a scenario whose candidate space is a part of the
   * baseline's (restrict.ts); undefined when it is not, or when a reason's message could differ.
   */
  private async restricted(a: AppliedScenario, catalog: Catalog): Promise<Recommendations | undefined> {
    const w = a.world;
    const space = recommendationSpace(catalog, w.cluster);
    let plan = this.baselinePlan;
    let restriction = restrictionOf(plan.space, plan.layout, space);
    if (!restriction && a.desiredChanged && this.world.cluster.desired.base_image) {
      // a lower desired base image widens the base images: a part of the space with every one
      plan = await this.everyBase();
      restriction = restrictionOf(plan.space, plan.layout, space);
    }
    if (!restriction) return undefined;
    // the kept encoding is of the baseline depot: its hardware rules read the HCL of a catalog of it
    const hcl = a.hclChanged ? this.catalog.withHcl(catalog.hclIndex) : this.catalog;
    const depotKey = a.depotRemovals!.join('\n');
    const { recs } = await plan.recommend(w.cluster.hosts, hcl, { restriction, cluster: w.cluster, catalog, depotKey });
    if (await plan.maybeRebuild()) this.stats.rebuilds++;
    return conflictMessagesFixed(recs, catalog) ? recs : undefined;
  }

  /**
   * The baseline's hosts on the space of its desired image without its base image (every base
   * image of the depot), encoded once when first asked: scenarios that lower the desired base
   * image are parts of it.
   */
  private everyBase(): Promise<IncrementalPlan> {
    const { base_image: _, ...desired } = this.world.cluster.desired;
    const cluster = { ...this.world.cluster, desired };
    this.wide ??= IncrementalPlan.create(this.catalog, cluster, incrementalOptions(this.createPlan, this.opts));
    return this.wide;
  }

  /**
   * The candidate space's signature. Hosts enter it only through which add-ons and packages
   * apply to all of them (when none is desired), and that depends on their (vendor, family)
   * pairs alone: the same pairs as the baseline's are the baseline's space.
   */
  private spaceOf(w: World): string {
    const pairs = [...new Set(w.cluster.hosts.map((h) => `${h.vendor}\u0000${h.family}`))].sort().join('\u0001');
    let sig = this.spaceByPairs.get(pairs);
    if (sig === undefined) {
      sig = spaceSignature(recommendationSpace(this.catalog, w.cluster));
      if (this.spaceByPairs.size > 1024) this.spaceByPairs.clear();
      this.spaceByPairs.set(pairs, sig);
    }
    return sig;
  }

  private count(path: Exclude<ScenarioPath, 'bad'>): void {
    this.stats[path]++;
    this.lastPath = path;
  }

  outcome(name: string, recs: Recommendations): ScenarioOutcome {
    return {
      name,
      latest: recs.latest,
      current_series: recs.current_series,
      same_base: recs.same_base,
      changed: SLOTS.filter((s) => imageJson(recs[s]) !== this.baselineJson[s]),
      excluded_base_images: recs.excluded_base_images,
    };
  }

  dispose(): void {
    this.baselinePlan.dispose();
    void this.wide?.then(
      (p) => p.dispose(),
      () => {},
    );
    for (const p of this.spaces.values()) p.dispose();
    this.spaces.clear();
  }
}

/**
 * An image's canonical JSON, kept per image object: answers from the memo share their images, so
 * most scenarios compare images already spelled (spelling three per scenario was the mix's
 * largest allocation).
 */
function imageJson(image: Image | null): string {
  if (image === null) return 'null';
  let json = spelled.get(image);
  if (json === undefined) spelled.set(image, (json = canonicalJson(image)));
  return json;
}

const spelled = new WeakMap<Image, string>();

function incrementalOptions(createPlan: PlanFactory, opts: RunnerOptions) {
  return opts.maxExtraProfiles === undefined ? { createPlan } : { createPlan, maxExtraProfiles: opts.maxExtraProfiles };
}
