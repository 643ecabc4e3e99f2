// The HCL: import (PUT: the content hash and whether it changed) and read back (GET: the
// document; ?view=summary for hash, counts and how old the list is).
import { Hono } from 'hono';
import type { StrataService } from '../../service/service.js';
import { decodeHcl, encodeHcl } from '../../wire/codec.js';
import { readBody, respond } from '../http.js';
import type { Guards } from '../middleware.js';

/** Mounted at /api/hcl. */
export function hclRoutes(service: StrataService, g: Guards): Hono {
  const app = new Hono();
  app.put('/', g.write, async (c) => respond(c, await service.importHcl(await readBody(c, decodeHcl))));

  app.get('/', g.read, (c) => {
    const hcl = service.requireHcl();
    c.header('etag', `"${hcl.hash}"`);
    if (c.req.query('view') === 'summary') {
      const h = hcl.doc;
      return c.json({
        content_hash: hcl.hash,
        imported_at: hcl.updated_at,
        ...service.hclFreshness(),
        counts: { releases: h.releases.length, servers: h.servers.length, devices: h.devices.length },
      });
    }
    return respond(c, hcl.doc, encodeHcl);
  });
  return app;
}
