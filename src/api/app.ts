// The Hono app: middleware for the cross-cutting concerns, then the routes by resource.
import { Hono } from 'hono';
import { ApiError } from '../service/errors.js';
import type { StrataService } from '../service/service.js';
import { auth, bodyLimits, DEFAULT_LIMITS, renderError, type BodyLimits } from './middleware.js';
import { docsHtml, openapi } from './openapi.js';
import { clusterRoutes } from './routes/clusters.js';
import { eventRoutes } from './routes/events.js';
import { inputRoutes } from './routes/inputs.js';
import { softwareRoutes } from './routes/software.js';
import { whatifRoutes } from './routes/whatif.js';

export interface AppOptions {
  /** bearer token for writes (and reads with protectReads) */
  token: string;
  protectReads?: boolean;
  limits?: BodyLimits;
}

export function createApp(service: StrataService, opts: AppOptions): Hono {
  const app = new Hono();
  app.onError(renderError);
  app.notFound((c) => {
    const e = new ApiError(404, 'NOT_FOUND', [
      { id: 'strata.operation.not_found', default_message: `no operation ${c.req.method} ${c.req.path}`, args: [c.req.method, c.req.path] },
    ]);
    return c.json(e.body, 404);
  });

  // Public: the reference.
  app.get('/api/openapi.json', (c) => c.json(openapi));
  app.get('/docs', (c) => c.html(docsHtml()));
  app.get('/', (c) => c.redirect('/docs'));

  app.use('/api/*', auth(opts.token, opts.protectReads ?? false));
  app.use('/api/*', bodyLimits(opts.limits ?? DEFAULT_LIMITS));

  app.get('/api/stats', (c) => c.json(service.stats()));
  inputRoutes(app, service);
  clusterRoutes(app, service);
  softwareRoutes(app, service);
  eventRoutes(app, service);
  whatifRoutes(app, service);
  return app;
}
