// The planning problem of one cluster as clauses (SPEC §3.4). Structural clauses (one choice per
// level, the layered composition) always hold; every rule whose violation is a SPEC error is
// guarded by a selector variable standing for that error, so failed-assumption cores over the
// selectors explain why a base image cannot be used. The steps are in src/plan/encode/; their
// order fixes the variable numbering and the clause order, hence the engines' search.
import type { Cluster, Host, ImageError } from '../model/types.js';
import type { Catalog } from '../catalog/catalog.js';
import { hardwareProfiles, type HardwareProfile } from '../catalog/profiles.js';
import type { Lit, SatEngine } from '../sat/engine.js';
import { Builder, type Reason } from './builder.js';
import { encodeComposition, type Effective } from './encode/composition.js';
import { blockedBases, encodeProfile, guardBlocked, type HardwareContext } from './encode/hardware.js';
import { ProfileShapes } from './encode/profile-shape.js';
import { encodeLevels, layoutOf, type LevelLayout } from './encode/layout.js';
import { encodeSoftwareRules } from './encode/software.js';
import { encodeSolutionComponents } from './encode/solution-components.js';
import { encodeBaseSupport } from './encode/support.js';
import type { CandidateSpace } from './space.js';

export { chosen, type Level, type LevelKind, type LevelLayout, type SolutionComponentLevel } from './encode/layout.js';

export interface Encoding {
  /** the planning engine: every rule holds */
  engine: SatEngine;
  /** the same problem with every rule guarded by its selector, for explanations */
  explainer: SatEngine;
  catalog: Catalog;
  cluster: Cluster;
  space: CandidateSpace;
  /** the levels by what they stand for, each with its place in a vector of choices */
  layout: LevelLayout;
  /** selector variable → the error it stands for */
  reasons: Map<number, Reason>;
  /** every selector, in creation order */
  selectors: number[];
  /** selector → the activation literal of the hardware profile its rule belongs to */
  selectorContext: Map<number, Lit>;
  /** the activation literals of the current hosts' hardware profiles: assumed in every solve */
  active: Lit[];
  hardware: HardwareContext;
  /** (HCL, representative host, profile) → activation literal, so profiles are encoded once */
  profileCache: Map<string, Lit>;
  /**
   * Base images (by index) that the cheap pre-filter ruled out for the cluster's hosts, with
   * the one error that explains each; they are forced false and their components not encoded.
   */
  dropped: Map<number, ImageError>;
}

export interface EncodeOptions {
  /**
   * Rule out base images by the cheap hardware pre-filter (default). Off when the encoding is
   * to be reused for other hosts (what-if), since what it drops depends on the hosts.
   */
  prefilter?: boolean;
}

/**
 * The part of an encoding that depends on the depot, the candidate space and the base images the
 * hosts rule out, but not on the hosts' hardware: it can be encoded once and copied per cluster
 * (src/plan/shared.ts). Its builder writes into the engines it was encoded with.
 */
export interface DepotSide {
  catalog: Catalog;
  space: CandidateSpace;
  builder: Builder;
  layout: LevelLayout;
  effective: Effective;
  dropped: Map<number, ImageError>;
}

/**
 * Encodes the depot side of `space` into two fresh engines (planner and explainer). Base images in
 * `dropped` (see blockedBases) are ruled out by their one error and their components not encoded.
 */
export function encodeDepotSide(
  catalog: Catalog,
  space: CandidateSpace,
  planner: SatEngine,
  explainer: SatEngine,
  dropped: Map<number, ImageError>,
): DepotSide {
  const b = new Builder(planner, explainer);
  const levels = encodeLevels(b, space);
  guardBlocked(b, dropped, levels);
  const solutionComponents = encodeSolutionComponents(b, catalog, space, levels);
  const layout = layoutOf(levels, solutionComponents.levels);
  const effective = encodeComposition(b, catalog, space, layout, solutionComponents.requires, dropped);
  encodeSoftwareRules(b, catalog, effective);
  encodeBaseSupport(b, catalog, space, layout, dropped);

  const priority = layout.all.flatMap((l) => l.vars);
  planner.setPriority(priority);
  explainer.setPriority(priority);
  return { catalog, space, builder: b, layout, effective, dropped };
}

/**
 * The cluster's encoding on a depot side: `planner` and `explainer` are the depot side's own
 * engines or copies of them (clone() carries the priority), and the hosts' profiles are added.
 */
export function encodeCluster(side: DepotSide, cluster: Cluster, planner: SatEngine, explainer: SatEngine): Encoding {
  const own = planner === side.builder.planner && explainer === side.builder.explainer;
  const b = own ? side.builder : side.builder.copyOnto(planner, explainer);
  const { catalog, space, layout, effective } = side;
  const enc: Encoding = {
    engine: planner,
    explainer,
    catalog,
    cluster,
    space,
    layout,
    reasons: b.reasons,
    selectors: b.selectors,
    selectorContext: b.selectorContext,
    active: [],
    hardware: { builder: b, space, layout, effective, profileKeys: new Map(), dropped: side.dropped, shapes: new ProfileShapes() },
    profileCache: new Map(),
    dropped: side.dropped,
  };
  activateHosts(enc, cluster.hosts, catalog);
  return enc;
}

/**
 * Encodes the space into two fresh engines (planner and explainer) and activates the hardware
 * profiles of the cluster's hosts.
 */
export function encode(
  catalog: Catalog,
  cluster: Cluster,
  space: CandidateSpace,
  planner: SatEngine,
  explainer: SatEngine,
  { prefilter = true }: EncodeOptions = {},
): Encoding {
  const dropped = prefilter ? blockedBases(catalog, cluster.hosts, space) : new Map<number, ImageError>();
  return encodeCluster(encodeDepotSide(catalog, space, planner, explainer, dropped), cluster, planner, explainer);
}

const hclIds = new WeakMap<object, number>();
let nextHclId = 1;

/**
 * Makes `hosts` (under the HCL of `catalog`) the hardware of the encoding: their profiles are
 * encoded unless already known, and become the active ones. The depot and the candidate space
 * must be those the encoding was built with.
 */
export function activateHosts(enc: Encoding, hosts: readonly Host[], catalog: Catalog = enc.catalog): HardwareProfile[] {
  let hclId = hclIds.get(catalog.hcl);
  if (hclId === undefined) hclIds.set(catalog.hcl, (hclId = nextHclId++));
  const profiles = hardwareProfiles(hosts);
  enc.active = profiles.map((p) => {
    const key = `${hclId}|${p.hosts[0]!.name}|${p.key}`;
    let lit = enc.profileCache.get(key);
    if (lit === undefined) enc.profileCache.set(key, (lit = encodeProfile(enc.hardware, catalog, p)));
    return lit;
  });
  return profiles;
}
