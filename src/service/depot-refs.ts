// The items a desired image names, looked up in the depot before the image is stored.
//
// Validation reports a missing item as a NOT_IN_DEPOT error of the image; a desired image that
// names one can never be valid, so the service refuses to store it at all and says which field
// is wrong. Versions are matched as the planner matches them (SPEC §1 equality: 1.0 == 1.00), so
// what passes here is found by validation too. Items with no version (a solution or component
// left to the planner) need only their name in the depot.
import { Catalog } from '../catalog/catalog.js';
import { childPath } from '../load/errors.js';
import type { Depot, SoftwareSpec } from '../model/types.js';
import type { MissingItem } from './errors.js';

const NO_HCL = { releases: [], servers: [], devices: [] };

/** A depot indexed for look-ups by name and version; build once per depot content. */
export class DepotRefs {
  private readonly catalog: Catalog;

  constructor(depot: Depot) {
    this.catalog = new Catalog(depot, NO_HCL);
  }

  /** The items of `spec` (found at JSON path `at`) the depot lacks, in document order. */
  missing(spec: SoftwareSpec, at = '$'): MissingItem[] {
    const cat = this.catalog;
    const out: MissingItem[] = [];
    const miss = (path: string, what: string) => out.push({ path, what });

    if (spec.base_image && !cat.baseImage(spec.base_image.version)) {
      miss(childPath(childPath(at, 'base_image'), 'version'), `base image ${spec.base_image.version}`);
    }
    if (spec.add_on) {
      const { name, version } = spec.add_on;
      const p = childPath(at, 'add_on');
      if (!cat.addOnsByName.has(name)) miss(childPath(p, 'name'), `add-on ${name}`);
      else if (!cat.addOn(name, version)) miss(childPath(p, 'version'), `add-on ${name} ${version}`);
    }
    for (const [manager, ref] of Object.entries(spec.hardware_support?.packages ?? {})) {
      const p = childPath(childPath(childPath(at, 'hardware_support'), 'packages'), manager);
      if (cat.packageVersions(manager, ref.pkg).length === 0) miss(childPath(p, 'pkg'), `hardware support package ${manager}/${ref.pkg}`);
      else if (!cat.package(manager, ref.pkg, ref.version))
        miss(childPath(p, 'version'), `hardware support package ${manager}/${ref.pkg} ${ref.version}`);
    }
    for (const [name, sol] of Object.entries(spec.solutions ?? {})) {
      const p = childPath(childPath(at, 'solutions'), name);
      if (!cat.solutionsByName.has(name)) miss(p, `solution ${name}`);
      else if (sol.version != null && !cat.solution(name, sol.version)) miss(childPath(p, 'version'), `solution ${name} ${sol.version}`);
    }
    for (const [name, version] of Object.entries(spec.components ?? {})) {
      const p = childPath(childPath(at, 'components'), name);
      if (!cat.componentsByName.has(name)) miss(p, `component ${name}`);
      else if (version !== null && !cat.component(name, version)) miss(p, `component ${name} ${version}`);
    }
    return out;
  }
}
