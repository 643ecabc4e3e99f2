// Change events in, re-solve results out (Server-Sent Events). Mounted at /api/events.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ServiceEvent, StrataService } from '../../service/service.js';
import { parseJsonText } from '../../load/json.js';
import { lineLabel, splitScenarioLines } from '../../whatif/scenario.js';
import { mediaType, readBody, readJsonLines } from '../http.js';
import type { Guards } from '../middleware.js';

const KEEPALIVE_MS = 15_000;

export function eventRoutes(service: StrataService, g: Guards): Hono {
  const app = new Hono();
  /**
   * One event (a JSON object), or a batch: a JSON array, or JSON Lines (application/x-ndjson or
   * application/jsonl), one event per line. A batch is all or none, written in one transaction;
   * the answer is one acknowledgement per event, in order. Batches are how a burst gets in fast.
   */
  app.post('/', g.write, async (c) => {
    const type = mediaType(c);
    if (type === 'application/x-ndjson' || type === 'application/jsonl') {
      const lines = splitScenarioLines(await readJsonLines(c));
      const values = lines.map((l) => parseJsonText(l.text, lineLabel('body', l.line)));
      return c.json(await service.postEvents(values, (i) => ({ file: lineLabel('body', lines[i]!.line), path: '$' })), 202);
    }
    const body = await readBody(c);
    if (Array.isArray(body)) return c.json(await service.postEvents(body, (i) => ({ file: 'body', path: `$[${i}]` })), 202);
    return c.json(await service.postEvent(body), 202);
  });

  /**
   * One SSE message per re-solve (`recommendations`: the result, whether it changed and the
   * causes), per input change that made a recommendation stale (`stale`), per deleted cluster.
   * `?cluster=NAME` keeps one cluster's. A `ready` message first says the subscription is live.
   */
  app.get('/stream', g.read, (c) => {
    const only = c.req.query('cluster');
    return streamSSE(c, async (stream) => {
      const queue: ServiceEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = service.subscribe((e) => {
        if (only !== undefined && e.cluster !== only) return;
        queue.push(e);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ clusters: service.clusterNames() }) });
        while (!stream.aborted && !stream.closed) {
          const e = queue.shift();
          if (e) {
            await stream.writeSSE({ event: e.type, id: String(e.seq), data: JSON.stringify(e) });
            continue;
          }
          const timedOut = await new Promise<boolean>((resolve) => {
            const t = setTimeout(() => resolve(true), KEEPALIVE_MS);
            wake = () => {
              clearTimeout(t);
              resolve(false);
            };
          });
          wake = undefined;
          if (timedOut && !stream.aborted) await stream.write(': keep-alive\n\n');
        }
      } finally {
        unsubscribe();
      }
    });
  });
  return app;
}
