// The console's side of the server: its pages answer index.html at real paths (404 elsewhere
// outside /api), its files are served from the built folder, and the reads it needs: the fleet
// summary and the names of a cluster's devices.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { StrataService } from '../../src/service/service.js';
import { compareVersions } from '../../src/version/version.js';
import { client, loadWorldOverApi, makeService, world } from './helpers.js';

const BUILT = fs.existsSync(fileURLToPath(new URL('../../dist/console/assets/app.js', import.meta.url)));
if (!BUILT) console.warn('\n  NOTE: dist/console is not built (npm run build): the console file checks are skipped\n');

const services: StrataService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});
async function fresh(opts: { protectReads?: boolean } = {}) {
  const s = await makeService();
  services.push(s);
  return client(s, opts);
}

describe('console pages', () => {
  it('answers index.html at every page path, public even when reads are protected', async () => {
    const c = await fresh({ protectReads: true });
    for (const p of ['/', '/inputs', '/clusters/cl-7', '/clusters/cl-7/whatif', '/clusters/a%20b']) {
      const res = await c.app.request(p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('answers 404 with the console outside /api, and the JSON error inside it', async () => {
    const c = await fresh();
    const page = await c.app.request('/no/such/page');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const api = await c.app.request('/api/no-such-thing');
    expect(api.status).toBe(404);
    expect((await api.json()).error_type).toBe('NOT_FOUND');
    for (const p of ['/assets/..%2Fpackage.json', '/assets/.hidden', '/assets/nope.js'])
      expect((await c.app.request(p)).status, p).toBe(404);
  });

  it.skipIf(!BUILT)('serves the bundle with its media types', async () => {
    const c = await fresh();
    const index = await (await c.app.request('/')).text();
    const js = /src="(\/assets\/app\.js\?v=[0-9a-f]+)"/.exec(index);
    const css = /href="(\/assets\/app\.css\?v=[0-9a-f]+)"/.exec(index);
    expect(js && css).toBeTruthy();
    const res = await c.app.request(js![1]!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await c.app.request(css![1]!)).headers.get('content-type')).toMatch(/^text\/css/);
  });
});

describe('GET /api/fleet', () => {
  it('is empty before anything is imported', async () => {
    const c = await fresh();
    expect(await (await c.get('/api/fleet')).json()).toEqual({ depot: null, hcl: null, clusters: [] });
  });

  it('gives each cluster its hosts, compliance, recommendation state and newest usable base image', async () => {
    const c = await fresh();
    const w = world('world-c');
    await loadWorldOverApi(c, w);
    const rec = await (await c.get(`/api/clusters/${w.cluster.name}/software/recommendations?wait=30000`)).json();
    const fleet = await (await c.get('/api/fleet')).json();
    expect(fleet.depot.content_hash).toMatch(/^sha256:/);
    expect(fleet.depot.base_images).toBe(w.depot.base_images.length);
    expect(fleet.hcl.hcl_freshness).toMatch(/^(OK|WARNING|ERROR|UNKNOWN)$/);
    const compliance = await (await c.get(`/api/clusters/${w.cluster.name}/software/compliance`)).json();
    expect(fleet.clusters).toEqual([
      {
        name: w.cluster.name,
        hosts: w.cluster.hosts.length,
        desired_base_image: w.cluster.desired.base_image.version,
        compliance: { status: compliance.status, impact: compliance.impact },
        compliance_error: null,
        recommendation: 'fresh',
        generated_at: rec.generated_at,
        newest_base_image: rec.latest.base_image.version,
        excluded_newer: rec.excluded_base_images.filter(
          (e: { version: string }) => compareVersions(e.version, rec.latest.base_image.version) > 0,
        ).length,
      },
    ]);
    // A change makes it stale (re-solves wait for the debounce), then fresh again.
    await c.put(`/api/clusters/${w.cluster.name}/software`, {
      ...w.cluster.desired,
      base_image: { version: w.depot.base_images[0].version },
    });
    const state = (await (await c.get('/api/fleet')).json()).clusters[0].recommendation;
    expect(['stale', 'solving']).toContain(state);
  });
});

describe('GET /api/clusters/{c}/device-names', () => {
  it("lists the HCL entries of the cluster's devices, without their rows", async () => {
    const c = await fresh();
    const w = world('world-c');
    await loadWorldOverApi(c, w);
    const names = await (await c.get(`/api/clusters/${w.cluster.name}/device-names`)).json();
    const ids = new Set(w.cluster.hosts.flatMap((h: any) => h.devices.map((d: any) => `${d.vid}:${d.did}`)));
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) {
      expect(ids.has(`${n.vid}:${n.did}`)).toBe(true);
      expect(n.releases).toBeUndefined();
    }
    expect((await c.get('/api/clusters/nope/device-names')).status).toBe(404);
  });
});
