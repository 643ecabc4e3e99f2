// Clusters (the SPEC §2.3 document) and their hosts. Mounted at /api/clusters.
import { Hono } from 'hono';
import { clusterDeviceNames } from '../../service/fleet.js';
import type { StrataService } from '../../service/service.js';
import { decodeCluster, encodeCluster } from '../../wire/codec.js';
import { etag, ifMatch, readBody, respond } from '../http.js';
import type { Guards } from '../middleware.js';

export function clusterRoutes(service: StrataService, g: Guards): Hono {
  const app = new Hono();
  app.get('/', g.read, (c) => c.json(service.clusterNames().map((name) => ({ name }))));

  app.get('/:cluster', g.read, (c) => {
    const { cluster, revision } = service.getCluster(c.req.param('cluster'));
    c.header('etag', etag(revision));
    return respond(c, cluster, encodeCluster);
  });

  app.get('/:cluster/device-names', g.read, (c) => c.json(clusterDeviceNames(service, c.req.param('cluster'))));

  app.put('/:cluster', g.write, async (c) => {
    const body = await readBody(c, decodeCluster);
    const { created, revision } = await service.putCluster(c.req.param('cluster'), body, ifMatch(c));
    c.header('etag', etag(revision));
    return c.json({ name: c.req.param('cluster'), created, revision }, created ? 201 : 200);
  });

  app.delete('/:cluster', g.write, async (c) => {
    await service.deleteCluster(c.req.param('cluster'));
    return c.body(null, 204);
  });

  app.put('/:cluster/hosts/:host', g.write, async (c) => {
    const body = await readBody(c);
    const { created } = await service.putHost(c.req.param('cluster'), c.req.param('host'), body);
    return c.json({ name: c.req.param('host'), created }, created ? 201 : 200);
  });

  app.delete('/:cluster/hosts/:host', g.write, async (c) => {
    await service.deleteHost(c.req.param('cluster'), c.req.param('host'));
    return c.body(null, 204);
  });
  return app;
}
