// Which sets of hardware classes one image can serve, asked of one shared depot encoding. The
// encoding's candidate space holds every group's candidates (space.ts, unionSpace); a class is a
// literal that activates the hardware rules of its profiles, a mode literal restricts the add-on
// (package) to the desired one's versions, and a threshold literal asks for an image at least as
// new as a given one. An unsatisfiable question yields a core: a smallest set of those literals
// that cannot hold together, which the grouping search (search.ts) learns as a clause.
import type { Catalog } from '../../catalog/catalog.js';
import type { Cluster } from '../../model/types.js';
import type { Lit } from '../../sat/engine.js';
import { activateHosts } from '../encode.js';
import { ClusterPlan, type PlanOptions } from '../plan.js';
import { best } from '../search.js';
import { desiredPackage } from '../space.js';
import { compareVersions } from '../../version/version.js';
import type { HostClass } from './classes.js';
import { unionSpace } from './space.js';

/** A group image's rank at the base, add-on and package levels (indexes in the shared space: smaller is newer). */
export type KeyIndex = readonly [number, number, number];

export interface Threshold {
  key: KeyIndex;
  /** strictly newer than `key` (else: at least as new) */
  strict: boolean;
}

/** What a group asks for: its classes, whether each layer is limited to the desired item, and a threshold. */
export interface GroupQuestion {
  classes: readonly number[];
  desiredAddOn: boolean;
  desiredPkg: boolean;
  threshold?: Threshold;
}

/** Why a question has no answer: the part of it that already has none. */
export interface Core {
  classes: number[];
  desiredAddOn: boolean;
  desiredPkg: boolean;
  threshold: boolean;
}

export class GroupFeasibility {
  private readonly thresholdLits = new Map<string, Lit>();
  /** solves asked of the depot encoding, for tests and the bench */
  solves = 0;

  private constructor(
    private readonly plan: ClusterPlan,
    private readonly classLits: Lit[],
    private readonly desiredAddOnLit: Lit,
    private readonly desiredPkgLit: Lit,
  ) {}

  static async create(catalog: Catalog, cluster: Cluster, classes: readonly HostClass[], opts: PlanOptions): Promise<GroupFeasibility> {
    // the pre-filter drops base images for the cluster's hosts; a group has only some of them
    const plan = await ClusterPlan.create(catalog, cluster, { engine: opts.engine, prefilter: false }, unionSpace(catalog, cluster));
    const enc = plan.encoding;
    const profileLits = classes.map((c) => {
      activateHosts(enc, c.hosts, catalog);
      return [...enc.active];
    });
    const engine = plan.engine;
    const classLits = profileLits.map((lits) => {
      const s = engine.newVar();
      for (const a of lits) engine.addClause([-s, a]);
      return s;
    });
    const d = cluster.desired;
    const { space, layout } = enc;
    const onlyDesired = (vars: readonly Lit[], isDesired: (i: number) => boolean): Lit => {
      const m = engine.newVar();
      engine.addClause([-m, ...vars.filter((_, i) => isDesired(i))]);
      return m;
    };
    const addOnLit = onlyDesired(layout.addOn.vars, (i) => {
      const a = space.addOns[i];
      return !!a && !!d.add_on && a.name === d.add_on.name && compareVersions(a.version, d.add_on.version) >= 0;
    });
    const want = desiredPackage(d);
    const pkgLit = onlyDesired(layout.pkg.vars, (i) => {
      const p = space.pkgs[i];
      return !!p && !!want && p.manager === want.manager && p.pkg === want.pkg && compareVersions(p.version, want.version) >= 0;
    });
    return new GroupFeasibility(plan, classLits, addOnLit, pkgLit);
  }

  private assumptions(q: GroupQuestion): Lit[] {
    const lits = q.classes.map((c) => this.classLits[c]!);
    if (q.desiredAddOn) lits.push(this.desiredAddOnLit);
    if (q.desiredPkg) lits.push(this.desiredPkgLit);
    if (q.threshold) lits.push(this.thresholdLit(q.threshold));
    return lits;
  }

  /** null when the group has an image (meeting the threshold), else a core no smaller part of which fails. */
  async check(q: GroupQuestion): Promise<Core | null> {
    const engine = this.plan.engine;
    let assumed = this.assumptions(q);
    this.solves++;
    if (await engine.solve(assumed)) return null;
    // deletion: drop each literal the core does not need (the threshold is kept: it is the question)
    const must = q.threshold ? this.thresholdLit(q.threshold) : 0;
    let core = this.narrow(assumed, engine.failedAssumptions());
    for (const lit of [...core]) {
      if (lit === must || !core.includes(lit)) continue;
      const rest = core.filter((l) => l !== lit);
      this.solves++;
      if (!(await engine.solve(rest))) core = this.narrow(rest, engine.failedAssumptions());
    }
    assumed = core;
    return {
      classes: q.classes.filter((c) => assumed.includes(this.classLits[c]!)),
      desiredAddOn: assumed.includes(this.desiredAddOnLit),
      desiredPkg: assumed.includes(this.desiredPkgLit),
      threshold: must !== 0 && assumed.includes(must),
    };
  }

  /** The failed assumptions, kept within what was assumed (an engine may report all of them). */
  private narrow(assumed: readonly Lit[], failed: readonly Lit[]): Lit[] {
    const f = new Set(failed);
    const kept = assumed.filter((l) => f.has(l));
    return kept.length || assumed.length === 0 ? kept : [...assumed];
  }

  /** The newest image key of a group that has one (the first valid combination's base, add-on, package). */
  async key(q: GroupQuestion): Promise<KeyIndex | null> {
    const enc = this.plan.encoding;
    this.solves++;
    const choices = await best(enc, this.assumptions(q));
    if (!choices) return null;
    return [choices[enc.layout.base.index]!, choices[enc.layout.addOn.index]!, choices[enc.layout.pkg.index]!];
  }

  /**
   * A literal that, assumed, asks for an image whose (base, add-on, package) ranks before the key
   * (strict) or not after it, lexicographically: a newer base, or the same base and a newer add-on,
   * or the same base and add-on and a package not older.
   */
  private thresholdLit(t: Threshold): Lit {
    const id = `${t.key.join(',')}${t.strict ? '>' : '>='}`;
    let g = this.thresholdLits.get(id);
    if (g !== undefined) return g;
    const engine = this.plan.engine;
    const { base, addOn, pkg } = this.plan.encoding.layout;
    const [b, a, p] = t.key;
    g = engine.newVar();
    const sameBaseNewerAddOn = engine.newVar();
    const sameBaseAndAddOn = engine.newVar();
    engine.addClause([-g, ...base.vars.slice(0, b), sameBaseNewerAddOn, sameBaseAndAddOn]);
    engine.addClause([-sameBaseNewerAddOn, base.vars[b]!]);
    engine.addClause([-sameBaseNewerAddOn, ...addOn.vars.slice(0, a)]);
    engine.addClause([-sameBaseAndAddOn, base.vars[b]!]);
    engine.addClause([-sameBaseAndAddOn, addOn.vars[a]!]);
    engine.addClause([-sameBaseAndAddOn, ...pkg.vars.slice(0, t.strict ? p : p + 1)]);
    this.thresholdLits.set(id, g);
    return g;
  }

  dispose(): void {
    this.plan.dispose();
  }
}
