// One depot side per (catalog, engine, candidate space, pre-filtered bases), shared by every plan
// that asks for it: its engines are encoded once and kept unsolved, and each plan gets copies of
// them (clone()) plus a copy of the builder's bookkeeping, then adds its own hosts' hardware
// profiles. The copies are the very state a fresh encode reaches at that point (same variables,
// clauses and priority), so every answer equals a fresh plan's.
//
// Keyed by Catalog identity (a WeakMap: a new depot or HCL is a new Catalog) and by the space's
// items by identity. A key is first only remembered; the second plan asking for it keeps a
// snapshot, so a fleet whose clusters all differ pays nothing for the cache.
import type { Catalog } from '../catalog/catalog.js';
import type { Cluster, Host, ImageError } from '../model/types.js';
import { hardwareProfiles } from '../catalog/profiles.js';
import type { EngineName, SatEngine } from '../sat/engine.js';
import { createEngine } from '../sat/registry.js';
import { encodeCluster, encodeDepotSide, type DepotSide, type Encoding } from './encode.js';
import { blockedBases } from './encode/hardware.js';
import { inheritExplanations, prepareExplanations } from './explain.js';
import { recommendationSpace, type CandidateSpace } from './space.js';
import type { DepotBytes } from './depot-bytes.js';
import { KeptSnapshots } from './kept.js';

/** Snapshots kept per catalog, least recently used dropped first (each holds two engines). */
const MAX_SNAPSHOTS = 8;
/** Keys remembered per catalog before they are forgotten (oldest first). */
const MAX_SEEN = 4096;

type PerCatalog = KeptSnapshots<DepotSide>;

/** How plans got their depot side: encoded afresh, snapshotted, or copied from a snapshot (tests, benches). */
export const sharedStats = { fresh: 0, snapshots: 0, copies: 0 };

const byCatalog = new WeakMap<Catalog, PerCatalog>();
const ids = new WeakMap<object, number>();
let nextId = 1;

function idOf(o: object | null): string {
  if (o === null) return '-';
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id.toString(36);
}

/** What the depot side depends on beyond the catalog: the engine, the space, the dropped bases and their errors. */
export function depotKey(engine: EngineName, space: CandidateSpace, dropped: ReadonlyMap<number, ImageError>): string {
  return `${engine}|${spaceKey(space)}|${JSON.stringify([...dropped].sort(([x], [y]) => x - y))}`;
}

/** Spaces are kept and reused per catalog (src/plan/plan.ts) and never edited: each one's key is made once. */
const spaceKeys = new WeakMap<CandidateSpace, string>();

function spaceKey(space: CandidateSpace): string {
  let key = spaceKeys.get(space);
  if (key !== undefined) return key;
  const levels = (ls: readonly { name: string; optional?: boolean }[], items: (i: number) => string) =>
    ls.map((l, i) => `${JSON.stringify(l.name)}${l.optional ? '?' : ''}:${items(i)}`).join(';');
  key = [
    space.bases.map(idOf).join(','),
    space.addOns.map(idOf).join(','),
    space.pkgs.map(idOf).join(','),
    levels(space.solutions, (i) => space.solutions[i]!.versions.map(idOf).join(',')),
    levels(space.users, (i) => JSON.stringify(space.users[i]!.versions)),
    JSON.stringify(space.removed),
  ].join('|');
  spaceKeys.set(space, key);
  return key;
}

/** The engines that can be shared: their clone() is a cheap synchronous copy (z3's replays through a new context). */
export function shareable(engine: EngineName): boolean {
  return engine === 'wasm' || engine === 'minisat';
}

/**
 * The cluster's encoding on the shared depot side for `space` (encoded afresh the first time a
 * key is seen). `prefilter` as in EncodeOptions.
 */
export async function sharedEncode(
  catalog: Catalog,
  cluster: Cluster,
  space: CandidateSpace,
  engine: EngineName,
  prefilter = true,
): Promise<Encoding> {
  const dropped = prefilter ? blockedBases(catalog, cluster.hosts, space) : new Map<number, ImageError>();
  const key = depotKey(engine, space, dropped);
  const mine = perCatalog(catalog);

  const found = mine.lookup(key);
  if (found === 'first') {
    sharedStats.fresh++;
    const [planner, explainer] = await enginePair(engine);
    return encodeCluster(encodeDepotSide(catalog, space, planner, explainer, dropped), cluster, planner, explainer);
  }
  const side = await (found === 'again'
    ? keepSnapshot(mine, key, async () => encodeDepotSide(catalog, space, ...(await enginePair(engine)), dropped))
    : found);
  sharedStats.copies++;
  const hardware = await hardwareSnapshot(side, cluster);
  if (hardware) return copyEncoding(hardware, cluster);
  const [planner, explainer] = await Promise.all([side.builder.planner.clone(), side.builder.explainer.clone()]);
  return encodeCluster(side, cluster, planner, explainer);
}

/** Hardware snapshots kept per depot side, least recently used dropped first (each holds two engines). */
const MAX_HARDWARE = 4;

