// The catalog snapshot never gives a different answer: random and fixture worlds round-trip through
// it to the very documents the loader returned (same fields, same order) and to the same plans; a
// snapshot of other inputs, another version, truncated or corrupted is ignored and replaced.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { decodeSnapshot, encodeSnapshot } from '../../src/catalog/snapshot.js';
import { loadCatalogCached, snapshotFile } from '../../src/load/cached.js';
import { InputError } from '../../src/load/errors.js';
import { loadDepot, parseDepot } from '../../src/load/depot.js';
import { loadHcl } from '../../src/load/hcl.js';
import type { Cluster } from '../../src/model/types.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { shutdownEngines } from '../../src/sat/registry.js';
import { fixtureWorlds, loadFixture } from '../fixtures/worlds.js';
import { loadedRandomWorld } from '../support/random-world.js';

afterAll(async () => {
  await shutdownEngines();
});

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'strata-snapshot-'));

async function recommend(catalog: Catalog, cluster: Cluster): Promise<unknown> {
  const plan = await ClusterPlan.create(catalog, cluster);
  try {
    return await plan.recommend();
  } finally {
    plan.dispose();
  }
}

/** Deep equality that also sees the order of fields. */
const sameDocument = (a: unknown, b: unknown) => {
  expect(b).toStrictEqual(a);
  expect(JSON.stringify(b)).toBe(JSON.stringify(a));
};

describe('round trip', () => {
  it.each([1, 2, 3, 5, 8, 13, 21, 34])('random world %i: the same documents and the same plan', async (seed) => {
    const w = loadedRandomWorld(seed);
    const snap = decodeSnapshot(encodeSnapshot('k', w.depot, w.hcl), 'k');
    expect(snap).toBeDefined();
    sameDocument(w.depot, snap!.depot);
    sameDocument(w.hcl, snap!.hcl);
    expect(await recommend(new Catalog(snap!.depot, snap!.hcl), w.cluster)).toEqual(
      await recommend(new Catalog(w.depot, w.hcl), w.cluster),
    );
  });

  it.each(fixtureWorlds().map((f) => [f.name, f] as const))('fixture %s: the same documents and the same plan', async (_, fixture) => {
    const { world, catalog } = loadFixture(fixture);
    const snap = decodeSnapshot(encodeSnapshot('k', world.depot, world.hcl), 'k')!;
    sameDocument(world.depot, snap.depot);
    sameDocument(world.hcl, snap.hcl);
    expect(await recommend(new Catalog(snap.depot, snap.hcl), world.cluster)).toEqual(await recommend(catalog, world.cluster));
  });

  it('keeps what a checked document may hold: no `updated`, strings outside ASCII, empty maps', () => {
    const w = loadedRandomWorld(4);
    const hcl = { ...w.hcl };
    delete hcl.updated;
    const edited = { ...w.depot, components: w.depot.components.map((c, i) => (i === 0 ? { ...c, display_name: 'Ünïcode — ✓ 🙂' } : c)) };
    const depot = parseDepot(JSON.parse(JSON.stringify(edited)), 'depot.json');
    const snap = decodeSnapshot(encodeSnapshot('k', depot, hcl), 'k')!;
    sameDocument(depot, snap.depot);
    sameDocument(hcl, snap.hcl);
  });
});

