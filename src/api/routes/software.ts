// A cluster's software: the desired image (ETag/If-Match), validation, recommendations (with
// accept), combinations and compliance.
import type { Context, Hono } from 'hono';
import { notFound } from '../../service/errors.js';
import { SLOTS, type RecommendationView, type Slot, type StrataService } from '../../service/service.js';
import {
  decodeSoftwareSpec,
  encodeEnumeration,
  encodeRecommendations,
  encodeSoftwareSpec,
  encodeValidationReport,
} from '../../wire/codec.js';
import { action, etag, ifMatch, intQuery, readBody, readOptionalBody, respond } from '../http.js';

/** How long GET recommendations waits for a re-solve under way, unless ?wait=MS says otherwise. */
export const DEFAULT_WAIT_MS = 10_000;
const MAX_WAIT_MS = 120_000;

function encodeView(v: RecommendationView): Uint8Array {
  return encodeRecommendations({
    latest: v.latest,
    current_series: v.current_series,
    same_base: v.same_base,
    excluded_base_images: v.excluded_base_images,
  });
}

export function softwareRoutes(app: Hono, service: StrataService): void {
  const base = '/api/clusters/:cluster/software';

  app.get(base, (c) => {
    const { spec, revision } = service.getSoftware(c.req.param('cluster'));
    c.header('etag', etag(revision));
    return respond(c, spec, encodeSoftwareSpec);
  });

  app.put(base, async (c) => {
    const body = await readBody(c, decodeSoftwareSpec);
    const { revision, changed } = service.putSoftware(c.req.param('cluster'), body, ifMatch(c));
    c.header('etag', etag(revision));
    return c.json({ revision, changed });
  });

  app.post(base, async (c) => {
    action(c, ['validate']);
    const body = await readOptionalBody(c, decodeSoftwareSpec);
    return respond(c, await service.validate(c.req.param('cluster'), body), encodeValidationReport);
  });

  const withMeta = (c: Context, v: RecommendationView) => {
    // Protobuf carries the SPEC §4 message only: the rest travels in headers.
    c.header('x-strata-status', v.status);
    c.header('x-strata-stale', String(v.stale));
    if (v.generated_at) c.header('x-strata-generated-at', v.generated_at);
    return respond(c, v, encodeView);
  };

  app.get(`${base}/recommendations`, async (c) => {
    const wait = intQuery(c, 'wait', DEFAULT_WAIT_MS, 0, MAX_WAIT_MS);
    return withMeta(c, await service.recommendations(c.req.param('cluster'), wait));
  });

  app.post(`${base}/recommendations`, async (c) => {
    action(c, ['generate']);
    const wait = intQuery(c, 'wait', MAX_WAIT_MS, 0, MAX_WAIT_MS);
    return withMeta(c, await service.generate(c.req.param('cluster'), wait));
  });

  app.post(`${base}/recommendations/:slot`, async (c) => {
    const slot = c.req.param('slot') as Slot;
    if (!SLOTS.includes(slot)) throw notFound('recommendation slot', slot);
    action(c, ['accept']);
    const { revision, changed, spec } = service.accept(c.req.param('cluster'), slot, ifMatch(c));
    c.header('etag', etag(revision));
    return c.json({ revision, changed, desired: spec });
  });

  app.get(`${base}/combinations`, async (c) => {
    const limit = intQuery(c, 'limit', 100, 0, 10_000);
    const offset = intQuery(c, 'offset', 0, 0, 1_000_000);
    return respond(c, await service.combinations(c.req.param('cluster'), limit, offset), encodeEnumeration);
  });

  app.get(`${base}/compliance`, async (c) => c.json(await service.compliance(c.req.param('cluster'))));
}
