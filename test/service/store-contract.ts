// The store contract, one suite for every implementation (SQLite in store.test.ts, PostgreSQL in
// store-pg.test.ts). `location()` names a new, empty store; `open(loc)` opens one (again).
import { describe, expect, it, onTestFinished } from 'vitest';
import { RevisionMismatch, type Store } from '../../src/service/store/store.js';

const spec = (v: string) => JSON.stringify({ base_image: { version: v } });

export function storeContract(name: string, location: () => Promise<string>, open: (loc: string) => Promise<Store>, enabled = true): void {
  describe.skipIf(!enabled)(`store contract: ${name}`, () => {
    async function fresh(loc?: string): Promise<Store> {
      const s = await open(loc ?? (await location()));
      onTestFinished(() => s.close());
      return s;
    }

    it('keeps inputs with their hashes', async () => {
      const s = await fresh();
      expect(await s.getInput('depot')).toBeUndefined();
      const put = await s.putInput('depot', 'sha256:a', '{"a":1}');
      expect(await s.getInput('depot')).toEqual(put);
      await s.putInput('depot', 'sha256:b', '{"b":1}');
      expect(await s.getInput('depot')).toMatchObject({ hash: 'sha256:b', content: '{"b":1}' });
      expect(await s.getInput('hcl')).toBeUndefined();
    });

    it('gives revisions that never repeat, checks If-Match, and persists', async () => {
      const loc = await location();
      const s = await open(loc);
      const r1 = await s.putCluster('c', '[]', spec('1'), 'h1');
      expect(r1).toMatchObject({ created: true, desiredChanged: true });
      expect(await s.putCluster('c', '[]', spec('1'), 'h1')).toMatchObject({
        created: false,
        desiredChanged: false,
        revision: r1.revision,
      });
      await expect(s.putCluster('c', '[]', spec('2'), 'h2', r1.revision + 1000)).rejects.toBeInstanceOf(RevisionMismatch);
      const r2 = await s.commitDesired('c', spec('2'), 'h2', r1.revision);
      expect(r2).toEqual({ revision: expect.any(Number), changed: true });
      expect(r2.revision).toBeGreaterThan(r1.revision);
      expect(await s.commitDesired('c', spec('2'), 'h2', r2.revision)).toEqual({ revision: r2.revision, changed: false });
      const stale = await s.commitDesired('c', spec('3'), 'h3', r1.revision).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(RevisionMismatch);
      expect((stale as RevisionMismatch).current).toBe(r2.revision);
      await expect(s.commitDesired('nope', spec('1'), 'h1')).rejects.toBeInstanceOf(RevisionMismatch);
      expect(await s.deleteCluster('c')).toBe(true);
      expect(await s.deleteCluster('c')).toBe(false);
      const r3 = await s.putCluster('c', '[]', spec('1'), 'h1');
      expect(r3.created).toBe(true);
      expect(r3.revision).toBeGreaterThan(r2.revision); // an old ETag cannot match a new cluster
      await s.close();
      const again = await fresh(loc);
      expect(await again.getCluster('c')).toEqual({ name: 'c', hosts: '[]', spec: spec('1'), specHash: 'h1', revision: r3.revision });
      expect((await again.listClusters()).map((c) => c.name)).toEqual(['c']);
    });

    it('lets exactly one of many concurrent commits based on one revision win', async () => {
      const s = await fresh();
      const { revision } = await s.putCluster('c', '[]', spec('0'), 'h0');
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => s.commitDesired('c', spec(`${i + 1}`), `h${i + 1}`, revision)),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(RevisionMismatch);
      const winner = (won[0] as PromiseFulfilledResult<{ revision: number }>).value;
      expect((await s.getCluster('c'))!.revision).toBe(winner.revision);
    });

    it('applies host changes to what is stored, logs them, and writes nothing when the change throws', async () => {
      const s = await fresh();
      await s.putCluster('c', '[]', spec('1'), 'h');
      const add = (n: string) => (hosts: string) => JSON.stringify([...(JSON.parse(hosts) as string[]), n]);
      // Concurrent changes are applied one after the other: none is lost.
      const done = await Promise.all(
        ['a', 'b', 'c', 'd'].map((n) => s.updateHosts('c', add(n), { type: 'host_added', body: `{"n":"${n}"}` })),
      );
      expect(new Set(done.map((d) => d!.eventId)).size).toBe(4);
      expect((JSON.parse((await s.getCluster('c'))!.hosts) as string[]).sort()).toEqual(['a', 'b', 'c', 'd']);
      const last = Math.max(...done.map((d) => d!.eventId));
      expect((await s.recentEvents(1))[0]).toMatchObject({ id: last, type: 'host_added', cluster: 'c' });
      const boom = () => {
        throw new Error('no such host');
      };
      await expect(s.updateHosts('c', boom, { type: 'host_removed', body: '{}' })).rejects.toThrow('no such host');
      expect((await s.recentEvents(1))[0]!.id).toBe(last);
      expect(await s.updateHosts('nope', add('x'), { type: 'host_added', body: '{}' })).toBeUndefined();
      const id = await s.appendEvent('note', undefined, '{}');
      expect(id).toBeGreaterThan(last);
      expect((await s.recentEvents(2)).map((e) => e.id)).toEqual([id, last]);
    });

    it('applies a batch of host changes in one transaction, logging its events in order, or nothing', async () => {
      const s = await fresh();
      await s.putCluster('c1', '[]', spec('1'), 'h');
      await s.putCluster('c2', '["x"]', spec('1'), 'h');
      const add =
        (...ns: string[]) =>
        (hosts: string) =>
          JSON.stringify([...(JSON.parse(hosts) as string[]), ...ns]);
      const ev = (cluster: string, n: number) => ({ type: 'host_added', cluster, body: `{"n":${n}}` });
      const res = await s.updateHostsBatch(
        [
          { name: 'c2', apply: add('y', 'z') },
          { name: 'c1', apply: add('a') },
        ],
        [ev('c2', 1), ev('c1', 2), ev('c2', 3)],
      );
      if ('missing' in res) throw new Error('missing');
      expect(res.hosts).toEqual(['["x","y","z"]', '["a"]']);
      const [a, b, c] = res.eventIds as [number, number, number];
      expect(a < b && b < c).toBe(true);
      expect((await s.recentEvents(3)).map((e) => [e.id, e.cluster, e.body]).reverse()).toEqual([
        [a, 'c2', '{"n":1}'],
        [b, 'c1', '{"n":2}'],
        [c, 'c2', '{"n":3}'],
      ]);
      expect(JSON.parse((await s.getCluster('c2'))!.hosts)).toEqual(['x', 'y', 'z']);
      const boom = () => {
        throw new Error('no such host');
      };
      await expect(
        s.updateHostsBatch(
          [
            { name: 'c1', apply: add('b') },
            { name: 'c2', apply: boom },
          ],
          [ev('c1', 4), ev('c2', 5)],
        ),
      ).rejects.toThrow('no such host');
      expect(
        await s.updateHostsBatch(
          [
            { name: 'c1', apply: add('b') },
            { name: 'nope', apply: add('q') },
          ],
          [ev('c1', 6), ev('nope', 7)],
        ),
      ).toEqual({
        missing: 'nope',
      });
      expect(JSON.parse((await s.getCluster('c1'))!.hosts)).toEqual(['a']);
      expect((await s.recentEvents(1))[0]!.id).toBe(c);
    });

    it('drops recommendations with their cluster', async () => {
      const s = await fresh();
      await s.putCluster('c', '[]', spec('1'), 'h');
      await s.putRecommendation('c', '{"r":1}', 'now');
      expect(await s.getRecommendation('c')).toBe('{"r":1}');
      await s.putRecommendation('c', '{"r":2}', 'later');
      expect(await s.getRecommendation('c')).toBe('{"r":2}');
      await s.deleteCluster('c');
      expect(await s.getRecommendation('c')).toBeUndefined();
      await s.putRecommendation('c', '{"r":3}', 'now'); // a solve that ended after the delete
      expect(await s.getRecommendation('c')).toBeUndefined();
    });
  });
}
