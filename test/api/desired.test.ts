// A desired image naming items the depot lacks is refused before anything is stored, with
// NOT_IN_DEPOT and the JSON path of the field (PUT software, PUT cluster).
import { afterEach, describe, expect, it } from 'vitest';
import type { StrataService } from '../../src/service/service.js';
import { client, loadWorldOverApi, makeService, repoWorld } from './helpers.js';

const services: StrataService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

async function site() {
  const s = await makeService({ debounceMs: 5000 });
  services.push(s);
  const c = client(s);
  const w = repoWorld('dell-r750');
  await loadWorldOverApi(c, w);
  return { c, w, name: w.cluster.name as string };
}

const pkg = { packages: { 'com.dell.omivv': { pkg: 'DEL-FW', version: '2023.09.00' } } };

describe('NOT_IN_DEPOT on PUT software', () => {
  const cases: [string, (d: any) => void, string][] = [
    ['base image version', (d) => (d.base_image.version = '8.0.9-0.0.1'), '$.base_image.version'],
    ['add-on version', (d) => (d.add_on.version = '802.0.0.99.0.0-1'), '$.add_on.version'],
    ['add-on name', (d) => (d.add_on = { name: 'NOPE-ESXi', version: '1.0' }), '$.add_on.name'],
    [
      'package version',
      (d) => (d.hardware_support = { packages: { 'com.dell.omivv': { pkg: 'DEL-FW', version: '1999.01.00' } } }),
      '$.hardware_support.packages["com.dell.omivv"].version',
    ],
    [
      'package',
      (d) => (d.hardware_support = { packages: { 'com.dell.omivv': { pkg: 'NOPE', version: '2023.09.00' } } }),
      '$.hardware_support.packages["com.dell.omivv"].pkg',
    ],
    ['solution version', (d) => (d.solutions['com.vmware.vsan'].version = '7.0.3'), '$.solutions["com.vmware.vsan"].version'],
    ['solution name', (d) => (d.solutions['com.example.nope'] = {}), '$.solutions["com.example.nope"]'],
    ['component version', (d) => (d.components['BCM-perccli'] = '1.0.0-1'), '$.components["BCM-perccli"]'],
    ['component name, any version', (d) => (d.components['Nope-driver'] = null), '$.components["Nope-driver"]'],
  ];
  for (const [what, change, path] of cases) {
    it(`${what}: 400 with the path, nothing stored`, async () => {
      const { c, w, name } = await site();
      const before = await c.get(`/api/clusters/${name}/software`);
      const tag = before.headers.get('etag');
      const desired = structuredClone(w.cluster.desired);
      change(desired);
      const res = await c.put(`/api/clusters/${name}/software`, desired);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error_type).toBe('INVALID_ARGUMENT');
      expect(body.messages).toHaveLength(1);
      expect(body.messages[0]).toMatchObject({ code: 'NOT_IN_DEPOT', id: 'strata.desired.not_in_depot' });
      expect(body.messages[0].args[0]).toBe(path);
      expect(body.messages[0].default_message).toMatch(/^body: \$.* is not in the depot$/);
      const after = await c.get(`/api/clusters/${name}/software`);
      expect(after.headers.get('etag')).toBe(tag);
      expect(await after.json()).toEqual(await before.json());
    });
  }

  it('reports every missing item; items that are there pass (versions compare as versions)', async () => {
    const { c, w, name } = await site();
    const bad = { ...structuredClone(w.cluster.desired), base_image: { version: '9.9' }, add_on: { name: 'DEL-ESXi', version: '1' } };
    const res = await c.put(`/api/clusters/${name}/software`, bad);
    expect((await res.json()).messages.map((m: any) => m.args[0])).toEqual(['$.base_image.version', '$.add_on.version']);
    // 2023.9.0 is the depot's 2023.09.00 (leading zeros do not count), not a missing version.
    const ok = {
      ...structuredClone(w.cluster.desired),
      hardware_support: { packages: { 'com.dell.omivv': { pkg: 'DEL-FW', version: '2023.9.0' } } },
    };
    const put = await c.put(`/api/clusters/${name}/software`, ok);
    expect(put.status).toBe(200);
    expect((await put.json()).changed).toBe(true);
  });
});

describe('NOT_IN_DEPOT on PUT cluster', () => {
  it('names the path under $.desired and leaves the cluster as it was', async () => {
    const { c, w, name } = await site();
    const before = await c.get(`/api/clusters/${name}`);
    const doc = structuredClone(w.cluster);
    doc.desired.hardware_support = structuredClone(pkg);
    doc.desired.hardware_support.packages['com.dell.omivv'].version = '2000.01.00';
    doc.hosts = doc.hosts.slice(1);
    const res = await c.put(`/api/clusters/${name}`, doc);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.messages[0].code).toBe('NOT_IN_DEPOT');
    expect(body.messages[0].args[0]).toBe('$.desired.hardware_support.packages["com.dell.omivv"].version');
    const after = await c.get(`/api/clusters/${name}`);
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    expect(await after.json()).toEqual(await before.json());
  });

  it('creates no cluster', async () => {
    const { c, w } = await site();
    const doc = { ...structuredClone(w.cluster), name: 'fresh' };
    doc.desired.base_image.version = '6.7.0';
    expect((await c.put('/api/clusters/fresh', doc)).status).toBe(400);
    expect((await c.get('/api/clusters/fresh')).status).toBe(404);
  });

  it('is not checked before a depot exists (nothing to check against)', async () => {
    const s = await makeService();
    services.push(s);
    const c = client(s);
    const doc = structuredClone(repoWorld('dell-r750').cluster);
    doc.desired.base_image.version = '6.7.0';
    expect((await c.put(`/api/clusters/${doc.name}`, doc)).status).toBe(201);
  });
});
