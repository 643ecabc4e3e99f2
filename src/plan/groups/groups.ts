// `strata groups`: the fewest image groups for a mixed-hardware cluster (docs/semantics.md,
// "Image groups"). The answer is assembled from plain recommendations: the whole cluster's when it
// has a latest image (one group, equal to `recommend`), else each chosen group's, planned as its own
// cluster from its own candidates (space.ts). Which groups is decided by search.ts.
import type { Catalog } from '../../catalog/catalog.js';
import type { Cluster, Groups, ImageError, ImageGroup, Recommendations, UncoveredClasses } from '../../model/types.js';
import { errorKey } from '../../image/validate.js';
import { createEngine } from '../../sat/registry.js';
import { ClusterPlan, withPlan, type PlanOptions } from '../plan.js';
import { excludedBases } from '../excluded.js';
import { classRef, groupCluster, hardwareClasses, type HostClass } from './classes.js';
import { GroupFeasibility } from './feasibility.js';
import { searchGroups } from './search.js';
import { desiredAddOnItem, desiredPackageItem, groupModes, groupSpace } from './space.js';
import { hardwareProfiles } from '../../catalog/profiles.js';
import { appliesTo } from '../../catalog/catalog.js';
import { describeHost } from '../../image/messages.js';
import { desiredPackage } from '../space.js';

export const DEFAULT_MAX_GROUPS = 4;

export interface GroupsOptions extends PlanOptions {
  /** at most this many groups (default 4, as vSphere allows) */
  maxGroups?: number;
}

export interface GroupsAnswer extends Groups {
  /** the whole cluster's recommendations: why one image is not enough (the report shows them) */
  whole: Recommendations;
  /** work done, for tests and the bench */
  stats: { proposals: number; solves: number };
}

/** A group planned as its own cluster: its recommendations, with its candidates (space.ts). */
export async function planGroup(
  catalog: Catalog,
  cluster: Cluster,
  classes: readonly HostClass[],
  opts: PlanOptions,
): Promise<Recommendations> {
  const group = groupCluster(cluster, classes);
  const plan = await ClusterPlan.create(catalog, group, opts, groupSpace(catalog, group));
  try {
    return await plan.recommend();
  } finally {
    plan.dispose();
  }
}

const asGroup = (classes: readonly HostClass[], recs: Recommendations): ImageGroup => ({
  classes: classes.map(classRef),
  hosts: classes.flatMap((c) => c.hosts.map((h) => h.name)),
  latest: recs.latest!,
  current_series: recs.current_series,
  same_base: recs.same_base,
  excluded_base_images: recs.excluded_base_images,
});

export async function planGroups(catalog: Catalog, cluster: Cluster, opts: GroupsOptions = {}): Promise<GroupsAnswer> {
  const maxGroups = Math.max(1, opts.maxGroups ?? DEFAULT_MAX_GROUPS);
  const planOpts: PlanOptions = {
    ...(opts.engine ? { engine: opts.engine } : {}),
    ...(opts.repairs === undefined ? {} : { repairs: opts.repairs }),
    ...(opts.repairsBudget === undefined ? {} : { repairsBudget: opts.repairsBudget }),
  };
  const classes = hardwareClasses(cluster.hosts);
  // the whole cluster: recommend's answer when it has a latest; else only why (no repair plans)
  const whole = await withPlan(catalog, cluster, planOpts, async (plan): Promise<Recommendations> => {
    const slots = await plan.slots();
    if (slots.latest) return { ...slots, excluded_base_images: await plan.excluded(slots.latest) };
    const bases = plan.encoding.space.bases.length;
    return {
      ...slots,
      excluded_base_images: await excludedBases(plan.encoding, catalog, cluster.hosts, bases, {
        repairs: 0,
        ...(opts.engine ? { engine: opts.engine } : {}),
      }),
    };
  });
  const stats = { proposals: 0, solves: 0 };
  if (whole.latest) {
    const group = { ...asGroup(classes, whole), hosts: cluster.hosts.map((h) => h.name) };
    return { groups: [group], uncovered: [], max_groups: maxGroups, fewest_groups: 1, whole, stats };
  }

  // the classes whose hosts put a group in vendor mode (space.ts)
  const modes = classes.map((c) => groupModes(catalog, cluster, c.hosts));
  const vendorAddOn = modes.flatMap((m, i) => (m.addOn === 'vendor' ? [i] : []));
  const vendorPkg = modes.flatMap((m, i) => (m.pkg === 'vendor' ? [i] : []));
  const wantPkg = desiredPackage(cluster.desired) !== undefined;
  const feasibility = await GroupFeasibility.create(catalog, cluster, classes, planOpts);
  const engine = await createEngine(opts.engine);
  try {
    const input = {
      feasibility,
      engine,
      classes: classes.length,
      vendorAddOn,
      vendorPkg,
      desiredAddOn: !!cluster.desired.add_on,
      desiredPkg: wantPkg,
    };
    const found = await searchGroups({ ...input, maxGroups });
    stats.proposals = found.proposals;
    if (found.groups) {
      const groups: ImageGroup[] = [];
      for (const g of found.groups) {
        const cs = g.map((c) => classes[c]!);
        const recs = await planGroup(catalog, cluster, cs, planOpts);
        if (!recs.latest) throw new Error(`group ${cs.map((c) => c.model).join(', ')}: the search found an image, its plan none`);
        groups.push({ ...asGroup(cs, recs), hosts: groupCluster(cluster, cs).hosts.map((h) => h.name) });
      }
      stats.solves = feasibility.solves;
      return { groups, uncovered: [], max_groups: maxGroups, fewest_groups: groups.length, whole, stats };
    }
    // no grouping within maxGroups: the classes no image covers alone, or else how many groups it takes
    const uncovered: UncoveredClasses[] = [];
    for (const [i, c] of classes.entries()) {
      const alone = {
        classes: [i],
        desiredAddOn: input.desiredAddOn && modes[i]!.addOn === 'desired',
        desiredPkg: wantPkg && modes[i]!.pkg === 'desired',
      };
      if (!(await feasibility.check(alone))) continue;
      const recs = await planGroup(catalog, cluster, [c], { ...planOpts, repairs: 0 });
      const reasons = [...noCandidateReasons(catalog, groupCluster(cluster, [c])), ...unionOfReasons(recs)];
      uncovered.push({ classes: [classRef(c)], hosts: c.hosts.map((h) => h.name), reasons });
    }
    let fewest: number | null = null;
    if (uncovered.length === 0 && classes.length > maxGroups) {
      const other = await createEngine(opts.engine);
      try {
        fewest = (await searchGroups({ ...input, engine: other, maxGroups: classes.length, newest: false })).groups?.length ?? null;
      } finally {
        other.dispose();
      }
    }
    stats.solves = feasibility.solves;
    return { groups: [], uncovered, max_groups: maxGroups, fewest_groups: fewest, whole, stats };
  } finally {
    feasibility.dispose();
    engine.dispose();
  }
}

