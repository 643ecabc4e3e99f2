// The API through app.request(): answers on the example worlds, auth, bad bodies, 404s,
// ETag/If-Match, protobuf, accept, events and re-solving.
import { afterEach, describe, expect, it } from 'vitest';
import { decodeRecommendations, encodeDepot } from '../../src/wire/codec.js';
import type { StrataService } from '../../src/service/service.js';
import { client, loadWorldOverApi, makeService, slots, TOKEN, world } from './helpers.js';

const services: StrataService[] = [];
async function fresh(opts = {}) {
  const s = await makeService(opts);
  services.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

describe('recommendations on the example worlds', () => {
  for (const name of ['world-a', 'world-b', 'world-c']) {
    it(`${name}: equal expected.json, and combinations count`, async () => {
      const w = world(name);
      const c = client(await fresh());
      await loadWorldOverApi(c, w);
      const res = await c.get(`/api/clusters/${w.cluster.name}/software/recommendations`);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.stale).toBe(false);
      expect(body.status).toBe('READY');
      expect(slots(body)).toEqual(slots(w.expected));
      expect(typeof body.generated_at).toBe('string');
      expect(Object.keys(body.input_hashes).sort()).toEqual(['depot', 'desired', 'hcl', 'hosts']);

      const combos = await (await c.get(`/api/clusters/${w.cluster.name}/software/combinations?limit=3&offset=1`)).json();
      expect(combos.count).toBe(w.expected.count);
      expect(combos.combinations).toEqual(w.expected.combos.slice(1, 4));
    });
  }
});

describe('auth', () => {
  it('refuses writes without or with a wrong token, allows reads', async () => {
    const s = await fresh();
    const c = client(s);
    const w = world('world-a');
    const none = await c.app.request('/api/depot', { method: 'PUT', body: JSON.stringify(w.depot) });
    expect(none.status).toBe(401);
    expect((await none.json()).error_type).toBe('UNAUTHENTICATED');
    const wrong = await c.put('/api/depot', w.depot, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const basic = await c.put('/api/depot', w.depot, { authorization: `Basic ${TOKEN}` });
    expect(basic.status).toBe(401);
    expect((await c.app.request('/api/clusters')).status).toBe(200);
  });

  it('protects reads with protectReads; the docs stay public', async () => {
    const c = client(await fresh(), { protectReads: true });
    expect((await c.app.request('/api/clusters')).status).toBe(401);
    expect((await c.get('/api/clusters')).status).toBe(200);
    expect((await c.app.request('/api/openapi.json')).status).toBe(200);
    const docs = await c.app.request('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/api/clusters/{cluster}/software/recommendations');
  });
});

describe('bad input', () => {
  it('names the JSON path of every problem', async () => {
    const c = client(await fresh());
    const w = world('world-a');
    const bad = structuredClone(w.cluster);
    delete bad.hosts[1].vendor;
    bad.hosts[2].devices[0].vid = 'XYZ';
    const res = await c.put(`/api/clusters/${w.cluster.name}`, bad);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error_type).toBe('INVALID_ARGUMENT');
    const paths = body.messages.map((m: any) => m.args[0]);
    expect(paths).toContain('$.hosts[1].vendor');
    expect(paths.some((p: string) => p.startsWith('$.hosts[2].devices[0]'))).toBe(true);
    for (const m of body.messages) expect(m.default_message).toMatch(/^body: \$/);
  });

  it('reports malformed JSON, a name that differs from the path, a bad event', async () => {
    const c = client(await fresh());
    const res = await c.put('/api/hcl', '{"releases": [', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect((await res.json()).error_type).toBe('INVALID_ARGUMENT');
    const w = world('world-a');
    const other = await c.put('/api/clusters/other-name', w.cluster);
    expect(other.status).toBe(400);
    expect((await other.json()).messages[0].args[0]).toBe('$.name');
    const ev = await c.post('/api/events', { type: 'device_exploded', cluster: 'x' });
    expect(ev.status).toBe(400);
    expect((await ev.json()).messages[0].args[0]).toBe('$.type');
  });

  it('limits body sizes', async () => {
    const c = client(await fresh());
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), hosts: [], desired: {} });
    const res = await c.put('/api/clusters/x', big, { 'content-type': 'application/json', 'content-length': String(big.length) });
    expect(res.status).toBe(413);
    expect((await res.json()).error_type).toBe('INVALID_ARGUMENT');
  });

  it('answers 404 NOT_FOUND for unknown clusters, hosts, devices and operations', async () => {
    const c = client(await fresh());
    await loadWorldOverApi(c, world('world-a'));
    for (const res of [
      await c.get('/api/clusters/nope'),
      await c.get('/api/clusters/nope/software/recommendations'),
      await c.del('/api/clusters/cl-7/hosts/nope'),
      await c.post('/api/events', { type: 'device_removed', cluster: 'cl-7', host: 'esx-01', device: 'nope' }),
      await c.post('/api/events', { type: 'host_removed', cluster: 'nope', host: 'esx-01' }),
      await c.get('/api/nothing-here'),
    ]) {
      expect(res.status).toBe(404);
      expect((await res.json()).error_type).toBe('NOT_FOUND');
    }
  });

  it('hides internal errors behind INTERNAL_SERVER_ERROR with no stack', async () => {
    const s = await fresh();
    const c = client(s);
    s.stats = () => {
      throw new Error('secret detail at /some/file.ts:12');
    };
    const orig = console.error;
    console.error = () => {};
    try {
      const res = await c.get('/api/stats');
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text).error_type).toBe('INTERNAL_SERVER_ERROR');
      expect(text).not.toContain('secret');
      expect(text).not.toContain('.ts');
    } finally {
      console.error = orig;
    }
  });
});

