// End to end: a real `strata serve` process; load a world over HTTP, subscribe to the SSE
// stream, post an event that invalidates the recommendation and receive the new one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { slots, world } from '../api/helpers.js';
import { startServer, type Server } from './server.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-e2e-'));
let server: Server | undefined;
afterAll(async () => {
  await server?.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface SseMessage {
  event: string;
  data: any;
}

/** Reads an SSE response; `next(pred)` waits (bounded) for the first message matching `pred`. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const pending: SseMessage[] = [];
  async function read(): Promise<void> {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    buf += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) pending.push({ event, data: JSON.parse(data.join('\n')) });
    }
  }
  return {
    async next(pred: (m: SseMessage) => boolean, timeoutMs = 15_000): Promise<SseMessage> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = pending.findIndex(pred);
        if (i >= 0) return pending.splice(i, 1)[0]!;
        if (Date.now() > deadline) throw new Error('no matching SSE message in time');
        await Promise.race([read(), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
      }
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

describe('strata serve end to end', () => {
  it('re-solves after an event and streams the new recommendation', async () => {
    server = await startServer(path.join(tmp, 'data'));
    const stream = await fetch(`${server.url}/api/events/stream?cluster=cl-7`);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const sse = sseReader(stream);
    try {
      await sse.next((m) => m.event === 'ready');
      const w = world('world-a');
      expect((await server.put('/api/depot', w.depot)).status).toBe(200);
      expect((await server.put('/api/hcl', w.hcl)).status).toBe(200);
      expect((await server.put('/api/clusters/cl-7', w.cluster)).status).toBe(201);

      const first = await sse.next((m) => m.event === 'recommendations');
      expect(slots(first.data.recommendations)).toEqual(slots(w.expected));

      const device = { id: 'new0', vid: 'ffff', did: '0001', svid: '0000', ssid: '0000', class: 'nic', firmware_version: '1.0' };
      const ev = await server.post('/api/events', { type: 'device_added', cluster: 'cl-7', host: 'esx-02', device });
      expect(ev.status).toBe(202);
      const stale = await sse.next((m) => m.event === 'stale');
      expect(stale.data.cause).toMatchObject({ type: 'device_added', host: 'esx-02' });
      const next = await sse.next((m) => m.event === 'recommendations');
      expect(next.data).toMatchObject({
        cluster: 'cl-7',
        changed: true,
        causes: [{ type: 'device_added', host: 'esx-02', device: 'new0' }],
      });
      expect(next.data.recommendations.latest).toBeNull();
      expect(next.data.recommendations.stale).toBe(false);

      const got = await (await server.get('/api/clusters/cl-7/software/recommendations')).json();
      expect(got.latest).toBeNull();
      expect(got.generated_at).toBe(next.data.recommendations.generated_at);
    } finally {
      await sse.cancel();
    }
    // SIGTERM: a clean shutdown, even with a stream having been open.
    expect(await server.kill('SIGTERM')).toBe(0);

    // State survives a restart; the recommendation is still current (no re-solve needed).
    server = await startServer(path.join(tmp, 'data'));
    const again = await (await server.get('/api/clusters/cl-7/software/recommendations?wait=0')).json();
    expect(again.stale).toBe(false);
    expect(again.latest).toBeNull();
    // The depot and HCL came back from the snapshot the first run wrote for its workers, and a
    // new cluster is solved from it.
    expect(fs.readdirSync(path.join(tmp, 'data', 'cache')).filter((f) => f.endsWith('.snapshot'))).toHaveLength(1);
    const w = world('world-a');
    expect((await server.put('/api/clusters/cl-8', { ...w.cluster, name: 'cl-8' })).status).toBe(201);
    const solved = await (await server.get('/api/clusters/cl-8/software/recommendations?wait=15000')).json();
    expect(slots(solved)).toEqual(slots(w.expected));
    const bad = await fetch(`${server.url}/api/events`, { method: 'POST', headers: { authorization: 'Bearer wrong' }, body: '{}' });
    expect(bad.status).toBe(401);
  }, 60_000);
});