/**
 * Why a class has no image: the reasons of every candidate base image, newest first, each once.
 * Every image of the class has one of them (each base's reasons are complete for that base).
 */
function unionOfReasons(recs: Recommendations): ImageError[] {
  const seen = new Map<string, ImageError>();
  for (const x of recs.excluded_base_images) for (const r of x.reasons) if (!seen.has(errorKey(r))) seen.set(errorKey(r), r);
  return [...seen.values()];
}

/**
 * A group in vendor mode whose hosts no add-on (package) of the depot applies to has no candidate
 * at that level, so no base image has a combination to explain: the reason is the desired item,
 * which does not apply to these hosts (or is not in the depot), with nothing to stand in for it.
 */
function noCandidateReasons(catalog: Catalog, group: Cluster): ImageError[] {
  const space = groupSpace(catalog, group);
  const out: ImageError[] = [];
  const layer = (
    empty: boolean,
    what: string,
    ref: string | undefined,
    item: { hardware?: Parameters<typeof appliesTo>[0] } | undefined,
  ) => {
    if (!empty || ref === undefined) return;
    if (!item) {
      out.push({
        code: 'NOT_IN_DEPOT',
        item: ref,
        message: `${what} ${ref} is not in the depot, and no other ${what} applies to all of these hosts`,
      });
      return;
    }
    for (const p of hardwareProfiles(group.hosts)) {
      const host = p.hosts[0]!;
      if (appliesTo(item.hardware, host)) continue;
      out.push({
        code: 'HARDWARE_NOT_COVERED',
        host: host.name,
        hosts: p.hosts.map((h) => h.name),
        item: ref,
        message: `host ${host.name}: ${what} ${ref} is for ${item.hardware!.vendor} hardware, not ${describeHost(host)}, and no other ${what} in the depot applies to it`,
      });
    }
  };
  const a = group.desired.add_on;
  layer(space.addOns.length === 0, 'add-on', a && `${a.name}@${a.version}`, desiredAddOnItem(catalog, group));
  const p = desiredPackage(group.desired);
  layer(space.pkgs.length === 0, 'package', p && `${p.pkg}@${p.version}`, desiredPackageItem(catalog, group));
  // levels the depot leaves empty for everyone (recommend has the same: no image, nothing to explain)
  const d = group.desired;
  const missing = (item: string, message: string) => out.push({ code: 'NOT_IN_DEPOT', item, message });
  if (space.bases.length === 0) missing(d.base_image?.version ?? '', `no base image at or above ${d.base_image?.version} is in the depot`);
  for (const l of space.solutions.filter((x) => x.versions.length === 0)) {
    const v = d.solutions?.[l.name]?.version;
    missing(
      v == null ? l.name : `${l.name}@${v}`,
      `no version of solution ${l.name}${v == null ? '' : ` at or above ${v}`} has its components in the depot`,
    );
  }
  for (const l of space.users.filter((x) => x.versions.length === 0)) {
    const v = d.components?.[l.name];
    missing(
      v == null ? l.name : `${l.name}@${v}`,
      `no version of component ${l.name}${v == null ? '' : ` at or above ${v}`} is in the depot`,
    );
  }
  return out;
}
