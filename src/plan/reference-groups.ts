// The oracle for image groups (docs/semantics.md, "Image groups"): every partition of the cluster's
// hardware classes into at most K groups, each group planned by the brute-force reference
// (reference.ts) as its own cluster, read off the depot without the engines' spaces. Exponential on
// purpose: for small worlds only.
import type { AddOn, Cluster, HardwareScope, HardwareSupportPackage, Host, Image } from '../model/types.js';
import type { Catalog } from '../catalog/catalog.js';
import { compareVersions, seriesOf, versionsEqual } from '../version/version.js';
import { referenceCombinations, referencePlan, referenceSpace, type ReferenceSpace } from './reference.js';
import { compareGroupings, imageKey } from './groups/order.js';

export interface ReferenceClass {
  vendor: string;
  model: string;
  hosts: Host[];
}

export interface ReferenceGroupPlan {
  latest: Image | null;
  current_series: Image | null;
  same_base: Image | null;
}

export interface ReferenceGroups {
  classes: ReferenceClass[];
  /** the fewest groups of a valid grouping within K (null: none) */
  fewest: number | null;
  /** every valid grouping with the fewest groups and the newest images (class indexes per group) */
  best: number[][][];
  /** every valid grouping with the fewest groups */
  fewestSplits: number[][][];
  /** the plan of a group, by its class indexes joined with ',' */
  plans: Map<string, ReferenceGroupPlan>;
  /** classes with no latest as a group of their own */
  uncovered: number[];
  /** true when the whole cluster has a latest: the answer is one group equal to recommend */
  whole: boolean;
}

const covers = (scope: HardwareScope | undefined, host: Host) =>
  !scope || (scope.vendor === host.vendor && (scope.families.length === 0 || scope.families.includes(host.family)));
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The partitions of {0..n-1} into at most k blocks, blocks in order of their first elements. */
export function* partitions(n: number, k: number): Generator<number[][]> {
  const blocks: number[][] = [];
  function* place(i: number): Generator<number[][]> {
    if (i === n) {
      yield blocks.map((b) => [...b]);
      return;
    }
    for (const b of blocks) {
      b.push(i);
      yield* place(i + 1);
      b.pop();
    }
    if (blocks.length < k) {
      blocks.push([i]);
      yield* place(i + 1);
      blocks.pop();
    }
  }
  yield* place(0);
}

/** SPEC §3.7 read literally: the group's own cluster, with a vendor add-on (package) where the desired one does not apply. */
export function referenceGroupSpace(catalog: Catalog, group: Cluster): ReferenceSpace {
  const space = referenceSpace(catalog, group);
  const { depot } = catalog;
  const d = group.desired;
  const all = (scope: HardwareScope | undefined) => group.hosts.every((h) => covers(scope, h));
  if (d.add_on) {
    const item = depot.add_ons.find((a) => a.name === d.add_on!.name && compareVersions(a.version, d.add_on!.version) === 0);
    if (!item || !all(item.hardware)) {
      space.addOns = depot.add_ons
        .filter((a) => all(a.hardware))
        .sort((a: AddOn, b: AddOn) => compareVersions(b.version, a.version) || byName(a.name, b.name));
    }
  }
  const [want] = Object.entries(d.hardware_support?.packages ?? {});
  if (want) {
    const [manager, ref] = want;
    const item = depot.hardware_support_packages.find(
      (p) => p.manager === manager && p.pkg === ref.pkg && compareVersions(p.version, ref.version) === 0,
    );
    if (!item || !all(item.hardware)) {
      space.pkgs = depot.hardware_support_packages
        .filter((p) => all(p.hardware))
        .sort(
          (a: HardwareSupportPackage, b: HardwareSupportPackage) =>
            compareVersions(b.version, a.version) || byName(a.manager, b.manager) || byName(a.pkg, b.pkg),
        );
    }
  }
  return space;
}

export function referenceGroupPlan(catalog: Catalog, group: Cluster): ReferenceGroupPlan {
  const desired = group.desired.base_image?.version;
  const valid: Image[] = [];
  for (const c of referenceCombinations(catalog, group, referenceGroupSpace(catalog, group))) if (c.valid) valid.push(c.valid);
  const first = (pred: (img: Image) => boolean) => valid.find(pred) ?? null;
  return {
    latest: first(() => true),
    current_series: desired === undefined ? null : first((img) => seriesOf(img.base_image.version) === seriesOf(desired)),
    same_base: desired === undefined ? null : first((img) => versionsEqual(img.base_image.version, desired)),
  };
}

export function referenceGroups(catalog: Catalog, cluster: Cluster, maxGroups = 4): ReferenceGroups {
  const classes: ReferenceClass[] = [];
  for (const h of cluster.hosts) {
    let c = classes.find((x) => x.vendor === h.vendor && x.model === h.model);
    if (!c) classes.push((c = { vendor: h.vendor, model: h.model, hosts: [] }));
    c.hosts.push(h);
  }
  const plans = new Map<string, ReferenceGroupPlan>();
  const planOf = (block: number[]) => {
    const key = block.join(',');
    let p = plans.get(key);
    if (!p) {
      const hosts = new Set(block.flatMap((i) => classes[i]!.hosts));
      plans.set(key, (p = referenceGroupPlan(catalog, { ...cluster, hosts: cluster.hosts.filter((h) => hosts.has(h)) })));
    }
    return p;
  };
  const uncovered = classes.flatMap((_, i) => (planOf([i]).latest ? [] : [i]));
  const all = classes.map((_, i) => i);
  const whole = referencePlan(catalog, cluster).recommendations;
  if (whole.latest) {
    plans.set(all.join(','), whole);
    return { classes, fewest: 1, best: [[all]], fewestSplits: [[all]], plans, uncovered, whole: true };
  }
  const valid = [...partitions(classes.length, maxGroups)].filter((p) => p.every((b) => planOf(b).latest));
  if (valid.length === 0) return { classes, fewest: null, best: [], fewestSplits: [], plans, uncovered, whole: false };
  const fewest = Math.min(...valid.map((p) => p.length));
  const fewestSplits = valid.filter((p) => p.length === fewest);
  const keys = (p: number[][]) => p.map((b) => imageKey(planOf(b).latest!));
  const newest = fewestSplits.reduce((a, b) => (compareGroupings(keys(b), keys(a)) < 0 ? b : a));
  const best = fewestSplits.filter((p) => compareGroupings(keys(p), keys(newest)) === 0);
  return { classes, fewest, best, fewestSplits, plans, uncovered, whole: false };
}
