// A cluster's software: the desired image (ETag/If-Match), validation, recommendations (with
// accept), combinations and compliance. Mounted at /api/clusters/:cluster/software.
import { Hono, type Context } from 'hono';
import { NotFound } from '../../service/errors.js';
import { SLOTS, type Slot } from '../../model/slots.js';
import type { RecommendationView, StrataService } from '../../service/service.js';
import {
  decodeSoftwareSpec,
  encodeEnumeration,
  encodeGroups,
  encodeRecommendations,
  encodeSoftwareSpec,
  encodeValidationReport,
} from '../../wire/codec.js';
import { MAX_ALTERNATIVES } from '../../schema/cluster.js';
import { action, clusterParam, etag, ifMatch, intQuery, readBody, readOptionalBody, respond } from '../http.js';
import type { Guards } from '../middleware.js';

/** How long GET recommendations waits for a re-solve under way, unless ?wait=MS says otherwise. */
export const DEFAULT_WAIT_MS = 10_000;
const MAX_WAIT_MS = 120_000;

function encodeView(v: RecommendationView): Uint8Array {
  return encodeRecommendations({
    latest: v.latest,
    current_series: v.current_series,
    same_base: v.same_base,
    excluded_base_images: v.excluded_base_images,
    ...(v.groups ? { groups: v.groups } : {}),
  });
}

export function softwareRoutes(service: StrataService, g: Guards): Hono {
  const app = new Hono();

  app.get('/', g.read, (c) => {
    const { spec, revision } = service.getSoftware(clusterParam(c));
    c.header('etag', etag(revision));
    return respond(c, spec, encodeSoftwareSpec);
  });

  app.put('/', g.write, async (c) => {
    const body = await readBody(c, decodeSoftwareSpec);
    const { revision, changed } = await service.putSoftware(clusterParam(c), body, ifMatch(c));
    c.header('etag', etag(revision));
    return c.json({ revision, changed });
  });

  // Validating changes nothing: a read, whatever the method.
  app.post('/', g.read, async (c) => {
    action(c, ['validate']);
    const body = await readOptionalBody(c, decodeSoftwareSpec);
    return respond(c, await service.validate(clusterParam(c), body), encodeValidationReport);
  });

  const withMeta = (c: Context, v: RecommendationView) => {
    // Protobuf carries the SPEC §4 message only: the rest travels in headers.
    c.header('x-strata-status', v.status);
    c.header('x-strata-stale', String(v.stale));
    if (v.generated_at) c.header('x-strata-generated-at', v.generated_at);
    return respond(c, v, encodeView);
  };

  app.get('/recommendations', g.read, async (c) => {
    const wait = intQuery(c, 'wait', DEFAULT_WAIT_MS, 0, MAX_WAIT_MS);
    return withMeta(c, await service.recommendations(clusterParam(c), wait));
  });

  app.post('/recommendations', g.write, async (c) => {
    action(c, ['generate']);
    const wait = intQuery(c, 'wait', MAX_WAIT_MS, 0, MAX_WAIT_MS);
    return withMeta(c, await service.generate(clusterParam(c), wait));
  });

  app.post('/recommendations/:slot', g.write, async (c) => {
    const slot = c.req.param('slot') as Slot;
    if (!SLOTS.includes(slot)) throw new NotFound('recommendation slot', slot);
    action(c, ['accept']);
    // ?group=N accepts image group N's recommendation (0, the default image, without it)
    const group = intQuery(c, 'group', 0, 0, MAX_ALTERNATIVES);
    const { revision, changed, spec } = await service.accept(clusterParam(c), slot, ifMatch(c), group);
    c.header('etag', etag(revision));
    return c.json({ revision, changed, desired: spec });
  });

  app.get('/combinations', g.read, async (c) => {
    const limit = intQuery(c, 'limit', 100, 0, 10_000);
    const offset = intQuery(c, 'offset', 0, 0, 1_000_000);
    const group = intQuery(c, 'group', 0, 0, MAX_ALTERNATIVES);
    return respond(c, await service.combinations(clusterParam(c), limit, offset, group), encodeEnumeration);
  });

  // The fewest image groups for the cluster's hosts, and an accept that makes them the desired state.
  app.get('/groups', g.read, async (c) => respond(c, await service.groups(clusterParam(c)), encodeGroups));

  app.post('/groups', g.write, async (c) => {
    action(c, ['accept']);
    const { revision, changed, spec, groups } = await service.acceptGroups(clusterParam(c), ifMatch(c));
    c.header('etag', etag(revision));
    return c.json({ revision, changed, desired: spec, groups });
  });

  app.get('/compliance', g.read, async (c) => c.json(await service.compliance(clusterParam(c))));
  return app;
}