describe('desired image', () => {
  it('versions with ETag and refuses a stale If-Match with 412', async () => {
    const c = client(await fresh());
    const w = world('world-a');
    await loadWorldOverApi(c, w);
    const get = await c.get('/api/clusters/cl-7/software');
    const tag = get.headers.get('etag')!;
    expect(tag).toMatch(/^"\d+"$/);
    expect(await get.json()).toEqual(w.cluster.desired);
    const next = { ...w.cluster.desired, base_image: { version: '8.0.2-0.30.23305546' } };
    const ok = await c.put('/api/clusters/cl-7/software', next, { 'if-match': tag });
    expect(ok.status).toBe(200);
    const newTag = ok.headers.get('etag');
    expect(newTag).not.toBe(tag);
    const lost = await c.put('/api/clusters/cl-7/software', w.cluster.desired, { 'if-match': tag });
    expect(lost.status).toBe(412);
    expect((await lost.json()).error_type).toBe('CONCURRENT_CHANGE');
    expect(await (await c.get('/api/clusters/cl-7/software')).json()).toEqual(next);
    // Same content again: no new revision.
    const same = await c.put('/api/clusters/cl-7/software', next);
    expect(same.headers.get('etag')).toBe(newTag);
    expect((await same.json()).changed).toBe(false);
  });

  it('validates the desired image or a given spec', async () => {
    const c = client(await fresh());
    await loadWorldOverApi(c, world('world-a'));
    const report = await (await c.post('/api/clusters/cl-7/software?action=validate')).json();
    expect(typeof report.valid).toBe('boolean');
    const latest = world('world-a').expected.latest;
    const spec = {
      base_image: latest.base_image,
      add_on: latest.add_on,
      hardware_support: latest.hardware_support,
      solutions: { 'com.vmware.vsan': { version: '8.0.2' } },
    };
    const valid = await (await c.post('/api/clusters/cl-7/software?action=validate', spec)).json();
    expect(valid).toMatchObject({ valid: true, errors: [] });
    expect((await c.post('/api/clusters/cl-7/software?action=explode')).status).toBe(400);
  });
});

