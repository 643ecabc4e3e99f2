// Clusters (the SPEC §2.3 document) and their hosts.
import type { Hono } from 'hono';
import type { StrataService } from '../../service/service.js';
import { decodeCluster, encodeCluster } from '../../wire/codec.js';
import { etag, ifMatch, readBody, respond } from '../http.js';

export function clusterRoutes(app: Hono, service: StrataService): void {
  app.get('/api/clusters', (c) => c.json(service.clusterNames().map((name) => ({ name }))));

  app.get('/api/clusters/:cluster', (c) => {
    const { cluster, revision } = service.getCluster(c.req.param('cluster'));
    c.header('etag', etag(revision));
    return respond(c, cluster, encodeCluster);
  });

  app.put('/api/clusters/:cluster', async (c) => {
    const body = await readBody(c, decodeCluster);
    const { created, revision } = service.putCluster(c.req.param('cluster'), body, ifMatch(c));
    c.header('etag', etag(revision));
    return c.json({ name: c.req.param('cluster'), created, revision }, created ? 201 : 200);
  });

  app.delete('/api/clusters/:cluster', (c) => {
    service.deleteCluster(c.req.param('cluster'));
    return c.body(null, 204);
  });

  app.put('/api/clusters/:cluster/hosts/:host', async (c) => {
    const body = await readBody(c);
    const { created } = service.putHost(c.req.param('cluster'), c.req.param('host'), body);
    return c.json({ name: c.req.param('host'), created }, created ? 201 : 200);
  });

  app.delete('/api/clusters/:cluster/hosts/:host', (c) => {
    service.deleteHost(c.req.param('cluster'), c.req.param('host'));
    return c.body(null, 204);
  });
}
