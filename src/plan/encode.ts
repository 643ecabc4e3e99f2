// The planning problem of one cluster as clauses (SPEC §3.4). Structural clauses (one choice per
// level, the layered composition) always hold; every rule whose violation is a SPEC error is
// guarded by a selector variable standing for that error, so failed-assumption cores over the
// selectors explain why a base image cannot be used.
import type { Cluster, Component, ImageError } from '../model/types.js';
import {
  appliesTo,
  packageFirmwareFor,
  pciString,
  supportsBase,
  type Catalog,
} from '../catalog/catalog.js';
import { hardwareProfiles, type HardwareProfile } from '../catalog/profiles.js';
import { compareVersions, satisfies, versionKey, versionsEqual } from '../version/version.js';
import type { Lit, SatEngine } from '../sat/engine.js';
import { describeConstraint, describeDevice, describeHost, listOr } from '../image/messages.js';
import { errorKey } from '../image/validate.js';
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
  /** the planning engine: every rule enforced */
  engine: SatEngine;
  /** the same clauses with every rule guarded by its selector, for explanations */
  explainer: SatEngine;
  catalog: Catalog;
  cluster: Cluster;
  space: CandidateSpace;
  profiles: HardwareProfile[];
  /** combination levels in rank order: base image, add-on, package, solutions, user components */
  levels: Level[];
  /** solution-component levels, by component name; their versions newest first */
  solutionComponents: (Level & { name: string; versions: string[] })[];
  /** selector variable → the error it stands for */
  reasons: Map<number, Reason>;
  /** every selector, in creation order */
  selectors: number[];
}

/** An error a selector stands for; its message may depend on the base image it explains. */
export type Reason = Omit<ImageError, 'message'> & { message: string | ((baseVersion: string) => string) };

export function reasonFor(r: Reason, baseVersion: string): ImageError {
  return { ...r, message: typeof r.message === 'string' ? r.message : r.message(baseVersion) };
}

type VersionVars = Map<string, { version: string; vars: Lit[] }>;

class Builder {
  readonly reasons = new Map<number, Reason>();
  readonly selectors: number[] = [];
  private readonly selectorByKey = new Map<string, number>();
  private readonly orCache = new Map<string, Lit>();

  constructor(readonly engine: SatEngine) {}

  fresh(): number {
    return this.engine.newVar();
  }

  clause(lits: Lit[]): void {
    this.engine.addClause(lits);
  }

  /** A rule that holds unless its error is allowed: (¬selector ∨ clause). */
  guarded(reason: Reason, lits: Lit[]): void {
    const key = errorKey(reason);
    let s = this.selectorByKey.get(key);
    if (s === undefined) {
      s = this.fresh();
      this.selectorByKey.set(key, s);
      this.reasons.set(s, reason);
      this.selectors.push(s);
    }
    this.clause([-s, ...lits]);
  }

  exactlyOne(vars: readonly number[]): void {
    this.clause([...vars]);
    this.atMostOne(vars);
  }

  /** Pairwise for few variables, else the sequential (ladder) encoding. */
  atMostOne(vars: readonly number[]): void {
    if (vars.length <= 5) {
      for (let i = 0; i < vars.length; i++) for (let j = i + 1; j < vars.length; j++) this.clause([-vars[i]!, -vars[j]!]);
      return;
    }
    let prev = 0;
    for (let i = 0; i < vars.length; i++) {
      const x = vars[i]!;
      if (prev) this.clause([-x, -prev]);
      if (i < vars.length - 1) {
        const s = this.fresh();
        this.clause([-x, s]);
        if (prev) this.clause([-prev, s]);
        prev = s;
      }
    }
  }

  /** A literal equivalent to the disjunction (shared between identical disjunctions). */
  or(lits: readonly Lit[]): Lit {
    const unique = [...new Set(lits)].sort((a, b) => a - b);
    if (unique.length === 1) return unique[0]!;
    const key = unique.join(',');
    let v = this.orCache.get(key);
    if (v === undefined) {
      v = this.fresh();
      for (const l of unique) this.clause([-l, v]);
      this.clause([-v, ...unique]);
      this.orCache.set(key, v);
    }
    return v;
  }
}

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
 * Encodes the space into `engine` (which becomes the explainer) and into a clone of it where
 * every selector is a unit clause (the planner).
 */
