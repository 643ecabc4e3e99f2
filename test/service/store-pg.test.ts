// The PostgreSQL store against a real server started for this file: the shared contract, plus
// migrations raced by several nodes and change notifications between nodes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/service/store/postgres.js';
import type { StoreChange } from '../../src/service/store/store.js';
import { requirePostgres, TestPostgres } from '../support/postgres.js';
import { storeContract } from './store-contract.js';

const enabled = requirePostgres('store-pg.test.ts');
let server: TestPostgres | undefined;
beforeAll(async () => {
  if (enabled) server = await TestPostgres.start();
}, 60_000);
afterAll(async () => server?.destroy());

async function opened(url: string): Promise<PostgresStore> {
  const s = new PostgresStore(url);
  await s.open();
  return s;
}

storeContract('PostgreSQL', () => server!.createDatabase(), opened, enabled);

describe.skipIf(!enabled)('PostgresStore', () => {
  it('migrates once when several nodes start at once', async () => {
    const url = await server!.createDatabase();
    const stores = await Promise.all(Array.from({ length: 6 }, () => opened(url)));
    try {
      const rows = await stores[0]!.pool.query('SELECT version FROM strata_migrations');
      expect(rows.rows).toEqual([{ version: 1 }]);
      // All of them work on the one schema.
      await Promise.all(stores.map((s, i) => s.putCluster(`c${i}`, '[]', '{}', 'h')));
      expect(await stores[5]!.listClusters()).toHaveLength(6);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it("tells each node of the others' writes, not of its own", async () => {
    const url = await server!.createDatabase();
    const [a, b] = [await opened(url), await opened(url)];
    try {
      const seenA: StoreChange[] = [];
      const seenB: StoreChange[] = [];
      a.onChange((c) => seenA.push(c));
      b.onChange((c) => seenB.push(c));
      await a.putInput('hcl', 'h', '{}');
      await a.putCluster('c', '[]', '{}', 'h');
      await a.updateHosts('c', () => '[1]', { type: 'host_added', body: '{}' });
      await a.putRecommendation('c', '{}', 'now');
      await a.deleteCluster('c');
      await expect.poll(() => seenB.length).toBe(5);
      expect(seenB).toEqual([
        { kind: 'input', input: 'hcl' },
        { kind: 'cluster', cluster: 'c' },
        { kind: 'cluster', cluster: 'c' },
        { kind: 'recommendation', cluster: 'c' },
        { kind: 'deleted', cluster: 'c' },
      ]);
      expect(seenA).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
