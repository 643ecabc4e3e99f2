// An encoded depot side as bytes, for workers: the wasm engines' state blocks plus the maps the
// planner needs (levels, effective literals, selectors and their reasons), all structured-
// cloneable. Rebuilt on the other side against that thread's Catalog of the same depot and HCL,
// without encoding anything again. Only the wasm engine has its state as bytes.
import type { Catalog } from '../catalog/catalog.js';
import type { AddOn, BaseImage, HardwareSupportPackage, ImageError, Solution } from '../model/types.js';
import { wasmEngineFrom, WasmSatEngine } from '../sat/wasm.js';
import { Builder, type BuilderState } from './builder.js';
import type { Effective } from './encode/composition.js';
import { layoutOf, type Level, type SolutionComponentLevel } from './encode/layout.js';
import type { DepotSide } from './encode.js';
import type { CandidateSpace, UserLevel } from './space.js';

export interface DepotBytes {
  planner: Uint8Array;
  explainer: Uint8Array;
  meta: DepotMeta;
}

interface DepotMeta {
  space: {
    bases: string[];
    addOns: ([string, string] | null)[];
    pkgs: ([string, string, string] | null)[];
    solutions: { name: string; optional?: boolean; versions: string[] }[];
    users: UserLevel[];
    removed: string[];
  };
  levels: { base: Level; addOn: Level; pkg: Level; solutions: Level[]; users: Level[]; solutionComponents: SolutionComponentLevel[] };
  effective: [string, [string, string, number][]][];
  dropped: [number, ImageError][];
  builder: BuilderState;
}

export function depotSideToBytes(side: DepotSide): DepotBytes {
  const { planner, explainer } = side.builder;
  if (!(planner instanceof WasmSatEngine) || !(explainer instanceof WasmSatEngine)) {
    throw new Error(`depot side of engine ${planner.name}: only the wasm engine's state can be sent as bytes`);
  }
  const { space, layout } = side;
  const meta: DepotMeta = {
    space: {
      bases: space.bases.map((b) => b.version),
      addOns: space.addOns.map((a) => a && [a.name, a.version]),
      pkgs: space.pkgs.map((p) => p && [p.manager, p.pkg, p.version]),
      solutions: space.solutions.map((s) => ({ ...s, versions: s.versions.map((v) => v.version) })),
      users: space.users,
      removed: space.removed,
    },
    levels: {
      base: layout.base,
      addOn: layout.addOn,
      pkg: layout.pkg,
      solutions: layout.solutions,
      users: layout.users,
      solutionComponents: layout.solutionComponents,
    },
    effective: [...side.effective].map(([name, m]) => [name, [...m].map(([k, p]) => [k, p.version, p.lit])]),
    dropped: [...side.dropped],
    builder: side.builder.state(),
  };
  // copies: the views point into memory that changes when the engines do
  return { planner: planner.state().slice(), explainer: explainer.state().slice(), meta: structuredClone(meta) };
}

/** The depot side of `bytes` over `catalog` (the same depot and HCL it was encoded with). */
export function depotSideFromBytes(catalog: Catalog, bytes: DepotBytes): DepotSide {
  const { meta } = bytes;
  const need = <T>(x: T | undefined, what: string): T => {
    if (x === undefined) throw new Error(`depot side from bytes: ${what} is not in this catalog's depot`);
    return x;
  };
  const space: CandidateSpace = {
    bases: meta.space.bases.map((v): BaseImage => need(catalog.baseImage(v), `base image ${v}`)),
    addOns: meta.space.addOns.map((a): AddOn | null => a && need(catalog.addOn(a[0], a[1]), `add-on ${a.join(' ')}`)),
    pkgs: meta.space.pkgs.map((p): HardwareSupportPackage | null => p && need(catalog.package(p[0], p[1], p[2]), `package ${p.join(' ')}`)),
    solutions: meta.space.solutions.map((s) => ({
      ...s,
      versions: s.versions.map(
        (v): Solution =>
          need(
            catalog.solutionsByName.get(s.name)?.find((x) => x.version === v),
            `solution ${s.name} ${v}`,
          ),
      ),
    })),
    users: meta.space.users,
    removed: meta.space.removed,
  };
  const { solutionComponents, ...levels } = meta.levels;
  const effective: Effective = new Map(
    meta.effective.map(([name, entries]) => [name, new Map(entries.map(([k, version, lit]) => [k, { version, lit }]))]),
  );
  const planner = wasmEngineFrom(bytes.planner);
  const explainer = wasmEngineFrom(bytes.explainer);
  return {
    catalog,
    space,
    builder: Builder.fromState(planner, explainer, meta.builder, catalog),
    layout: layoutOf(levels, solutionComponents),
    effective,
    dropped: new Map(meta.dropped),
  };
}
