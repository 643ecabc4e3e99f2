// PUT /api/depot with an ESXi offline bundle (application/zip): imported like `strata import
// depot`, the temporary file removed, a zip with nothing usable refused naming its members.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it, onTestFinished } from 'vitest';
import { baseBundle, baseComponents, bundleBytes, zipBytes } from '../import/esxi-fixtures.js';
import { createApp } from '../../src/api/app.js';
import { DEFAULT_LIMITS } from '../../src/api/middleware.js';
import { TOKEN, freshClients, makeService } from './helpers.js';

const fresh = freshClients();

const ZIP = { 'content-type': 'application/zip' };
const tempFiles = () => fs.readdirSync(tmpdir()).filter((f) => f.startsWith(`strata-depot-${process.pid}-`));

describe('PUT /api/depot application/zip', () => {
  it('imports an offline bundle; the summary shows its components', async () => {
    const c = await fresh();
    const res = await c.put('/api/depot', new Uint8Array(baseBundle()), ZIP);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.content_hash).toMatch(/^sha256:/);
    expect(body.changed).toBe(true);
    expect(body.stats.components).toBe(baseComponents.length);
    expect(body.stats.base_images).toBe(1);
    expect(Array.isArray(body.problems)).toBe(true);
    expect(tempFiles()).toEqual([]);

    const summary = await (await c.get('/api/depot?view=summary')).json();
    expect(summary.content_hash).toBe(body.content_hash);
    expect(summary.counts.components).toBe(baseComponents.length);
    expect(summary.counts.base_images).toBe(1);
    const names = (await (await c.get('/api/depot-content/components')).json()).items.map((i: any) => i.name);
    expect(names.sort()).toEqual(baseComponents.map((b) => b.name).sort());

    const again = await (await c.put('/api/depot', new Uint8Array(baseBundle()), ZIP)).json();
    expect(again).toMatchObject({ content_hash: body.content_hash, changed: false });
  });

  it('refuses a zip with nothing usable with 400 naming the member, and keeps no temporary file', async () => {
    const c = await fresh();
    const bad = bundleBytes([
      { name: 'vmware.xml', data: '<metadataResponse/>' },
      { name: 'bulletins/broken.xml', data: '<bulletin>\n  <id>x</id>\n  <vibList>\n</bulletin>' },
    ]);
    const res = await c.put('/api/depot', new Uint8Array(bad), ZIP);
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body.error_type).toBe('INVALID_ARGUMENT');
    expect(body.messages[0].default_message).toContain('nothing usable');
    const problems = body.messages.slice(1).map((m: any) => m.default_message);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p: string) => p.startsWith('body!'))).toBe(true);
    expect(problems).toContainEqual(expect.stringMatching(/^body!metadata\.zip!bulletins\/broken\.xml: malformed XML at line 4/));
    expect(tempFiles()).toEqual([]);
    expect((await c.get('/api/depot')).status).toBe(409);
  });

  it('refuses what is not a zip at all with 400', async () => {
    const c = await fresh();
    const res = await c.put('/api/depot', new TextEncoder().encode('not a zip'), ZIP);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(
      body.messages
        .slice(1)
        .map((m: any) => m.default_message)
        .join('\n'),
    ).toMatch(/^body: /);
  });

  it('keeps 415 for other types, naming application/zip among the accepted', async () => {
    const c = await fresh();
    const res = await c.put('/api/depot', new Uint8Array(zipBytes([{ name: 'a', data: 'b' }])), {
      'content-type': 'application/octet-stream',
    });
    expect(res.status).toBe(415);
    expect((await res.json()).messages[0].default_message).toContain('application/zip');
  });
});

describe('zip body limit', () => {
  it('is its own (serve --max-zip-mb): a zip over it is 413, JSON under the depot limit is not affected', async () => {
    const s = await makeService({ debounceMs: 5000 });
    onTestFinished(() => s.close());
    const app = createApp(s, { token: TOKEN, limits: { ...DEFAULT_LIMITS, zipBytes: 1024 } });
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/zip' };
    const res = await app.request('/api/depot', { method: 'PUT', headers, body: new Uint8Array(baseBundle()) });
    expect(res.status).toBe(413);
    expect((await res.json()).messages[0].default_message).toContain('1024 bytes');
    // Without a Content-Length (chunked), the limit is enforced while the body streams to disk.
    const bytes = new Uint8Array(baseBundle());
    const body = new ReadableStream({
      start(ctl) {
        for (let i = 0; i < bytes.length; i += 500) ctl.enqueue(bytes.slice(i, i + 500));
        ctl.close();
      },
    });
    const chunked = await app.request('/api/depot', { method: 'PUT', headers, body, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(tempFiles()).toEqual([]);
    expect((await app.request('/api/depot', { headers })).status).toBe(409);
  });
});