/**
 * Per depot side, its encodings with some hosts' hardware profiles added, kept unsolved to be
 * copied: a plan of hosts with the same profiles (the same first host of each, in the same order)
 * makes the very same encoding, so it copies one instead of encoding the profiles and ordering
 * the selectors again. As for depot sides, a key is first only remembered.
 */
const hardwareBySide = new WeakMap<DepotSide, KeptSnapshots<Encoding>>();

/** What activateHosts encodes for `hosts` (its profile cache key, per profile in order; one HCL per catalog). */
function hardwareKey(hosts: readonly Host[]): string {
  return hardwareProfiles(hosts)
    .map((p) => `${p.hosts[0]!.name}\u0001${p.key}`)
    .join('\u0002');
}

async function hardwareSnapshot(side: DepotSide, cluster: Cluster): Promise<Encoding | undefined> {
  let mine = hardwareBySide.get(side);
  if (!mine) hardwareBySide.set(side, (mine = new KeptSnapshots(MAX_HARDWARE, MAX_SEEN, disposeEncoding)));
  const key = hardwareKey(cluster.hosts);
  const found = mine.lookup(key);
  if (found === 'first') return undefined;
  if (found !== 'again') return found;
  return mine.keep(key, async () => {
    const [planner, explainer] = await Promise.all([side.builder.planner.clone(), side.builder.explainer.clone()]);
    const enc = encodeCluster(side, cluster, planner, explainer);
    prepareExplanations(enc);
    packed(enc.engine, enc.explainer);
    return enc;
  });
}

/** A copy of a kept encoding for `cluster` (hosts with the same hardware key): cloned engines and bookkeeping. */
async function copyEncoding(from: Encoding, cluster: Cluster): Promise<Encoding> {
  const [planner, explainer] = await Promise.all([from.engine.clone(), from.explainer.clone()]);
  const b = from.hardware.builder.copyOnto(planner, explainer);
  const enc: Encoding = {
    ...from,
    engine: planner,
    explainer,
    cluster,
    reasons: b.reasons,
    selectors: b.selectors,
    selectorContext: b.selectorContext,
    active: [...from.active],
    hardware: { ...from.hardware, builder: b, profileKeys: new Map(from.hardware.profileKeys), shapes: from.hardware.shapes?.copy() },
    profileCache: new Map(from.profileCache),
  };
  inheritExplanations(from, enc);
  return enc;
}

function disposeEncoding(enc: Encoding): void {
  enc.engine.dispose();
  enc.explainer.dispose();
}

function perCatalog(catalog: Catalog): PerCatalog {
  let mine = byCatalog.get(catalog);
  if (!mine) byCatalog.set(catalog, (mine = new KeptSnapshots(MAX_SNAPSHOTS, MAX_SEEN, disposeSide)));
  return mine;
}

function keepSnapshot(mine: PerCatalog, key: string, make: () => Promise<DepotSide>): Promise<DepotSide> {
  sharedStats.snapshots++;
  return mine.keep(key, async () => {
    const side = await make();
    packed(side.builder.planner, side.builder.explainer);
    return side;
  });
}

/** Engines kept to be copied by every plan that uses them, packed for it. */
function packed(...engines: SatEngine[]): void {
  for (const e of engines) e.pack?.();
}

function enginePair(engine: EngineName): Promise<[SatEngine, SatEngine]> {
  return Promise.all([createEngine(engine), createEngine(engine)]);
}

function disposeSide(side: DepotSide): void {
  side.builder.planner.dispose();
  side.builder.explainer.dispose();
  hardwareBySide.get(side)?.clear();
  hardwareBySide.delete(side);
}

/** Forgets every snapshot of `catalog` (tests; a caller that knows the catalog is done with). */
export function forgetShared(catalog: Catalog): void {
  const mine = byCatalog.get(catalog);
  if (!mine) return;
  byCatalog.delete(catalog);
  mine.clear();
}

/**
 * The depot side a plan of `cluster` would use, as bytes for another thread (wasm only; snapshotted
 * now if it was not yet). `space` defaults to the recommendation space.
 */
export async function exportShared(
  catalog: Catalog,
  cluster: Cluster,
  space: CandidateSpace = recommendationSpace(catalog, cluster),
  prefilter = true,
): Promise<DepotBytes> {
  const dropped = prefilter ? blockedBases(catalog, cluster.hosts, space) : new Map<number, ImageError>();
  const key = depotKey('wasm', space, dropped);
  const mine = perCatalog(catalog);
  const snapshot =
    mine.peek(key) ?? keepSnapshot(mine, key, async () => encodeDepotSide(catalog, space, ...(await enginePair('wasm')), dropped));
  const { depotSideToBytes } = await import('./depot-bytes.js');
  return depotSideToBytes(await snapshot);
}

/**
 * Installs a depot side received as bytes (from exportShared in another thread, over a Catalog of
 * the same depot and HCL): plans of `catalog` asking for its key copy it instead of encoding.
 */
export async function importShared(catalog: Catalog, bytes: DepotBytes): Promise<void> {
  const { depotSideFromBytes } = await import('./depot-bytes.js');
  const side = depotSideFromBytes(catalog, bytes);
  // keys name items by identity: this catalog's own
  keepSnapshot(perCatalog(catalog), depotKey('wasm', side.space, side.dropped), async () => side);
}
