// The depot: import (PUT JSON, protobuf or an ESXi offline bundle / metadata.zip: the content hash
// and whether it changed), read back (GET: the
// document; ?view=summary for hash and counts), and its content by kind with filters.
import { Hono, type Context } from 'hono';
import { supportsBase } from '../../catalog/catalog.js';
import type { Depot } from '../../model/types.js';
import type { StrataService } from '../../service/service.js';
import { compareVersions, prefixMatches, seriesOf } from '../../version/version.js';
import { decodeDepot, encodeDepot } from '../../wire/codec.js';
import { invalid } from '../errors.js';
import { intQuery, JSON_TYPE, mediaType, PROTOBUF, readBody, respond, unsupported, ZIP } from '../http.js';
import { importZipBody } from '../depot-zip.js';
import type { Guards } from '../middleware.js';

const KINDS = ['base-images', 'add-ons', 'hardware-support-packages', 'solutions', 'components'] as const;
type Kind = (typeof KINDS)[number];

interface Item {
  name?: string;
  version: string;
  vendor?: string;
  manager?: string;
  pkg?: string;
  supported_base_image_versions?: string[];
}

function itemsOf(depot: Depot, kind: Kind): Item[] {
  switch (kind) {
    case 'base-images':
      return depot.base_images;
    case 'add-ons':
      return depot.add_ons;
    case 'hardware-support-packages':
      return depot.hardware_support_packages;
    case 'solutions':
      return depot.solutions;
    case 'components':
      return depot.components;
  }
}

/** Filters by query parameters; every given filter must hold. */
function filterItems(c: Context, items: Item[]): Item[] {
  const q = (k: string) => {
    const v = c.req.query(k);
    return v === undefined || v === '' ? undefined : v;
  };
  const name = q('name');
  const vendor = q('vendor');
  const version = q('version');
  const series = q('series');
  const manager = q('manager');
  const pkg = q('pkg');
  const base = q('base_image');
  const out = items.filter(
    (it) =>
      (name === undefined || it.name === name) &&
      (vendor === undefined || it.vendor === vendor) &&
      (version === undefined || prefixMatches(version, it.version)) &&
      (series === undefined || seriesOf(it.version) === series) &&
      (manager === undefined || it.manager === manager) &&
      (pkg === undefined || it.pkg === pkg) &&
      (base === undefined || it.supported_base_image_versions === undefined || supportsBase(it.supported_base_image_versions, base)),
  );
  // By name (then manager, pkg), newest version first: the order candidates are ranked in.
  const key = (it: Item) => `${it.name ?? ''}\u0000${it.manager ?? ''}\u0000${it.pkg ?? ''}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : compareVersions(b.version, a.version)));
}

/** Mounted at /api/depot. */
export function depotRoutes(service: StrataService, g: Guards): Hono {
  const app = new Hono();
  app.put('/', g.write, async (c) => {
    const type = mediaType(c);
    if (type === ZIP) return c.json(await importZipBody(service, c));
    if (type !== '' && type !== JSON_TYPE && type !== PROTOBUF) throw unsupported(type, [JSON_TYPE, PROTOBUF, ZIP]);
    return respond(c, await service.importDepot(await readBody(c, decodeDepot)));
  });

  app.get('/', g.read, (c) => {
    const depot = service.requireDepot();
    c.header('etag', `"${depot.hash}"`);
    if (c.req.query('view') === 'summary') {
      const d = depot.doc;
      return c.json({
        content_hash: depot.hash,
        imported_at: depot.updated_at,
        counts: {
          components: d.components.length,
          base_images: d.base_images.length,
          add_ons: d.add_ons.length,
          hardware_support_packages: d.hardware_support_packages.length,
          solutions: d.solutions.length,
        },
      });
    }
    return respond(c, depot.doc, encodeDepot);
  });
  return app;
}

/** Mounted at /api/depot-content. */
export function depotContentRoutes(service: StrataService, g: Guards): Hono {
  const app = new Hono();
  app.get('/:kind', g.read, (c) => {
    const kind = c.req.param('kind') as Kind;
    if (!KINDS.includes(kind))
      throw invalid('depot_content.kind', `unknown depot content ${JSON.stringify(kind)} (expected one of ${KINDS.join(', ')})`, [kind]);
    const depot = service.requireDepot();
    const limit = intQuery(c, 'limit', 1000, 0, 1_000_000);
    const offset = intQuery(c, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const items = filterItems(c, itemsOf(depot.doc, kind));
    return c.json({ count: items.length, items: items.slice(offset, offset + limit) });
  });
  return app;
}
