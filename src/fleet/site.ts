// A site: the depot and the HCL every cluster of a fleet is planned against, loaded and indexed
// once per worker, from a binary snapshot when the same files were loaded before. Both files are
// always read, so an operator sees the problems of both at once.
import type { Catalog } from '../catalog/catalog.js';
import { loadCatalogCached } from '../load/cached.js';

export interface SiteFiles {
  depot: string;
  hcl: string;
  /** the snapshot folder (none: load the JSON every time) */
  cacheDir?: string;
}

export interface Site {
  catalog: Catalog;
  /** the HCL's "updated" date, for the freshness fields of every result */
  hclUpdated: string | undefined;
}

/** The site's files alone (of options that name more). */
export function siteFiles(f: SiteFiles): SiteFiles {
  return f.cacheDir === undefined ? { depot: f.depot, hcl: f.hcl } : { depot: f.depot, hcl: f.hcl, cacheDir: f.cacheDir };
}

/** Loads and indexes both files; throws one InputError with the problems of both. */
export function loadSite(files: SiteFiles): Site {
  const { catalog, hcl } = loadCatalogCached(files.depot, files.hcl, files.cacheDir === undefined ? {} : { cacheDir: files.cacheDir });
  return { catalog, hclUpdated: hcl.updated };
}
