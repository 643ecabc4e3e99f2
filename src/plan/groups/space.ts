// The candidates of one image group (docs/semantics.md, "Image groups"): a group is planned as its
// own cluster from the desired image, except that where the desired add-on (package) does not apply
// to all of its hosts, it must carry an add-on (package) that does, newest first, never "none".
import type { AddOn, Cluster, HardwareSupportPackage, Host } from '../../model/types.js';
import { appliesTo, type Catalog } from '../../catalog/catalog.js';
import { desiredPackage, rankAddOns, rankPackages, recommendationSpace, type CandidateSpace } from '../space.js';

/** How a group picks its add-on (package): the desired one's versions, or any that fits (vendor). */
export type LayerMode = 'desired' | 'vendor';

export interface GroupModes {
  addOn: LayerMode;
  pkg: LayerMode;
}

const coversAll = (scope: AddOn['hardware'], hosts: readonly Host[]) => hosts.every((h) => appliesTo(scope, h));

/** The desired add-on: the depot item the desired image names (undefined: none desired or not in the depot). */
export function desiredAddOnItem(catalog: Catalog, cluster: Cluster): AddOn | undefined {
  const a = cluster.desired.add_on;
  return a ? catalog.addOn(a.name, a.version) : undefined;
}

export function desiredPackageItem(catalog: Catalog, cluster: Cluster): HardwareSupportPackage | undefined {
  const p = desiredPackage(cluster.desired);
  return p ? catalog.package(p.manager, p.pkg, p.version) : undefined;
}

/**
 * Whether each layer of a group with these hosts keeps the desired item ('desired') or must carry
 * one that applies to all of them ('vendor'). Nothing desired: 'desired' (the usual candidates).
 * A desired item missing from the depot applies to no host.
 */
export function groupModes(catalog: Catalog, cluster: Cluster, hosts: readonly Host[]): GroupModes {
  const mode = (wanted: boolean, item: AddOn | HardwareSupportPackage | undefined): LayerMode =>
    !wanted || (item !== undefined && coversAll(item.hardware, hosts)) ? 'desired' : 'vendor';
  return {
    addOn: mode(cluster.desired.add_on !== undefined, desiredAddOnItem(catalog, cluster)),
    pkg: mode(desiredPackage(cluster.desired) !== undefined, desiredPackageItem(catalog, cluster)),
  };
}

/** The candidate space of a group's cluster (its hosts, the cluster's desired image). */
export function groupSpace(catalog: Catalog, group: Cluster): CandidateSpace {
  const space = recommendationSpace(catalog, group);
  const modes = groupModes(catalog, group, group.hosts);
  if (modes.addOn === 'vendor') space.addOns = rankAddOns(catalog.depot.add_ons.filter((a) => coversAll(a.hardware, group.hosts)));
  if (modes.pkg === 'vendor')
    space.pkgs = rankPackages(catalog.depot.hardware_support_packages.filter((p) => coversAll(p.hardware, group.hosts)));
  return space;
}

/**
 * One space holding every group's candidates, in the same rank order: every add-on (package) of the
 * depot, with "none" only when none is desired. What a group may not carry is ruled out by its
 * hosts' hardware rules (an item that does not apply to a host) or by its mode (desired items only).
 */
export function unionSpace(catalog: Catalog, cluster: Cluster): CandidateSpace {
  const space = recommendationSpace(catalog, cluster);
  const d = cluster.desired;
  space.addOns = [...rankAddOns(catalog.depot.add_ons), ...(d.add_on ? [] : [null])];
  space.pkgs = [...rankPackages(catalog.depot.hardware_support_packages), ...(desiredPackage(d) ? [] : [null])];
  return space;
}
