// The vSphere `SoftwareSpec` JSON (esx/settings): what `PUT .../software/drafts/{draft}/software`
// takes and what vLCM's "export image as JSON" writes, to and from a Strata desired image.
//
//   {"base_image": {"version"}, "add_on": {"name", "version"} | null,
//    "components": {name: version}, "solutions": {name: {"version", "components": [{"component"}]}},
//    "hardware_support": {"packages": {manager: {"pkg", "version"}}} | null,
//    "removed_components": [name]}
//
// Reading also takes the `SoftwareInfo` shape (GET .../software: components as {name: {"version",
// "details"}}, solutions with details) and a draft's {"metadata", "software"} around either.
import type { Image, SoftwareSpec } from '../../model/types.js';
import { isObject, type JsonObject } from '../../load/check.js';
import { parseSoftwareSpec } from '../../load/cluster.js';

export interface VsphereSoftwareSpec {
  base_image: { version: string } | null;
  add_on: { name: string; version: string } | null;
  components: Record<string, string | null>;
  solutions: Record<string, { version?: string | null; components?: { component: string }[] }>;
  hardware_support: { packages: Record<string, { pkg: string; version: string }> } | null;
  removed_components: string[];
}

/** A cluster's desired image as a vSphere SoftwareSpec (null versions stay null: "pick one"). */
export function desiredToVsphere(spec: SoftwareSpec): VsphereSoftwareSpec {
  const solutions: VsphereSoftwareSpec['solutions'] = {};
  for (const [name, sol] of Object.entries(spec.solutions ?? {}))
    solutions[name] = sol.version === undefined ? {} : { version: sol.version };
  return {
    base_image: spec.base_image ? { version: spec.base_image.version } : null,
    add_on: spec.add_on ? { name: spec.add_on.name, version: spec.add_on.version } : null,
    components: { ...(spec.components ?? {}) },
    solutions,
    hardware_support: spec.hardware_support ? { packages: { ...spec.hardware_support.packages } } : null,
    removed_components: [...(spec.removed_components ?? [])],
  };
}

/**
 * A resolved image (a recommendation) as a vSphere SoftwareSpec. Solution components are named,
 * not versioned: vSphere derives their versions from the solution's. `removed` carries the
 * desired image's removed components, which a recommendation keeps.
 */
export function imageToVsphere(image: Image, removed: readonly string[] = []): VsphereSoftwareSpec {
  const solutions: VsphereSoftwareSpec['solutions'] = {};
  for (const [name, sol] of Object.entries(image.solutions)) {
    solutions[name] =
      sol.components.length > 0
        ? { version: sol.version, components: sol.components.map((c) => ({ component: c.name })) }
        : { version: sol.version };
  }
  return {
    base_image: { version: image.base_image.version },
    add_on: image.add_on ? { ...image.add_on } : null,
    components: { ...image.components },
    solutions,
    hardware_support: image.hardware_support ? { packages: { ...image.hardware_support.packages } } : null,
    removed_components: [...removed],
  };
}

/** `{name: {"version", "details"}}` (SoftwareInfo) → `{name: version}`; other values as they are. */
function flattenInfoMap(value: unknown): unknown {
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = isObject(v) && 'version' in v ? v.version : v;
  return out;
}

/** Reads a vSphere SoftwareSpec (or SoftwareInfo, or a draft around one) as a Strata desired image. */
export function fromVsphereSpec(value: unknown, file: string): SoftwareSpec {
  let doc = value;
  if (isObject(doc) && isObject(doc.software) && !('base_image' in doc)) doc = doc.software;
  if (!isObject(doc)) return parseSoftwareSpec(doc, file);
  const spec: JsonObject = { ...doc };
  if (isObject(spec.base_image)) spec.base_image = { version: spec.base_image.version };
  if (isObject(spec.add_on)) spec.add_on = { name: spec.add_on.name, version: spec.add_on.version };
  if (spec.components !== undefined) spec.components = flattenInfoMap(spec.components);
  if (isObject(spec.solutions)) {
    const sols: JsonObject = {};
    // Solution components are fixed by the solution's version: the desired image keeps the version only.
    for (const [k, v] of Object.entries(spec.solutions))
      sols[k] = isObject(v) ? (v.version === undefined ? {} : { version: v.version }) : v;
    spec.solutions = sols;
  }
  // vSphere writes `"removed_components": null` and `"hardware_support": {"packages": {}}` for none.
  if (spec.removed_components === null) delete spec.removed_components;
  return parseSoftwareSpec(spec, file);
}