describe('protobuf', () => {
  it('round-trips GET recommendations and accepts a protobuf depot with the same hash', async () => {
    const c = client(await fresh());
    const w = world('world-c');
    await loadWorldOverApi(c, w);
    const json = await (await c.get('/api/clusters/cl-9/software/recommendations')).json();
    const res = await c.get('/api/clusters/cl-9/software/recommendations', { accept: 'application/x-protobuf' });
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(res.headers.get('x-strata-stale')).toBe('false');
    const decoded = decodeRecommendations(new Uint8Array(await res.arrayBuffer()));
    expect(slots(decoded)).toEqual(slots(w.expected));
    expect(decoded.excluded_base_images).toEqual(json.excluded_base_images);

    const hash = (await (await c.get('/api/depot?view=summary')).json()).content_hash;
    const put = await c.put('/api/depot', encodeDepot(w.depot), { 'content-type': 'application/x-protobuf' });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ content_hash: hash, changed: false });
    const bad = await c.put('/api/depot', new Uint8Array([0xff, 0xff, 0xff]), { 'content-type': 'application/x-protobuf' });
    expect(bad.status).toBe(400);
  });
});

describe('accept', () => {
  it('commits the recommended image as the desired image, then re-solves', async () => {
    const s = await fresh();
    const c = client(s);
    const w = world('world-b');
    await loadWorldOverApi(c, w);
    const rec = await (await c.get('/api/clusters/cl-8/software/recommendations')).json();
    const before = (await c.get('/api/clusters/cl-8/software')).headers.get('etag');
    const res = await c.post('/api/clusters/cl-8/software/recommendations/latest?action=accept');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(res.headers.get('etag')).not.toBe(before);
    const desired = await (await c.get('/api/clusters/cl-8/software')).json();
    expect(desired).toEqual(body.desired);
    expect(desired.base_image).toEqual(rec.latest.base_image);
    expect(desired.components).toEqual(rec.latest.components);
    for (const [n, sol] of Object.entries<any>(rec.latest.solutions)) expect(desired.solutions[n]).toEqual({ version: sol.version });
    // The desired image changed: the old recommendation is stale until re-solved.
    expect((await (await c.get('/api/clusters/cl-8/software/recommendations?wait=0')).json()).stale).toBe(true);
    const after = await (await c.get('/api/clusters/cl-8/software/recommendations')).json();
    expect(after.stale).toBe(false);
    expect(after.same_base.base_image).toEqual(rec.latest.base_image);
  });

  it('refuses a stale recommendation, an empty slot and a stale If-Match', async () => {
    const s = await fresh({ debounceMs: 5000 });
    const c = client(s);
    const w = world('world-a');
    await loadWorldOverApi(c, w);
    await c.post('/api/clusters/cl-7/software/recommendations?action=generate');
    const rev = (await c.get('/api/clusters/cl-7/software')).headers.get('etag')!;
    // world-a has no current_series recommendation.
    expect((await c.post('/api/clusters/cl-7/software/recommendations/current_series?action=accept')).status).toBe(404);
    expect(
      (await c.post('/api/clusters/cl-7/software/recommendations/latest?action=accept', undefined, { 'if-match': '"999999"' })).status,
    ).toBe(412);
    await c.post('/api/events', {
      type: 'device_added',
      cluster: 'cl-7',
      host: 'esx-01',
      device: { id: 'x1', vid: 'ffff', did: '0001', svid: '0000', ssid: '0000', class: 'nic', firmware_version: '1.0' },
    });
    const stale = await c.post('/api/clusters/cl-7/software/recommendations/latest?action=accept');
    expect(stale.status).toBe(409);
    expect((await stale.json()).error_type).toBe('CONCURRENT_CHANGE');
    expect((await c.get('/api/clusters/cl-7/software')).headers.get('etag')).toBe(rev);
  });
});

