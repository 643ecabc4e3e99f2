// The planning problem of one cluster as clauses (SPEC §3.4). Structural clauses (one choice per
// level, the layered composition) always hold; every rule whose violation is a SPEC error is
// guarded by a selector variable standing for that error, so failed-assumption cores over the
// selectors explain why a base image cannot be used.
import type { Cluster, Component, Host, ImageError } from '../model/types.js';
import { supportsBase, type Catalog } from '../catalog/catalog.js';
import { hardwareProfiles, type HardwareProfile } from '../catalog/profiles.js';
import { compareVersions, satisfies, versionKey } from '../version/version.js';
import type { Lit, SatEngine } from '../sat/engine.js';
import { describeConstraint, listOr } from '../image/messages.js';
import { Builder, type Reason } from './builder.js';
import { baseBlocker, encodeProfile, type HardwareContext } from './hardware.js';
import { solutionComponentLevels, type CandidateSpace } from './space.js';

export type LevelKind = 'base_image' | 'add_on' | 'package' | 'solution' | 'component' | 'solution_component';

/** One ranked level: exactly one of `vars` is true (for solution components: when required). */
export interface Level {
  kind: LevelKind;
  /** solution or component name for the named levels */
  name?: string;
  vars: number[];
}

export interface Encoding {
  /** the planning engine: every rule holds */
  engine: SatEngine;
  /** the same problem with every rule guarded by its selector, for explanations */
  explainer: SatEngine;
  catalog: Catalog;
  cluster: Cluster;
  space: CandidateSpace;
  /** combination levels in rank order: base image, add-on, package, solutions, user components */
  levels: Level[];
  /** solution-component levels, by component name; their versions newest first */
  solutionComponents: (Level & { name: string; versions: string[] })[];
  /** selector variable → the error it stands for */
  reasons: Map<number, Reason>;
  /** every selector, in creation order */
  selectors: number[];
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

type VersionVars = Map<string, { version: string; vars: Lit[] }>;

function addVersion(map: VersionVars, version: string, lit: Lit): void {
  const k = versionKey(version);
  let e = map.get(k);
  if (!e) map.set(k, (e = { version, vars: [] }));
  e.vars.push(lit);
}

/** What one layer (add-on or package) does to each component name. */
interface LayerEffect {
  /** name → versions it ends at in the image */
  sets: Map<string, VersionVars>;
  /** name → versions it is overridden to, even when the same layer then removes it (DOWNGRADE is judged on these) */
  overrides: Map<string, VersionVars>;
  /** name → the choices that touch it (set or remove) */
  touches: Map<string, Lit[]>;
}

function layerEffect<T extends { components: Record<string, string>; removed_components: string[] }>(
  items: readonly (T | null)[],
  vars: readonly number[],
): LayerEffect {
  const sets = new Map<string, VersionVars>();
  const overrides = new Map<string, VersionVars>();
  const touches = new Map<string, Lit[]>();
  items.forEach((item, i) => {
    if (!item) return;
    const v = vars[i]!;
    const removed = new Set(item.removed_components);
    for (const [name, version] of Object.entries(item.components)) {
      for (const target of removed.has(name) ? [overrides] : [overrides, sets]) {
        let m = target.get(name);
        if (!m) target.set(name, (m = new Map()));
        addVersion(m, version, v);
      }
    }
    for (const name of new Set([...Object.keys(item.components), ...removed])) {
      let t = touches.get(name);
      if (!t) touches.set(name, (t = []));
      t.push(v);
    }
  });
  return { sets, overrides, touches };
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
  const b = new Builder(planner, explainer);
  const newLevel = (kind: LevelKind, n: number, name?: string): Level => {
    const vars = Array.from({ length: n }, () => b.fresh());
    b.exactlyOne(vars);
    return name === undefined ? { kind, vars } : { kind, name, vars };
  };

  const baseLevel = newLevel('base_image', space.bases.length);
  const addOnLevel = newLevel('add_on', space.addOns.length);
  const pkgLevel = newLevel('package', space.pkgs.length);
  const solutionLevels = space.solutions.map((s) => newLevel('solution', s.versions.length, s.name));
  const userLevels = space.users.map((u) => newLevel('component', u.versions.length, u.name));
  const levels = [baseLevel, addOnLevel, pkgLevel, ...solutionLevels, ...userLevels];

  const dropped = new Map<number, ImageError>();
  if (prefilter) {
    const profiles = hardwareProfiles(cluster.hosts);
    space.bases.forEach((base, i) => {
      const blocker = baseBlocker(catalog, profiles, base.version);
      if (!blocker) return;
      dropped.set(i, blocker);
      b.guarded(blocker, [-baseLevel.vars[i]!]);
    });
  }

  // Solution components: one version per name, meeting the constraint of every chosen solution.
  const allSolutions = space.solutions.flatMap((s) => s.versions);
  const solutionComponents = solutionComponentLevels(catalog, allSolutions)
    .map((l) => {
      // only versions meeting at least one constraint can ever be chosen
      const versions = (catalog.componentsByName.get(l.name) ?? [])
        .filter((c) => allSolutions.some((s) => s.components.some((k) => k.name === l.name && satisfies(c.version, k.relation, k.version))))
        .map((c) => c.version)
        .sort((x, y) => compareVersions(y, x));
      return { kind: 'solution_component' as const, name: l.name, versions, vars: versions.map(() => b.fresh()) };
    });
  const solutionRequires = new Map<string, Lit>();
  for (const sc of solutionComponents) {
    const requiring: Lit[] = [];
    space.solutions.forEach((s, si) =>
      s.versions.forEach((sol, vi) => {
        const ks = sol.components.filter((k) => k.name === sc.name);
        if (ks.length === 0) return;
        const sv = solutionLevels[si]!.vars[vi]!;
        requiring.push(sv);
        sc.versions.forEach((version, xi) => {
          if (!ks.every((k) => satisfies(version, k.relation, k.version))) b.clause([-sv, -sc.vars[xi]!]);
        });
      }),
    );
    const req = b.or(requiring);
    solutionRequires.set(sc.name, req);
    b.clause([-req, ...sc.vars]);
    b.atMostOne(sc.vars);
    for (const x of sc.vars) b.clause([-x, req]);
  }

  // Layered composition: per component name, the version after each layer.
  const addOnEffect = layerEffect(space.addOns, addOnLevel.vars);
  const pkgEffect = layerEffect(space.pkgs, pkgLevel.vars);
  const baseSets = new Map<string, VersionVars>();
  space.bases.forEach((base, i) => {
    if (dropped.has(i)) return;
    for (const [name, version] of Object.entries(base.components)) {
      let m = baseSets.get(name);
      if (!m) baseSets.set(name, (m = new Map()));
      addVersion(m, version, baseLevel.vars[i]!);
    }
  });
  const userByName = new Map(space.users.map((u, i) => [u.name, { versions: u.versions, vars: userLevels[i]!.vars }]));
  const scByName = new Map(solutionComponents.map((sc) => [sc.name, sc]));
  const removed = new Set(space.removed);
  const names = new Set([
    ...baseSets.keys(),
    ...addOnEffect.touches.keys(),
    ...pkgEffect.touches.keys(),
    ...scByName.keys(),
    ...userByName.keys(),
  ]);

  /** name → versionKey → literal "this version is in the effective image" */
  const effective = new Map<string, Map<string, { version: string; lit: Lit }>>();
  const downgrade = (name: string, version: string, setters: readonly Lit[], prev: Map<string, { version: string; lit: Lit }>) => {
    for (const p of prev.values()) {
      if (compareVersions(version, p.version) >= 0) continue;
      // one selector stands for every downgrade to this version: say what the base image has
      const reason: Reason = {
        code: 'DOWNGRADE',
        item: `${name}@${version}`,
        message: (base) => {
          const had = catalog.baseImage(base)?.components[name];
          return had !== undefined && compareVersions(version, had) < 0
            ? `${name} ${version} would replace the newer ${had} of base image ${base}`
            : `${name} ${version} would replace a newer ${name} of an earlier layer`;
        },
      };
      for (const s of setters) b.guarded(reason, [-s, -p.lit]);
    }
  };
  /** The values after a layer that sets some versions and otherwise keeps the previous ones. */
  const applyLayer = (
    name: string,
    prev: Map<string, { version: string; lit: Lit }>,
    sets: VersionVars,
    touch: Lit,
    overrides: VersionVars = sets,
  ): Map<string, { version: string; lit: Lit }> => {
    const next = new Map<string, { version: string; lit: Lit }>();
    for (const s of overrides.values()) downgrade(name, s.version, s.vars, prev);
    const keys = new Set([...prev.keys(), ...sets.keys()]);
    for (const k of keys) {
      const setters = sets.get(k)?.vars ?? [];
      const p = prev.get(k);
      const version = sets.get(k)?.version ?? p!.version;
      const e = b.fresh();
      for (const s of setters) b.clause([-s, e]);
      if (p) {
        b.clause([touch, -p.lit, e]);
        b.clause([-e, ...setters, -touch]);
        b.clause([-e, ...setters, p.lit]);
      } else {
        b.clause([-e, ...setters]);
      }
      next.set(k, { version, lit: e });
    }
    return next;
  };

  for (const name of names) {
    let cur = new Map<string, { version: string; lit: Lit }>();
    for (const [k, s] of baseSets.get(name) ?? []) cur.set(k, { version: s.version, lit: b.or(s.vars) });
    for (const effect of [addOnEffect, pkgEffect]) {
      const touching = effect.touches.get(name);
      if (touching) cur = applyLayer(name, cur, effect.sets.get(name) ?? new Map(), b.or(touching), effect.overrides.get(name));
    }
    const sc = scByName.get(name);
    if (sc) {
      const sets: VersionVars = new Map();
      sc.versions.forEach((v, i) => addVersion(sets, v, sc.vars[i]!));
      cur = applyLayer(name, cur, sets, solutionRequires.get(name)!);
    }
    const user = userByName.get(name);
    if (user) {
      const next = new Map<string, { version: string; lit: Lit }>();
      user.versions.forEach((v, i) => {
        downgrade(name, v, [user.vars[i]!], cur);
        next.set(versionKey(v), { version: v, lit: user.vars[i]! });
      });
      cur = next;
    }
    if (removed.has(name)) cur = new Map();
    if (cur.size) effective.set(name, cur);
  }

  // Software rules (SPEC §3.2) on every component that can be in the effective image.
  const present = (c: Component) => effective.get(c.name)?.get(versionKey(c.version))?.lit;
  // many components share a constraint (a vmkapi level, esx-base >= x): match each once
  const matched = new Map<string, Lit[]>();
  const matching = (k: { name: string; relation?: Component['depends'][0]['relation']; version?: string }, exclude?: string) => {
    const key = `${k.name}\u0000${k.relation ?? ''}\u0000${k.version ?? ''}\u0000${exclude ?? ''}`;
    let known = matched.get(key);
    if (!known) matched.set(key, (known = matchingUncached(k, exclude)));
    return known;
  };
  const matchingUncached = (k: { name: string; relation?: Component['depends'][0]['relation']; version?: string }, exclude?: string) => {
    const lits: Lit[] = [];
    if (k.name !== exclude) {
      for (const e of effective.get(k.name)?.values() ?? []) if (satisfies(e.version, k.relation, k.version)) lits.push(e.lit);
    }
    for (const p of catalog.providers.get(k.name) ?? []) {
      if (p.component.name === exclude) continue;
      const lit = present(p.component);
      if (lit === undefined) continue;
      if (!k.relation || (p.version !== undefined && satisfies(p.version, k.relation, k.version))) lits.push(lit);
    }
    return [...new Set(lits)];
  };
  for (const [name, versions] of effective) {
    for (const e of versions.values()) {
      const c = catalog.component(name, e.version);
      if (!c) continue;
      const item = `${name}@${e.version}`;
      for (const k of c.depends) {
        b.guarded(
          { code: 'MISSING_DEPENDENCY', item, message: `${name} ${e.version} needs ${describeConstraint(k)}, which the image does not have or provide` },
          [-e.lit, ...matching(k)],
        );
      }
      for (const k of c.conflicts) {
        for (const m of matching(k, name)) {
          b.guarded({ code: 'CONFLICT', item, message: `${name} ${e.version} conflicts with ${describeConstraint(k)}` }, [-e.lit, -m]);
        }
      }
    }
  }

  // Base-image support of add-ons, packages and solutions.
  // items sharing their supported versions share one disjunction of the bases they do not support
  const unsupportedBy = new Map<string, Lit | null>();
  const unsupported = (supported: readonly string[]): Lit | null => {
    const key = supported.join('\u0000');
    let lit = unsupportedBy.get(key);
    if (lit === undefined) {
      const bases = baseLevel.vars.filter((_, i) => !supportsBase(supported, space.bases[i]!.version));
      unsupportedBy.set(key, (lit = bases.length ? b.or(bases) : null));
    }
    return lit;
  };
  const supportRule = (what: string, item: string, supported: readonly string[], lit: Lit) => {
    const bases = unsupported(supported);
    if (bases === null) return;
    const message = (base: string) => `${what} supports base images ${listOr(supported)}, not ${base}`;
    b.guarded({ code: 'UNSUPPORTED_BASE_IMAGE', item, message }, [-lit, -bases]);
  };
  space.addOns.forEach((a, i) => a && supportRule(`add-on ${a.name} ${a.version}`, `${a.name}@${a.version}`, a.supported_base_image_versions, addOnLevel.vars[i]!));
  space.pkgs.forEach((p, i) => p && supportRule(`package ${p.pkg} ${p.version}`, `${p.pkg}@${p.version}`, p.supported_base_image_versions, pkgLevel.vars[i]!));
  space.solutions.forEach((s, si) =>
    s.versions.forEach((sol, vi) =>
      supportRule(`solution ${sol.name} ${sol.version}`, `${sol.name}@${sol.version}`, sol.supported_base_image_versions, solutionLevels[si]!.vars[vi]!),
    ),
  );

  const priority = [...levels, ...solutionComponents].flatMap((l) => l.vars);
  planner.setPriority(priority);
  explainer.setPriority(priority);
  const enc: Encoding = {
    engine: planner,
    explainer,
    catalog,
    cluster,
    space,
    levels,
    solutionComponents,
    reasons: b.reasons,
    selectors: b.selectors,
    active: [],
    hardware: { builder: b, space, baseVars: baseLevel.vars, addOnVars: addOnLevel.vars, pkgVars: pkgLevel.vars, effective },
    profileCache: new Map(),
    dropped,
  };
  activateHosts(enc, cluster.hosts, catalog);
  return enc;
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
