// The Hono app: the error handler and body limits for everything, then one sub-app per resource
// mounted with app.route(). Each operation names its guard (read or write) itself.
import { Hono } from 'hono';
import type { StrataService } from '../service/service.js';
import { consolePage, mountConsole } from './console.js';
import { ApiError, message } from './errors.js';
import { bodyLimits, DEFAULT_LIMITS, guards, renderError, type BodyLimits } from './middleware.js';
import { docsHtml, openapi } from './openapi.js';
import { fleet } from '../service/fleet.js';
import { clusterRoutes } from './routes/clusters.js';
import { depotContentRoutes, depotRoutes } from './routes/depot.js';
import { eventRoutes } from './routes/events.js';
import { hclRoutes } from './routes/hcl.js';
import { softwareRoutes } from './routes/software.js';
import { whatifRoutes } from './routes/whatif.js';

export interface AppOptions {
  /** bearer token for writes (and reads with protectReads) */
  token: string;
  protectReads?: boolean;
  limits?: BodyLimits;
}

export function createApp(service: StrataService, opts: AppOptions): Hono {
  const g = guards(opts.token, opts.protectReads ?? false);
  const app = new Hono();
  app.onError(renderError);
  app.notFound((c) => {
    // Outside the API a person is reading: the console's own not-found page.
    if (c.req.method === 'GET' && !c.req.path.startsWith('/api/')) return consolePage(c, 404);
    const e = new ApiError(404, 'NOT_FOUND', [
      message('operation.not_found', `no operation ${c.req.method} ${c.req.path}`, [c.req.method, c.req.path]),
    ]);
    return c.json(e.body, 404);
  });

  // Public: the reference and the console's static files (what they show comes from the API).
  app.get('/api/openapi.json', (c) => c.json(openapi));
  app.get('/docs', (c) => c.html(docsHtml()));
  mountConsole(app);

  app.use('/api/*', bodyLimits(opts.limits ?? DEFAULT_LIMITS));
  app.get('/api/stats', g.read, (c) => c.json(service.stats()));
  app.get('/api/fleet', g.read, async (c) => c.json(await fleet(service)));
  app.get('/api/jobs', g.read, async (c) => c.json(await service.jobs()));
  app.route('/api/depot', depotRoutes(service, g));
  app.route('/api/depot-content', depotContentRoutes(service, g));
  app.route('/api/hcl', hclRoutes(service, g));
  app.route('/api/clusters', clusterRoutes(service, g));
  app.route('/api/clusters/:cluster/software', softwareRoutes(service, g));
  app.route('/api/clusters/:cluster/whatif', whatifRoutes(service, g));
  app.route('/api/events', eventRoutes(service, g));
  return app;
}
