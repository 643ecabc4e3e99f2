// The app's routes against the OpenAPI document: every route is documented with its method (and
// every documented operation exists), and each operation's `security` is what the server does.
import { afterEach, describe, expect, it } from 'vitest';
import { openapi } from '../../src/api/openapi.js';
import type { StrataService } from '../../src/service/service.js';
import { client, loadWorldOverApi, makeService, repoWorld, TOKEN } from './helpers.js';

const services: StrataService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

async function fresh(opts: { protectReads?: boolean } = {}) {
  const s = await makeService({ debounceMs: 5000 });
  services.push(s);
  return client(s, opts);
}

type Operation = { security?: unknown };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** "GET /api/clusters/{cluster}" for every operation of the document. */
function documented(): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [path, item] of Object.entries(openapi.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(item)) if (METHODS.includes(method)) out.set(`${method.toUpperCase()} ${path}`, op);
  }
  return out;
}

/** The same form for the app's routes; middleware (method ALL) is not an operation. */
function registered(app: ReturnType<typeof client>['app']): string[] {
  const ops = app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(ops)].sort();
}

describe('routes and the OpenAPI document', () => {
  it('documents every /api route with its method, and nothing that is not served', async () => {
    const { app } = await fresh();
    const routes = registered(app);
    // Outside /api: the reference page and the console's pages and files, which are not API operations.
    expect(routes.filter((r) => !r.split(' ')[1]!.startsWith('/api/'))).toEqual([
      'GET /',
      'GET /assets/*',
      'GET /clusters/{name}',
      'GET /clusters/{name}/whatif',
      'GET /docs',
      'GET /inputs',
    ]);
    const api = routes.filter((r) => r.split(' ')[1]!.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(15);
    const docs = [...documented().keys()].sort();
    expect(api.filter((r) => !docs.includes(r))).toEqual([]);
    expect(docs.filter((d) => !api.includes(d))).toEqual([]);
  });

  /** Each operation once without a token, on a concrete path; streaming answers are cancelled. */
  async function withoutToken(c: ReturnType<typeof client>, cluster: string, host: string) {
    const out = new Map<string, number>();
    for (const op of documented().keys()) {
      const [method, template] = op.split(' ') as [string, string];
      const path = template
        .replace('{cluster}', cluster)
        .replace('{host}', host)
        .replace('{slot}', 'latest')
        .replace('{kind}', 'base-images');
      const ctrl = new AbortController();
      const init: RequestInit = { method, signal: ctrl.signal };
      // A body of the right media type, so no guard-less route could pass by failing first.
      if (method !== 'GET' && method !== 'DELETE') {
        init.body = '{}';
        init.headers = { 'content-type': template.endsWith('/whatif') ? 'application/x-ndjson' : 'application/json' };
      }
      const query = method === 'POST' && template.endsWith('/software') ? '?action=validate' : '';
      const res = await c.app.request(path + query + (template.endsWith('/recommendations') ? '?wait=0' : ''), init);
      out.set(op, res.status);
      ctrl.abort();
      await res.body?.cancel().catch(() => undefined);
    }
    return out;
  }

  it('asks for the token exactly where the document says so', async () => {
    const c = await fresh();
    const w = repoWorld('dell-r750');
    await loadWorldOverApi(c, w);
    const statuses = await withoutToken(c, w.cluster.name, w.cluster.hosts[0].name);
    const wrong = [...documented()].filter(([op, doc]) => (statuses.get(op) === 401) !== (doc.security !== undefined));
    expect(wrong.map(([op, doc]) => `${op}: ${statuses.get(op)}, documented ${doc.security ? 'secured' : 'open'}`)).toEqual([]);
    // Writes are secured; validating a posted image is a read.
    expect(documented().get('PUT /api/clusters/{cluster}/software')!.security).toBeDefined();
    expect(documented().get('POST /api/clusters/{cluster}/software')!.security).toBeUndefined();
  });

  it('with protected reads, asks for it everywhere but the document itself', async () => {
    const c = await fresh({ protectReads: true });
    const w = repoWorld('dell-r750');
    await loadWorldOverApi(c, w);
    const statuses = await withoutToken(c, w.cluster.name, w.cluster.hosts[0].name);
    const open = [...statuses].filter(([, status]) => status !== 401).map(([op]) => op);
    expect(open).toEqual(['GET /api/openapi.json']);
  });
});

describe('validating a posted image is a read', () => {
  it('needs no token, unless reads are protected', async () => {
    const w = repoWorld('dell-r750');
    const path = `/api/clusters/${w.cluster.name}/software?action=validate`;
    const init = { method: 'POST', body: JSON.stringify(w.cluster.desired), headers: { 'content-type': 'application/json' } };

    const c = await fresh();
    await loadWorldOverApi(c, w);
    const res = await c.app.request(path, init);
    expect(res.status).toBe(200);
    expect(typeof (await res.json()).valid).toBe('boolean');

    const p = await fresh({ protectReads: true });
    await loadWorldOverApi(p, w);
    expect((await p.app.request(path, init)).status).toBe(401);
    expect((await p.app.request(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});
