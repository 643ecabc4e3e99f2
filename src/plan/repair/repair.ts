// Repair plans: what an operator can change so that an excluded base image becomes usable.
//
// One encoding per cluster: the planning problem over the repair space (src/plan/repair/space.ts)
// with a lever literal for every change an operator can make: an edit of the desired image, the
// firmware of a device on the hosts of one hardware profile, the removal of such a device. Every
// rule holds; the levers are what may give. For a base image, the engine is asked for a model on
// that base with the fewest devices removed, then the fewest host visits, then the fewest
// firmware changes, then the fewest edits (src/plan/repair/objective.ts). Such a model is minimal:
// dropping any one change would make one of those counts smaller. Further plans must each leave
// out at least one change of every earlier plan, so none contains an earlier one.
//
// A plan is written as what-if changes and verified: applied to the world as a scenario, the base
// image must have a valid image, and the plan's `image` is the best one on it.
import { deviceKey, hardwareProfiles, type HardwareProfile } from '../../catalog/profiles.js';
import { pciString, type Catalog } from '../../catalog/catalog.js';
import type { Cluster, Device, Host, Image, Repair, SoftwareSpec } from '../../model/types.js';
import type { EngineName, Lit, SatEngine } from '../../sat/engine.js';
import { createEngine } from '../../sat/registry.js';
import { compareVersions, versionKey, versionsEqual } from '../../version/version.js';
import { Builder } from '../builder.js';
import { encodeComposition, type Effective } from '../encode/composition.js';
import { encodeProfile, type HardwareContext } from '../encode/hardware.js';
import { encodeLevels, layoutOf, type LevelLayout } from '../encode/layout.js';
import { encodeSoftwareRules } from '../encode/software.js';
import { encodeSolutionComponents } from '../encode/solution-components.js';
import { encodeBaseSupport } from '../encode/support.js';
import { recommendationSpace } from '../space.js';
import { NullEngine } from './null-engine.js';
import { minimiseStrata, type Stratum, type Weighted } from './objective.js';
import { repairSpace, type RepairSpace } from './space.js';
import { BudgetedEngine, BudgetSpent, type RepairTrace } from './budget.js';
import { repairStats } from './stats.js';

type Change = Repair['changes'][number];

/**
 * Why only new hardware would make `baseVersion` usable, when a profile's server is not certified
 * for its release; undefined otherwise. No lever changes a server, and the repair encoding rules
 * such a base out under the profile's activation, so its search would find nothing: callers skip
 * it (no copy of the engine, no solve) with the answer the search would give.
 */
export function serversBlock(catalog: Catalog, profiles: readonly HardwareProfile[], baseVersion: string): string | undefined {
  const servers = profiles.filter((p) => !catalog.serverCertified(p.hosts[0]!, baseVersion));
  if (servers.length === 0) return undefined;
  const release = catalog.releaseOf(baseVersion);
  const models = [...new Set(servers.map((p) => `${p.hosts[0]!.vendor} ${p.hosts[0]!.model}`))];
  const hosts = servers.flatMap((p) => p.hosts.map((h) => h.name));
  return `only new hardware would help: ${models.join(', ')} (${hosts.join(', ')}) ${models.length === 1 ? 'is' : 'are'} not certified for ${release?.name ?? `base image ${baseVersion}`}`;
}

/** The repairs of one base image, or why there is none. */
export interface BaseRepairs {
  repairs: Repair[];
  /** when there is no plan: what would be needed instead */
  no_repair?: string;
}

interface DeviceLevers {
  profile: HardwareProfile;
  device: Device;
  remove: Lit;
  firmware: Lit;
  /** the host devices this entry stands for, per host of the profile */
  ids: { host: string; device: string }[];
}

/** The devices of `host` that a profile's (deduplicated) device stands for. */
function deviceIds(host: Host, d: Device): string[] {
  const key = deviceKey(d);
  return host.devices.filter((x) => deviceKey(x) === key).map((x) => x.id);
}