export async function encode(catalog: Catalog, cluster: Cluster, space: CandidateSpace, engine: SatEngine): Promise<Encoding> {
  const b = new Builder(engine);
  const profiles = hardwareProfiles(cluster.hosts);
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
      const reason: Reason = {
        code: 'DOWNGRADE',
        item: `${name}@${version}`,
        message: `${name} ${version} would replace the newer ${p.version}`,
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
  const matching = (k: { name: string; relation?: Component['depends'][0]['relation']; version?: string }, exclude?: string) => {
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
  const supportRule = (what: string, item: string, supported: readonly string[], lit: Lit) => {
    const message = (base: string) => `${what} supports base images ${listOr(supported)}, not ${base}`;
    space.bases.forEach((base, i) => {
      if (!supportsBase(supported, base.version)) b.guarded({ code: 'UNSUPPORTED_BASE_IMAGE', item, message }, [-lit, -baseLevel.vars[i]!]);
    });
  };
  space.addOns.forEach((a, i) => a && supportRule(`add-on ${a.name} ${a.version}`, `${a.name}@${a.version}`, a.supported_base_image_versions, addOnLevel.vars[i]!));
  space.pkgs.forEach((p, i) => p && supportRule(`package ${p.pkg} ${p.version}`, `${p.pkg}@${p.version}`, p.supported_base_image_versions, pkgLevel.vars[i]!));
  space.solutions.forEach((s, si) =>
    s.versions.forEach((sol, vi) =>
      supportRule(`solution ${sol.name} ${sol.version}`, `${sol.name}@${sol.version}`, sol.supported_base_image_versions, solutionLevels[si]!.vars[vi]!),
    ),
  );

  // Hardware rules (SPEC §3.3), once per hardware profile; its first host names the reason.
  for (const profile of profiles) {
    const host = profile.hosts[0]!;
    const covered = (what: string, item: string, scope: Parameters<typeof appliesTo>[0], lit: Lit) => {
      if (appliesTo(scope, host)) return;
      b.guarded(
        { code: 'HARDWARE_NOT_COVERED', host: host.name, item, message: `host ${host.name}: ${what} is for ${scope!.vendor} hardware, not ${describeHost(host)}` },
        [-lit],
      );
    };
    space.addOns.forEach((a, i) => a && covered(`add-on ${a.name} ${a.version}`, `${a.name}@${a.version}`, a.hardware, addOnLevel.vars[i]!));
    space.pkgs.forEach((p, i) => p && covered(`package ${p.pkg} ${p.version}`, `${p.pkg}@${p.version}`, p.hardware, pkgLevel.vars[i]!));

    const notCertified = (base: string) => {
      const release = catalog.releaseOf(base);
      return release
        ? `host ${host.name}: server ${host.vendor} ${host.model} is not certified for ${release.name}`
        : `host ${host.name}: base image ${base} belongs to no HCL release, so no server is certified for it`;
    };
    space.bases.forEach((base, i) => {
      if (!catalog.serverCertified(host, base.version)) {
        b.guarded({ code: 'SERVER_NOT_CERTIFIED', host: host.name, message: notCertified }, [-baseLevel.vars[i]!]);
      }
    });

    for (const device of profile.devices) {
      if (!catalog.classesWithRules.has(device.class)) continue;
      const id = pciString(device);
      const entry = catalog.hclDevice(device);
      if (!entry) {
        b.guarded({ code: 'DEVICE_NOT_LISTED', host: host.name, device: id, message: `host ${host.name}: ${describeDevice(device)} is not in the HCL` }, []);
        continue;
      }
      // firmware the device runs under each package choice
      const firmwareUnder = space.pkgs.map((p) => packageFirmwareFor(p, device) ?? device.firmware_version);
      const certified = new Map<string, Lit[]>(); // release name → literals of certified (driver, firmware) pairs
      const pairsFor = (releaseName: string): Lit[] => {
        let lits = certified.get(releaseName);
        if (lits) return lits;
        lits = [];
        for (const row of entry.releases[releaseName] ?? []) {
          const okPkgs = pkgLevel.vars.filter(
            (_, pi) => row.firmware_versions.length === 0 || row.firmware_versions.some((f) => versionsEqual(f, firmwareUnder[pi]!)),
          );
          if (okPkgs.length === 0) continue;
          for (const dv of row.driver_versions) {
            const e = effective.get(row.driver)?.get(versionKey(dv));
            if (!e) continue;
            if (okPkgs.length === pkgLevel.vars.length) {
              lits.push(e.lit);
            } else {
              const t = b.fresh();
              b.clause([-t, e.lit]);
              b.clause([-t, ...okPkgs]);
              lits.push(t);
            }
          }
        }
        certified.set(releaseName, lits);
        return lits;
      };
      const message = (base: string) => {
        const release = catalog.releaseOf(base);
        const why = release
          ? `HCL lists ${describeRows(entry.releases[release.name] ?? [])}; host firmware ${device.firmware_version}`
          : 'the base image belongs to no HCL release';
        return `host ${host.name}: ${describeDevice(device, entry)} has no certified driver/firmware pair for ${release?.name ?? base}: ${why}`;
      };
      space.bases.forEach((base, i) => {
        const release = catalog.releaseOf(base.version);
        const lits = release ? pairsFor(release.name) : [];
        b.guarded({ code: 'DEVICE_NOT_CERTIFIED', host: host.name, device: id, message }, [-baseLevel.vars[i]!, ...lits]);
      });
    }
  }

  engine.setPriority(
    [...levels, ...solutionComponents].flatMap((l) => l.vars),
  );
  const planner = await engine.clone();
  for (const s of b.selectors) planner.addClause([s]);
  return {
    engine: planner,
    explainer: engine,
    catalog,
    cluster,
    space,
    profiles,
    levels,
    solutionComponents,
    reasons: b.reasons,
    selectors: b.selectors,
  };
}

function describeRows(rows: readonly { driver: string; driver_versions: string[]; firmware_versions: string[] }[]): string {
  if (rows.length === 0) return 'no driver for it';
  return rows
    .map((r) => `${r.driver} ${listOr(r.driver_versions, 2)}${r.firmware_versions.length ? ` with firmware ${listOr(r.firmware_versions)}` : ''}`)
    .join('; or ');
}
