// HCL freshness over the API: GET recommendations and GET /api/hcl?view=summary say how old the
// stored HCL is, judged against the service's limits.
import { afterEach, describe, expect, it } from 'vitest';
import type { StrataService } from '../../src/service/service.js';
import type { ServiceOptions } from '../../src/service/service.js';
import { client, loadWorldOverApi, makeService, repoWorld } from './helpers.js';

const services: StrataService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

async function fresh(opts: Partial<ServiceOptions> = {}) {
  const s = await makeService(opts);
  services.push(s);
  return client(s);
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000 - 3_600_000).toISOString();

describe('HCL freshness in the API', () => {
  it('the summary and the recommendations carry hcl_age_days and hcl_freshness', async () => {
    const c = await fresh();
    const w = repoWorld('dell-r750');
    await loadWorldOverApi(c, { ...w, hcl: { ...w.hcl, updated: daysAgo(100) } });
    const summary = await (await c.get('/api/hcl?view=summary')).json();
    expect(summary).toMatchObject({ hcl_age_days: 100, hcl_freshness: 'WARNING' });
    expect(summary.counts.servers).toBe(w.hcl.servers.length);
    const recs = await (await c.get(`/api/clusters/${w.cluster.name}/software/recommendations?wait=3000`)).json();
    expect(recs.status).toBe('READY');
    expect(recs).toMatchObject({ hcl_age_days: 100, hcl_freshness: 'WARNING' });

    // A newer HCL is judged at once, before any re-solve.
    await c.put('/api/hcl', { ...w.hcl, updated: daysAgo(3) });
    const now = await (await c.get(`/api/clusters/${w.cluster.name}/software/recommendations?wait=0`)).json();
    expect(now).toMatchObject({ hcl_age_days: 3, hcl_freshness: 'OK' });
  });

  it('is UNKNOWN without an updated date, and follows the service limits', async () => {
    const c = await fresh({ hclFreshness: { warnDays: 10, errorDays: 20 } });
    const w = repoWorld('dell-r750');
    const { updated: _drop, ...bare } = w.hcl;
    await c.put('/api/hcl', bare);
    expect(await (await c.get('/api/hcl?view=summary')).json()).toMatchObject({ hcl_age_days: null, hcl_freshness: 'UNKNOWN' });
    await c.put('/api/hcl', { ...w.hcl, updated: daysAgo(21) });
    expect(await (await c.get('/api/hcl?view=summary')).json()).toMatchObject({ hcl_age_days: 21, hcl_freshness: 'ERROR' });
  });

  it('the OpenAPI document names the new fields', async () => {
    const c = await fresh();
    const doc = await (await c.get('/api/openapi.json')).json();
    expect(Object.keys(doc.components.schemas.Recommendations.properties)).toEqual(
      expect.arrayContaining(['hcl_age_days', 'hcl_freshness']),
    );
    expect(Object.keys(doc.components.schemas.HclSummary.properties)).toEqual(expect.arrayContaining(['hcl_age_days', 'hcl_freshness']));
    expect(Object.keys(doc.paths['/api/depot'].put.requestBody.content)).toContain('application/zip');
  });
});