export class RepairPlanner {
  /** the engine the current question is asked of: a copy of `engine` */
  private solver: SatEngine;

  private constructor(
    private readonly catalog: Catalog,
    private readonly cluster: Cluster,
    private readonly engineName: EngineName | undefined,
    private readonly engine: SatEngine,
    private readonly rs: RepairSpace,
    private readonly layout: LevelLayout,
    private readonly effective: Effective,
    private readonly stillRemoved: Map<string, Lit>,
    private readonly devices: DeviceLevers[],
    private readonly active: Lit[],
    private readonly strata: Stratum[],
    private readonly profiles: HardwareProfile[],
    /** whether verification may copy shared depot sides (PlanOptions.shared) */
    private readonly shared: boolean,
  ) {
    this.solver = engine;
  }

  static async create(catalog: Catalog, cluster: Cluster, engineName?: EngineName, shared = true): Promise<RepairPlanner> {
    const engine = await createEngine(engineName);
    const b = new Builder(engine, new NullEngine());
    const rs = repairSpace(catalog, cluster);
    const space = rs.space;
    const levels = encodeLevels(b, space);
    const sc = encodeSolutionComponents(b, catalog, space, levels);
    const layout = layoutOf(levels, sc.levels);
    const stillRemoved = new Map(space.removed.map((n) => [n, b.fresh()]));
    const effective = encodeComposition(b, catalog, space, layout, sc.requires, new Map(), stillRemoved);
    encodeSoftwareRules(b, catalog, effective);
    encodeBaseSupport(b, catalog, space, layout);

    const devices: DeviceLevers[] = [];
    const ctx: HardwareContext = {
      builder: b,
      space,
      layout,
      effective,
      profileKeys: new Map(),
      deviceLever: (profile, device) => {
        const ids = profile.hosts.flatMap((h) => deviceIds(h, device).map((id) => ({ host: h.name, device: id })));
        const lever = { remove: b.fresh(), firmware: b.fresh() };
        devices.push({ profile, device, ids, ...lever });
        return lever;
      },
    };
    const profiles = hardwareProfiles(cluster.hosts);
    const active = profiles.map((p) => encodeProfile(ctx, catalog, p));

    // strata: devices removed, host visits, firmware changes, edits of the desired image
    const visits: Weighted[] = [];
    for (const p of profiles) {
      const fws = devices.filter((d) => d.profile === p).map((d) => d.firmware);
      if (fws.length === 0) continue;
      const visit = b.fresh();
      for (const f of fws) b.clause([-f, visit]);
      visits.push({ lit: visit, weight: p.hosts.length });
    }
    const edits: Weighted[] = [];
    const editOf = (vars: readonly Lit[], flags: readonly boolean[]) => {
      const lits = vars.filter((_, i) => flags[i]);
      if (lits.length) edits.push({ lit: b.or(lits), weight: 1 });
    };
    editOf(layout.addOn.vars, rs.addOnEdit);
    editOf(layout.pkg.vars, rs.pkgEdit);
    space.solutions.forEach((s, i) => edits.push({ lit: layout.solutions[i]!.vars[s.versions.length]!, weight: 1 }));
    space.users.forEach((u, i) => {
      const vars = layout.users[i]!.vars;
      if (u.optional) edits.push({ lit: -vars[u.versions.length]!, weight: 1 });
      else editOf(vars, rs.userEdit[i]!);
    });
    for (const kept of stillRemoved.values()) edits.push({ lit: -kept, weight: 1 });
    // the fewest devices removed and host visits; then no firmware change or edit too many
    const strata: Stratum[] = [
      { terms: devices.map((d) => ({ lit: d.remove, weight: d.ids.length })), least: true },
      { terms: visits, least: true },
      { terms: devices.map((d) => ({ lit: d.firmware, weight: d.ids.length })), least: false },
      { terms: edits, least: false },
    ];
    return new RepairPlanner(
      catalog,
      cluster,
      engineName,
      engine,
      rs,
      layout,
      effective,
      stillRemoved,
      devices,
      active,
      strata,
      profiles,
      shared,
    );
  }

