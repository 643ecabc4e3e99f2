// POST /api/clusters/{cluster}/whatif: JSON Lines in, one result per line out, in input order;
// each result equals a fresh recommend on the mutated world.
import { afterEach, describe, expect, it } from 'vitest';
import type { StrataService } from '../../src/service/service.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadWorld, worldFiles } from '../../src/load/world.js';
import { withPlan } from '../../src/plan/plan.js';
import { client, EXAMPLES, loadWorldOverApi, makeService, world } from './helpers.js';

const services: StrataService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

describe('what-if over HTTP', () => {
  it('streams results in input order, reports a bad line and runs the others', async () => {
    const w = world('world-b');
    const service = await makeService();
    services.push(service);
    const c = client(service);
    await loadWorldOverApi(c, w);
    const host = w.cluster.hosts[0];
    const lines = [
      JSON.stringify({ name: 'drop a host', changes: [{ op: 'remove_host', host: host.name }] }),
      '{"name": "broken", "changes": [{"op": "remove_host"}]}',
      JSON.stringify({ name: 'same base only', changes: [{ op: 'set_desired', spec: { ...w.cluster.desired, components: {} } }] }),
    ].join('\n');
    const res = await c.post(`/api/clusters/${w.cluster.name}/whatif?jobs=1`, lines, { 'content-type': 'application/x-ndjson' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const results = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(results.map((r) => r.name)).toEqual(['drop a host', 'broken', 'same base only']);
    expect(results[1].line).toBe(2);
    expect(results[1].error.path).toContain('changes[0]');

    // the first scenario equals a fresh recommend on the mutated world
    const base = loadWorld(worldFiles(`${EXAMPLES}world-b`));
    const mutated = { ...base.cluster, hosts: base.cluster.hosts.filter((h) => h.name !== host.name) };
    const fresh = await withPlan(new Catalog(base.depot, base.hcl), mutated, {}, (p) => p.recommend());
    expect(results[0].latest).toEqual(fresh.latest);
    expect(results[0].current_series).toEqual(fresh.current_series);
    expect(results[0].same_base).toEqual(fresh.same_base);
    expect(results[0].excluded_base_images.map((x: { version: string }) => x.version)).toEqual(
      fresh.excluded_base_images.map((x) => x.version),
    );
  });

  it('answers 404 for an unknown cluster and needs the token', async () => {
    const service = await makeService();
    services.push(service);
    const c = client(service);
    await loadWorldOverApi(c, world('world-a'));
    expect((await c.post('/api/clusters/nope/whatif', '{}')).status).toBe(404);
    const anonymous = await c.app.request('/api/clusters/cl-7/whatif', { method: 'POST', body: '' });
    expect(anonymous.status).toBe(401);
  });
});