describe('events and re-solving', () => {
  const unlisted = { id: 'new0', vid: 'ffff', did: '0001', svid: '0000', ssid: '0000', class: 'nic', firmware_version: '1.0' };

  it('marks the recommendation stale and re-solves it; SSE-side events carry the cause', async () => {
    const s = await fresh();
    const c = client(s);
    await loadWorldOverApi(c, world('world-a'));
    const first = await (await c.get('/api/clusters/cl-7/software/recommendations')).json();
    const seen: any[] = [];
    s.subscribe((e) => seen.push(e));
    const ev = await c.post('/api/events', { type: 'device_added', cluster: 'cl-7', host: 'esx-01', device: unlisted });
    expect(ev.status).toBe(202);
    expect((await ev.json()).affects_recommendation).toBe(true);
    const stale = await (await c.get('/api/clusters/cl-7/software/recommendations?wait=0')).json();
    expect(stale.stale).toBe(true);
    expect(stale.latest).toEqual(first.latest);
    const next = await (await c.get('/api/clusters/cl-7/software/recommendations')).json();
    expect(next.stale).toBe(false);
    expect(next.latest).toBeNull();
    expect(next.excluded_base_images[0].reasons.some((r: any) => r.code === 'DEVICE_NOT_LISTED' && r.host === 'esx-01')).toBe(true);
    expect(seen.map((e) => e.type)).toEqual(['stale', 'recommendations']);
    expect(seen[1]).toMatchObject({ cluster: 'cl-7', changed: true, causes: [{ type: 'device_added', host: 'esx-01', device: 'new0' }] });

    // Removing it again gives the first answer back.
    await c.post('/api/events', { type: 'device_removed', cluster: 'cl-7', host: 'esx-01', device: 'new0' });
    const back = await (await c.get('/api/clusters/cl-7/software/recommendations')).json();
    expect(slots(back)).toEqual(slots(first));
  });

  it('changes nothing for devices of classes without HCL rules, or a depot that did not change', async () => {
    const s = await fresh();
    const c = client(s);
    const w = world('world-a');
    await loadWorldOverApi(c, w);
    await c.get('/api/clusters/cl-7/software/recommendations');
    const solves = s.scheduler.stats.solves;
    const events = [
      { type: 'firmware_updated', cluster: 'cl-7', host: 'esx-01', device: 'mem0', version: '9.9' },
      { type: 'device_added', cluster: 'cl-7', host: 'esx-02', device: { ...unlisted, class: 'gpu' } },
      { type: 'device_removed', cluster: 'cl-7', host: 'esx-01', device: 'mem0' },
    ];
    for (const e of events) {
      const res = await c.post('/api/events', e);
      expect(res.status).toBe(202);
      expect((await res.json()).affects_recommendation).toBe(false);
    }
    expect(await (await c.put('/api/depot', w.depot)).json()).toMatchObject({ changed: false });
    expect(await (await c.put('/api/hcl', w.hcl)).json()).toMatchObject({ changed: false });
    await new Promise((r) => setTimeout(r, 100));
    expect((await (await c.get('/api/clusters/cl-7/software/recommendations?wait=0')).json()).stale).toBe(false);
    expect(s.scheduler.stats.solves).toBe(solves);
  });

  it('coalesces 1,000 events into one re-solve per affected cluster', async () => {
    const s = await fresh({ debounceMs: 150 });
    const c = client(s);
    const w = world('world-a');
    await loadWorldOverApi(c, w);
    for (const name of ['cl-7b', 'cl-7c']) await c.put(`/api/clusters/${name}`, { ...w.cluster, name });
    for (const name of ['cl-7', 'cl-7b', 'cl-7c']) await c.get(`/api/clusters/${name}/software/recommendations`);
    const before = new Map(s.scheduler.solvesByCluster);
    const started = Date.now();
    for (let i = 0; i < 1000; i++) {
      const cluster = i % 10 === 0 ? 'cl-7b' : 'cl-7';
      const res = await c.post('/api/events', { type: 'firmware_updated', cluster, host: 'esx-02', device: 'dev1', version: `12.${i}` });
      expect(res.status).toBe(202);
    }
    const elapsed = Date.now() - started;
    for (const name of ['cl-7', 'cl-7b']) {
      const r = await (await c.get(`/api/clusters/${name}/software/recommendations`)).json();
      expect(r.stale).toBe(false);
    }
    const delta = (n: string) => (s.scheduler.solvesByCluster.get(n) ?? 0) - (before.get(n) ?? 0);
    expect({ 'cl-7': delta('cl-7'), 'cl-7b': delta('cl-7b'), 'cl-7c': delta('cl-7c') }).toEqual({ 'cl-7': 1, 'cl-7b': 1, 'cl-7c': 0 });
    expect(elapsed).toBeLessThan(10_000);
  }, 30_000);

  it('handles host and cluster changes through their own routes', async () => {
    const s = await fresh();
    const c = client(s);
    const w = world('world-b');
    await loadWorldOverApi(c, w);
    const host = { ...w.cluster.hosts[1], name: 'esx-99' };
    expect((await c.put('/api/clusters/cl-8/hosts/esx-99', host)).status).toBe(201);
    expect((await c.put('/api/clusters/cl-8/hosts/esx-99', host)).status).toBe(200);
    expect((await c.put('/api/clusters/cl-8/hosts/esx-98', host)).status).toBe(400);
    expect((await (await c.get('/api/clusters/cl-8')).json()).hosts.map((h: any) => h.name)).toContain('esx-99');
    expect((await c.del('/api/clusters/cl-8/hosts/esx-99')).status).toBe(204);
    const dup = await c.post('/api/events', { type: 'host_added', cluster: 'cl-8', host: w.cluster.hosts[0] });
    expect(dup.status).toBe(400);
    expect((await dup.json()).error_type).toBe('ALREADY_EXISTS');
    expect((await c.post('/api/events', { type: 'host_removed', cluster: 'cl-8', host: 'esx-01' })).status).toBe(202);
    const r = await (await c.get('/api/clusters/cl-8/software/recommendations')).json();
    expect(r.stale).toBe(false);
    expect((await c.del('/api/clusters/cl-8')).status).toBe(204);
    expect((await c.get('/api/clusters/cl-8')).status).toBe(404);
  });

  it('reports depot content with filters', async () => {
    const c = client(await fresh());
    const w = world('world-a');
    await loadWorldOverApi(c, w);
    const all = await (await c.get('/api/depot-content/base-images')).json();
    expect(all.count).toBe(w.depot.base_images.length);
    const s80 = await (await c.get('/api/depot-content/base-images?series=8.0')).json();
    expect(s80.items.every((b: any) => b.version.startsWith('8.0'))).toBe(true);
    const comps = await (await c.get('/api/depot-content/components?name=vsan&limit=1')).json();
    expect(comps.items).toHaveLength(1);
    expect(comps.items[0].name).toBe('vsan');
    expect((await c.get('/api/depot-content/bogus')).status).toBe(400);
  });

  it('reports compliance per host', async () => {
    const c = client(await fresh());
    await loadWorldOverApi(c, world('world-c'));
    const res = await c.get('/api/clusters/cl-9/software/compliance');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.hosts).toHaveLength(world('world-c').cluster.hosts.length);
    for (const h of body.hosts) {
      expect(['COMPLIANT', 'NON_COMPLIANT', 'INCOMPATIBLE', 'UNAVAILABLE']).toContain(h.status);
      expect(['NO_IMPACT', 'MAINTENANCE_MODE_REQUIRED', 'REBOOT_REQUIRED']).toContain(h.impact);
    }
  });
});