  /** Up to `max` plans that make `baseVersion` usable, cheapest first. */
  async repairs(baseVersion: string, max: number): Promise<BaseRepairs> {
    const trace = await this.search(baseVersion, max, Infinity);
    return trace.noRepair === undefined ? { repairs: trace.repairs } : { repairs: trace.repairs, no_repair: trace.noRepair };
  }

  /**
   * Up to `max` plans that make `baseVersion` usable, cheapest first, searched with at most `limit`
   * solves (src/plan/repair/budget.ts): what was found, and the solves it took.
   */
  async search(baseVersion: string, max: number, limit: number): Promise<RepairTrace> {
    const baseIndex = this.rs.space.bases.findIndex((b) => versionsEqual(b.version, baseVersion));
    if (baseIndex < 0 || max <= 0) return { repairs: [], at: [], solves: 0, complete: true };
    const blocked = serversBlock(this.catalog, this.profiles, baseVersion);
    if (blocked) return { repairs: [], at: [], solves: 0, complete: true, noRepair: blocked };
    const base = this.layout.base.vars[baseIndex]!;
    // each base on its own copy: the bounds and blocking clauses of one question stay out of the next
    const solver = new BudgetedEngine(await this.engine.clone(), limit);
    this.solver = solver;
    const repairs: Repair[] = [];
    const at: number[] = [];
    try {
      while (repairs.length < max) {
        // the least cost is searched with plain CDCL; among the models of that cost, the one
        // the ranking prefers (newest versions) is read, so the edits name the best choices
        this.solver.setPriority([]);
        const found = await minimiseStrata(this.solver, [base, ...this.active], this.strata);
        if (!found) break;
        this.solver.setPriority(this.layout.all.flatMap((l) => l.vars));
        if (!(await this.solver.solve(found.held))) throw new Error(`repair of ${baseVersion}: the least cost became unsatisfiable`);
        const used = this.strata.flatMap((s) => s.terms).filter((t) => this.value(t.lit) && t.weight > 0);
        const changes = this.changes(baseVersion);
        if (changes.length === 0) throw new Error(`repair of ${baseVersion}: a model without changes, yet the base image was excluded`);
        const image = await this.verify(baseVersion, changes);
        if (!image) throw new Error(`repair of ${baseVersion}: the plan ${JSON.stringify(changes)} does not make it usable`);
        repairs.push({ changes, image });
        at.push(solver.solves);
        // later plans leave out at least one change of this one
        this.solver.addClause(used.map((t) => -t.lit));
      }
    } catch (err) {
      if (err instanceof BudgetSpent) return { repairs, at, solves: limit, complete: false };
      throw err;
    } finally {
      repairStats.solves += solver.solves;
      this.solver.dispose();
      this.solver = this.engine;
    }
    const trace: RepairTrace = { repairs, at, solves: solver.solves, complete: true };
    if (repairs.length === 0) trace.noRepair = this.whyNone(baseVersion);
    return trace;
  }

  dispose(): void {
    this.engine.dispose();
  }

  private value(lit: Lit): boolean {
    return this.solver.modelValue(Math.abs(lit)) === lit > 0;
  }

  /** The index of the true variable of a level (-1: none). */
  private pick(vars: readonly Lit[]): number {
    return vars.findIndex((v) => this.value(v));
  }

  /** The model's plan as what-if changes: the desired image's edits first, then firmware, then removals. */
  private changes(baseVersion: string): Change[] {
    const out: Change[] = [];
    const spec = this.editedSpec();
    if (spec) out.push({ op: 'set_desired', spec });
    for (const d of this.devices.filter((x) => this.value(x.firmware) && !this.value(x.remove))) {
      const version = this.firmwareFor(d, baseVersion);
      for (const { host, device } of d.ids) out.push({ op: 'set_firmware', host, device, version });
    }
    for (const d of this.devices.filter((x) => this.value(x.remove))) {
      for (const { host, device } of d.ids) out.push({ op: 'remove_device', host, device });
    }
    return out;
  }

