// Request bodies: media types (415), binary and non-UTF-8 data (described, never echoed).
import { describe, expect, it } from 'vitest';
import { encodeDepot } from '../../src/wire/codec.js';
import { freshClients, loadWorldOverApi, repoWorld } from './helpers.js';

const fresh = freshClients();

describe('content types', () => {
  it('refuses a body that is neither JSON nor protobuf with 415 naming the type', async () => {
    const c = await fresh();
    const w = repoWorld('dell-r750');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml; charset=utf-8']) {
      const res = await c.put('/api/hcl', JSON.stringify(w.hcl), { 'content-type': type });
      expect(res.status).toBe(415);
      const body = await res.json();
      expect(body.error_type).toBe('INVALID_ARGUMENT');
      expect(body.messages[0].id).toBe('strata.body.media_type');
      expect(body.messages[0].default_message).toContain(JSON.stringify(type.split(';')[0]));
      expect(body.messages[0].default_message).toContain('application/json, application/x-protobuf');
    }
    expect((await c.get('/api/hcl')).status).toBe(409); // nothing imported
    const ok = await c.put('/api/hcl', JSON.stringify(w.hcl), { 'content-type': 'application/json; charset=utf-8' });
    expect(ok.status).toBe(200);
  });

  it('takes protobuf only where a message exists, and says so', async () => {
    const c = await fresh();
    const w = repoWorld('dell-r750');
    await loadWorldOverApi(c, w);
    const res = await c.put(`/api/clusters/${w.cluster.name}/hosts/${w.cluster.hosts[0].name}`, encodeDepot(w.depot), {
      'content-type': 'application/x-protobuf',
    });
    expect(res.status).toBe(415);
    expect((await res.json()).messages[0].default_message).toMatch(/takes \(application\/json\)$/);
  });

  it('applies to an optional body only when there is one', async () => {
    const c = await fresh();
    const w = repoWorld('dell-r750');
    await loadWorldOverApi(c, w);
    const path = `/api/clusters/${w.cluster.name}/software?action=validate`;
    expect((await c.post(path, '', { 'content-type': 'text/plain' })).status).toBe(200);
    expect((await c.post(path, JSON.stringify(w.cluster.desired), { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('what-if takes JSON Lines (application/x-ndjson), not text/plain', async () => {
    const c = await fresh();
    const w = repoWorld('dell-r750');
    await loadWorldOverApi(c, w);
    const res = await c.post(`/api/clusters/${w.cluster.name}/whatif`, '{"name":"x","changes":[]}', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect((await res.json()).messages[0].default_message).toContain('application/x-ndjson');
  });

  it('quotes a hostile content type as printable text, bounded', async () => {
    const c = await fresh();
    const res = await c.put('/api/hcl', '{}', { 'content-type': `text/${'x'.repeat(500)}` });
    expect(res.status).toBe(415);
    expect((await res.json()).messages[0].default_message.length).toBeLessThan(300);
  });
});

describe('binary bodies', () => {
  const raw = (bytes: number[]) => new Uint8Array(bytes);

  it('describes non-UTF-8 data without echoing it', async () => {
    const c = await fresh();
    const res = await c.put('/api/hcl', raw([0x7b, 0xff, 0xfe, 0x80, 0x7d]), { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.messages[0].default_message).toMatch(/not UTF-8 text/);
    expect(body.messages[0].args[0]).toBe('$');
    expect(text).not.toContain('\ufffd');
  });

  it('describes control bytes by code and offset, never the byte itself', async () => {
    const c = await fresh();
    // A zip header labelled as JSON (and with no label at all).
    for (const headers of [{ 'content-type': 'application/json' }, {}] as Record<string, string>[]) {
      const res = await c.put('/api/hcl', raw([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), headers);
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(JSON.parse(text).messages[0].default_message).toBe(
        'body: $: the body is binary data, not JSON text (control byte 0x03 at offset 2)',
      );
      expect(text).not.toMatch(/\\u000[0-4]|[\x00-\x08]/);
    }
  });

  it('what-if bodies get the same treatment', async () => {
    const c = await fresh();
    const w = repoWorld('dell-r750');
    await loadWorldOverApi(c, w);
    const res = await c.post(`/api/clusters/${w.cluster.name}/whatif`, raw([0x7b, 0x00, 0x7d]), { 'content-type': 'application/x-ndjson' });
    expect(res.status).toBe(400);
    expect((await res.json()).messages[0].default_message).toContain('control byte 0x00 at offset 1');
  });
});
