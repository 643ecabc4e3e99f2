// Shared helpers of the API tests: a service solving in-thread (no build needed), requests with
// the bearer token, and the fixture worlds of test/fixtures/worlds.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterEach, expect } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { StrataService, type ServiceEvent, type ServiceOptions } from '../../src/service/service.js';

export const TOKEN = 'test-token-123';
export const EXAMPLES = fileURLToPath(new URL('../fixtures/worlds/', import.meta.url));

export interface World {
  depot: any;
  hcl: any;
  cluster: any;
  expected: any;
}

export function world(name: string): World {
  const read = (f: string) => JSON.parse(fs.readFileSync(`${EXAMPLES}${name}/${f}`, 'utf8'));
  return { depot: read('depot.json'), hcl: read('hcl.json'), cluster: read('cluster.json'), expected: read('expected.json') };
}

/** A world of the repository's own examples/ (present in every clone, unlike the shared ones). */
export function repoWorld(name: string): Omit<World, 'expected'> {
  const dir = fileURLToPath(new URL(`../../examples/${name}/`, import.meta.url));
  const read = (f: string) => JSON.parse(fs.readFileSync(`${dir}${f}`, 'utf8'));
  return { depot: read('depot.json'), hcl: read('hcl.json'), cluster: read('cluster.json') };
}

export function makeService(opts: Partial<ServiceOptions> = {}): Promise<StrataService> {
  return StrataService.open({ dataDir: ':memory:', threads: 0, debounceMs: 20, maxWaitMs: 3000, ...opts });
}

export interface Client {
  app: Hono;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  del(path: string, headers?: Record<string, string>): Promise<Response>;
}

export function client(service: StrataService, opts: { protectReads?: boolean } = {}): Client {
  const app = createApp(service, { token: TOKEN, ...opts });
  const auth = { authorization: `Bearer ${TOKEN}` };
  const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...auth, ...headers } };
    if (body !== undefined) {
      init.body = body instanceof Uint8Array || typeof body === 'string' ? (body as BodyInit) : JSON.stringify(body);
      if (!(body instanceof Uint8Array) && !headers['content-type'])
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    return Promise.resolve(app.request(path, init));
  };
  return {
    app,
    get: (p, h) => send('GET', p, undefined, h),
    put: (p, b, h) => send('PUT', p, b, h),
    post: (p, b, h) => send('POST', p, b, h),
    del: (p, h) => send('DELETE', p, undefined, h),
  };
}

/** Imports a world's depot, HCL and cluster through the API. */
export async function loadWorldOverApi(c: Client, w: Omit<World, 'expected'>): Promise<void> {
  for (const [path, body] of [
    ['/api/depot', w.depot],
    ['/api/hcl', w.hcl],
    [`/api/clusters/${w.cluster.name}`, w.cluster],
  ] as const) {
    const res = await c.put(path, body);
    if (res.status >= 300) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
  }
}

export const slots = (r: any) => ({ latest: r.latest, current_series: r.current_series, same_base: r.same_base });

/**
 * Clients on fresh in-memory services (slow re-solves, so a test sees its own writes first),
 * all closed after each test of the file that calls this.
 */
export function freshClients(): () => Promise<Client> {
  const services: StrataService[] = [];
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.close()));
  });
  return async () => {
    const s = await makeService({ debounceMs: 5000 });
    services.push(s);
    return client(s);
  };
}

export type Published = Extract<ServiceEvent, { type: 'recommendations' }>;

/**
 * After a burst: every cluster is fresh and was re-solved once since `before` (solves by cluster),
 * one published re-solve each, and every acknowledged event id (→ its cluster) is covered by
 * exactly one of them, with a cause or a dropped cause for each.
 */
export async function expectOnceEach(
  s: StrataService,
  c: Client,
  names: readonly string[],
  before: ReadonlyMap<string, number>,
  published: readonly Published[],
  acked: ReadonlyMap<number, string>,
): Promise<void> {
  for (const name of names) {
    const r = await (await c.get(`/api/clusters/${name}/software/recommendations?wait=60000`)).json();
    expect(r.stale, name).toBe(false);
  }
  const delta = names.map((n) => (s.scheduler.solvesByCluster.get(n) ?? 0) - (before.get(n) ?? 0));
  expect(delta).toEqual(names.map(() => 1));
  expect(published).toHaveLength(names.length);
  expect(new Set(published.map((e) => e.cluster))).toEqual(new Set(names));
  const coveredBy = new Map<number, string>();
  for (const e of published) {
    for (const id of e.event_ids) {
      expect(coveredBy.has(id), `event ${id} covered twice`).toBe(false);
      coveredBy.set(id, e.cluster);
    }
    expect(e.causes.length + e.dropped_causes).toBe(e.event_ids.length);
  }
  expect(coveredBy).toEqual(acked);
}
