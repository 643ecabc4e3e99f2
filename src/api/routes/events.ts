// Change events in, re-solve results out (Server-Sent Events). Mounted at /api/events.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ServiceEvent, StrataService } from '../../service/service.js';
import { readBody } from '../http.js';
import type { Guards } from '../middleware.js';

const KEEPALIVE_MS = 15_000;

export function eventRoutes(service: StrataService, g: Guards): Hono {
  const app = new Hono();
  app.post('/', g.write, async (c) => c.json(await service.postEvent(await readBody(c)), 202));

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