  /** The desired image with the model's edits, or undefined when it makes none. */
  private editedSpec(): SoftwareSpec | undefined {
    const { space, addOnEdit, pkgEdit, userEdit } = this.rs;
    const d = this.cluster.desired;
    const spec: SoftwareSpec = structuredClone(d);
    let edited = false;
    const a = this.pick(this.layout.addOn.vars);
    if (addOnEdit[a]) {
      const addOn = space.addOns[a]!;
      spec.add_on = { name: addOn.name, version: addOn.version };
      edited = true;
    }
    const p = this.pick(this.layout.pkg.vars);
    if (pkgEdit[p]) {
      const pkg = space.pkgs[p]!;
      spec.hardware_support = { packages: { [pkg.manager]: { pkg: pkg.pkg, version: pkg.version } } };
      edited = true;
    }
    space.solutions.forEach((s, i) => {
      if (this.pick(this.layout.solutions[i]!.vars) === s.versions.length) {
        delete spec.solutions![s.name];
        edited = true;
      }
    });
    if (spec.solutions && Object.keys(spec.solutions).length === 0) delete spec.solutions;
    space.users.forEach((u, i) => {
      const c = this.pick(this.layout.users[i]!.vars);
      if (u.optional ? c < u.versions.length : userEdit[i]![c]) {
        spec.components = { ...spec.components, [u.name]: u.versions[c]! };
        edited = true;
      }
    });
    for (const [name, kept] of this.stillRemoved) {
      if (this.value(kept)) continue;
      spec.removed_components = (spec.removed_components ?? []).filter((n) => n !== name);
      edited = true;
    }
    return edited ? spec : undefined;
  }

  /** The newest firmware the HCL certifies for the device with a driver version the image has. */
  private firmwareFor(d: DeviceLevers, baseVersion: string): string {
    const release = this.catalog.releaseOf(baseVersion);
    const entry = this.catalog.hclDevice(d.device);
    const found: string[] = [];
    for (const row of (release && entry?.releases[release.name]) || []) {
      const inImage = row.driver_versions.some((dv) => {
        const e = this.effective.get(row.driver)?.get(versionKey(dv));
        return e !== undefined && this.value(e.lit);
      });
      if (inImage) found.push(...row.firmware_versions);
    }
    if (found.length === 0) throw new Error(`repair: no certified firmware for ${pciString(d.device)} on ${baseVersion}`);
    return found.reduce((x, y) => (compareVersions(y, x) > 0 ? y : x));
  }

  /** Applies the plan as a what-if scenario; the best image on the base afterwards, or null. */
  private async verify(baseVersion: string, changes: readonly Change[]): Promise<Image | null> {
    const { applyChanges } = await import('../../whatif/apply.js');
    const { ClusterPlan } = await import('../plan.js');
    const world = { depot: this.catalog.depot, hcl: this.catalog.hcl, cluster: this.cluster };
    const after = applyChanges(world, changes, this.catalog).world;
    const full = recommendationSpace(this.catalog, after.cluster);
    const space = { ...full, bases: full.bases.filter((b) => versionsEqual(b.version, baseVersion)) };
    if (space.bases.length === 0) return null;
    const opts = { ...(this.engineName ? { engine: this.engineName } : {}), shared: this.shared };
    const plan = await ClusterPlan.create(this.catalog, after.cluster, opts, space);
    try {
      return (await plan.slots()).latest;
    } finally {
      plan.dispose();
    }
  }

  private whyNone(baseVersion: string): string {
    return (
      serversBlock(this.catalog, this.profiles, baseVersion) ??
      'no edit of the desired image, device firmware or device removal makes it usable'
    );
  }
}
