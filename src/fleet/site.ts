// A site: the depot and the HCL every cluster of a fleet is planned against, loaded and indexed
// once per worker. Both files are always read, so an operator sees the problems of both at once.
import { Catalog } from '../catalog/catalog.js';
import { loadDepot } from '../load/depot.js';
import { InputError, type Problem } from '../load/errors.js';
import { loadHcl } from '../load/hcl.js';

export interface SiteFiles {
  depot: string;
  hcl: string;
}

export interface Site {
  catalog: Catalog;
  /** the HCL's "updated" date, for the freshness fields of every result */
  hclUpdated: string | undefined;
}

/** Loads and indexes both files; throws one InputError with the problems of both. */
export function loadSite(files: SiteFiles): Site {
  const problems: Problem[] = [];
  let total = 0;
  function attempt<T>(load: () => T): T | undefined {
    try {
      return load();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.problems);
      total += err.total;
      return undefined;
    }
  }
  const depot = attempt(() => loadDepot(files.depot));
  const hcl = attempt(() => loadHcl(files.hcl));
  if (!depot || !hcl) throw new InputError(problems, total);
  return { catalog: new Catalog(depot, hcl), hclUpdated: hcl.updated };
}
