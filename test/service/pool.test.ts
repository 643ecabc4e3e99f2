// The real Piscina pool: warm catalogs, the time limit, crash recovery.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDepot } from '../../src/load/depot.js';
import { parseHcl } from '../../src/load/hcl.js';
import { contentHash } from '../../src/util/canonical-json.js';
import { encodeSnapshot } from '../../src/catalog/snapshot.js';
import { snapshotKey } from '../../src/service/worker.js';
import { SolveTimeout, SolverPool, type SolveInputs } from '../../src/service/pool.js';
import { slots, world } from '../api/helpers.js';

let pool: SolverPool;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-pool-'));
const w = world('world-a');
// What the service sends: the snapshot of the checked documents (defaults filled in).
const depot = parseDepot(w.depot, 'depot.json');
const hcl = parseHcl(w.hcl, 'hcl.json');
let sent = 0;
const depotHash = contentHash(depot);
const hclHash = contentHash(hcl);
const inputs: SolveInputs = {
  depotHash,
  hclHash,
  snapshot: () => (sent++, encodeSnapshot(snapshotKey(depotHash, hclHash), depot, hcl)),
};
const clusterJson = JSON.stringify(w.cluster);

beforeAll(() => {
  pool = new SolverPool({ threads: 2, timeLimitMs: 20_000 });
}, 120_000);
afterAll(async () => {
  await pool.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('SolverPool', () => {
  it('solves in workers and sends the depot only to workers that lack it', async () => {
    // A first burst may send it to a thread several times (tasks race to a cold thread); then warm.
    for (let burst = 0; burst < 3; burst++) {
      const results = await Promise.all(Array.from({ length: 6 }, () => pool.run('recommend', inputs, clusterJson)));
      for (const r of results) expect(slots(r)).toEqual(slots(w.expected));
    }
    const warm = sent;
    expect(warm).toBeLessThan(18);
    expect(pool.stats.missing).toBe(warm);
    await Promise.all(Array.from({ length: 6 }, () => pool.run('recommend', inputs, clusterJson)));
    expect(sent).toBe(warm);
  }, 30_000);

  it('cancels a solve past its time limit and keeps working', async () => {
    await expect(pool.run('recommend', inputs, clusterJson, { testHooks: { spinMs: 5000 }, timeLimitMs: 300 })).rejects.toBeInstanceOf(
      SolveTimeout,
    );
    expect(pool.stats.timeouts).toBe(1);
    expect(slots(await pool.run('recommend', inputs, clusterJson))).toEqual(slots(w.expected));
  }, 30_000);

  it('retries once on a fresh worker when a worker crashes', async () => {
    const marker = path.join(tmp, 'crashed');
    const r = await pool.run('recommend', inputs, clusterJson, { testHooks: { crashUnlessExists: marker } });
    expect(fs.existsSync(marker)).toBe(true);
    expect(slots(r)).toEqual(slots(w.expected));
    expect(pool.stats.retries).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('reports a failing task as an error, without retrying it as a crash', async () => {
    const retries = pool.stats.retries;
    // a snapshot of other inputs than the task names does not read back
    const bad = { ...inputs, depotHash: 'sha256:other' };
    await expect(pool.run('recommend', bad, clusterJson)).rejects.toThrow(/does not read back/);
    expect(pool.stats.retries).toBe(retries);
  }, 30_000);
});
