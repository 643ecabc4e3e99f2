// Loading a depot and an HCL through a snapshot cache: when a snapshot of the same input bytes (by
// SHA-256) made by this Strata is in the cache folder, the catalog is built from it without parsing
// or checking the JSON again; otherwise the files are loaded as usual and a snapshot is written for
// the next time. A snapshot that cannot be read or does not match is ignored and replaced.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../catalog/catalog.js';
import { decodeSnapshot, encodeSnapshot } from '../catalog/snapshot.js';
import type { Depot, Hcl } from '../model/types.js';
import { parseDepot } from './depot.js';
import { InputError } from './errors.js';
import { parseHcl } from './hcl.js';
import { parseJsonBytes, readInputBytes } from './json.js';

/** Snapshots kept in a cache folder; older ones (of earlier inputs) are removed. */
const KEEP = 4;
const PREFIX = 'catalog-';
const SUFFIX = '.snapshot';

export interface CachedCatalog {
  catalog: Catalog;
  depot: Depot;
  hcl: Hcl;
  /** `sha256:` and the hex digest of each file's bytes */
  depotHash: string;
  hclHash: string;
  /** where the catalog came from: a snapshot, or the JSON files (a snapshot was then written, if it could be) */
  from: 'snapshot' | 'json';
}

export interface CacheOptions {
  /** the snapshot folder (created when missing); without it nothing is cached */
  cacheDir?: string;
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** The snapshot file for a key (any text naming the inputs, such as their content hashes). */
export function snapshotFile(cacheDir: string, key: string): string {
  return path.join(cacheDir, `${PREFIX}${sha256(key).slice(0, 40)}${SUFFIX}`);
}

/** The depot and HCL of the snapshot for `key` in `cacheDir` (and its bytes), or undefined when there is none usable. */
export function readCatalogSnapshot(cacheDir: string, key: string): { depot: Depot; hcl: Hcl; bytes: Buffer } | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(snapshotFile(cacheDir, key));
  } catch {
    return undefined;
  }
  const docs = decodeSnapshot(bytes, key);
  return docs && { ...docs, bytes };
}

/**
 * Writes the snapshot of a checked depot and HCL for `key` atomically (a temporary file renamed
 * over it), so a reader sees the whole old file or the whole new one. Returns false when it could
 * not be written: a cache is an optimisation, never a reason to fail.
 */
export function writeCatalogSnapshot(cacheDir: string, key: string, depot: Depot, hcl: Hcl): boolean {
  return writeSnapshotBytes(cacheDir, key, encodeSnapshot(key, depot, hcl));
}

/** writeCatalogSnapshot of bytes already encoded (encodeSnapshot with the same key). */
export function writeSnapshotBytes(cacheDir: string, key: string, bytes: Uint8Array): boolean {
  const file = snapshotFile(cacheDir, key);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
    return false;
  }
  prune(cacheDir, file);
  return true;
}

/** Removes all but the KEEP most recently written snapshots (never `keep`). */
function prune(cacheDir: string, keep: string): void {
  try {
    const snapshots = fs
      .readdirSync(cacheDir)
      .filter((f) => f.startsWith(PREFIX) && f.endsWith(SUFFIX))
      .map((f) => path.join(cacheDir, f))
      .filter((f) => f !== keep)
      .map((f) => ({ f, at: fs.statSync(f).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { f } of snapshots.slice(KEEP - 1)) fs.rmSync(f, { force: true });
  } catch {
    // another process pruning at the same time: nothing to do
  }
}

/**
 * Loads `depotPath` and `hclPath` into a Catalog, through the snapshot cache in `opts.cacheDir`.
 * Bad input throws an InputError naming every problem of both files, as the loaders do.
 */
export function loadCatalogCached(depotPath: string, hclPath: string, opts: CacheOptions = {}): CachedCatalog {
  // each file's problems, reported depot first as loadWorld does
  const found: [InputError[], InputError[]] = [[], []];
  function attempt<T>(file: 0 | 1, load: () => T): T | undefined {
    try {
      return load();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      found[file].push(err);
      return undefined;
    }
  }
  const depotBytes = attempt(0, () => readInputBytes(depotPath));
  const hclBytes = attempt(1, () => readInputBytes(hclPath));
  const depotHash = depotBytes && `sha256:${sha256(depotBytes)}`;
  const hclHash = hclBytes && `sha256:${sha256(hclBytes)}`;
  const key = `depot ${depotHash} hcl ${hclHash}`;
  if (opts.cacheDir && depotHash && hclHash) {
    const snap = readCatalogSnapshot(opts.cacheDir, key);
    if (snap) return { depot: snap.depot, hcl: snap.hcl, catalog: new Catalog(snap.depot, snap.hcl), depotHash, hclHash, from: 'snapshot' };
  }
  const depot = depotBytes && attempt(0, () => parseDepot(parseJsonBytes(depotBytes, depotPath), depotPath));
  const hcl = hclBytes && attempt(1, () => parseHcl(parseJsonBytes(hclBytes, hclPath), hclPath));
  if (!depot || !hcl || !depotHash || !hclHash) {
    const errors = [...found[0], ...found[1]];
    throw new InputError(
      errors.flatMap((e) => e.problems),
      errors.reduce((n, e) => n + e.total, 0),
    );
  }
  if (opts.cacheDir) writeCatalogSnapshot(opts.cacheDir, key, depot, hcl);
  return { catalog: new Catalog(depot, hcl), depot, hcl, depotHash, hclHash, from: 'json' };
}