describe('a snapshot is never trusted blindly', () => {
  const w = loadedRandomWorld(7);
  const bytes = encodeSnapshot('key', w.depot, w.hcl);

  it('another key reads as none', () => {
    expect(decodeSnapshot(bytes, 'other key')).toBeUndefined();
  });

  it('every truncation reads as none', () => {
    for (let n = 0; n < bytes.length; n += Math.max(1, Math.floor(bytes.length / 97))) {
      expect(decodeSnapshot(bytes.subarray(0, n), 'key'), `cut at ${n}`).toBeUndefined();
    }
  });

  it('a flipped byte anywhere reads as none', () => {
    for (let i = 0; i < bytes.length; i += Math.max(1, Math.floor(bytes.length / 61))) {
      const bad = Buffer.from(bytes);
      bad[i]! ^= 0x20;
      expect(decodeSnapshot(bad, 'key'), `byte ${i}`).toBeUndefined();
    }
  });

  it('a snapshot of another Strata version reads as none', () => {
    const text = bytes.toString('latin1');
    const other = Buffer.from(text.replace(/"strata":"[^"]*"/, '"strata":"0.0.0-old"'), 'latin1');
    expect(other.equals(bytes)).toBe(false);
    expect(decodeSnapshot(other, 'key')).toBeUndefined();
  });
});

describe('loadCatalogCached', () => {
  const fixture = fixtureWorlds().find((f) => f.name === 'dell-r750') ?? fixtureWorlds()[0]!;
  const depotFile = path.join(fixture.inputs, 'depot.json');
  const hclFile = path.join(fixture.inputs, 'hcl.json');
  const { world, catalog } = loadFixture(fixture);

  it('loads from the JSON once, then from the snapshot, with the same answer', async () => {
    const dir = tmp();
    const first = loadCatalogCached(depotFile, hclFile, { cacheDir: dir });
    expect(first.from).toBe('json');
    const second = loadCatalogCached(depotFile, hclFile, { cacheDir: dir });
    expect(second.from).toBe('snapshot');
    expect(second.depotHash).toBe(first.depotHash);
    sameDocument(loadDepot(depotFile), second.depot);
    sameDocument(loadHcl(hclFile), second.hcl);
    const want = await recommend(catalog, world.cluster);
    expect(await recommend(first.catalog, world.cluster)).toEqual(want);
    expect(await recommend(second.catalog, world.cluster)).toEqual(want);
  });

  it('a corrupted or truncated snapshot is rebuilt, not trusted', () => {
    const dir = tmp();
    const { depotHash, hclHash } = loadCatalogCached(depotFile, hclFile, { cacheDir: dir });
    const file = snapshotFile(dir, `depot ${depotHash} hcl ${hclHash}`);
    const good = fs.readFileSync(file);
    const bad = Buffer.from(good);
    bad[bad.length - 3]! ^= 0xff;
    fs.writeFileSync(file, bad);
    expect(loadCatalogCached(depotFile, hclFile, { cacheDir: dir }).from).toBe('json');
    expect(fs.readFileSync(file).equals(good)).toBe(true);
    fs.writeFileSync(file, good.subarray(0, good.length >> 1));
    expect(loadCatalogCached(depotFile, hclFile, { cacheDir: dir }).from).toBe('json');
    expect(loadCatalogCached(depotFile, hclFile, { cacheDir: dir }).from).toBe('snapshot');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('changed input bytes miss the snapshot', () => {
    const dir = tmp();
    const copy = path.join(dir, 'depot.json');
    fs.copyFileSync(depotFile, copy);
    expect(loadCatalogCached(copy, hclFile, { cacheDir: dir }).from).toBe('json');
    fs.appendFileSync(copy, '\n');
    expect(loadCatalogCached(copy, hclFile, { cacheDir: dir }).from).toBe('json');
    expect(loadCatalogCached(copy, hclFile, { cacheDir: dir }).from).toBe('snapshot');
  });

  it('bad input names the problems of both files, and writes nothing', () => {
    const dir = tmp();
    const badDepot = path.join(dir, 'depot.json');
    fs.writeFileSync(badDepot, '{"components": 3, "base_images": []}');
    const cache = path.join(dir, 'cache');
    let err: unknown;
    try {
      loadCatalogCached(badDepot, path.join(dir, 'missing.json'), { cacheDir: cache });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).render()).toBe(
      `${badDepot}: $.components: expected an array, found a number (3)\n${path.join(dir, 'missing.json')}: $: file not found`,
    );
    expect(fs.existsSync(cache)).toBe(false);
  });
});
