// The OpenAPI document takes its bodies from the schemas: every request body has a real schema,
// every reference resolves, no path went missing and no text points at internal documents.
import { describe, expect, it } from 'vitest';
import { docsHtml, openapi } from '../../src/api/openapi.js';

type Json = Record<string, unknown>;
const schemas = openapi.components.schemas as Record<string, Json>;

function resolve(s: Json): Json {
  const ref = s.$ref;
  if (typeof ref !== 'string') return s;
  const target = schemas[ref.replace('#/components/schemas/', '')];
  expect(target, ref).toBeDefined();
  return resolve(target!);
}

/** Object fields of a schema (of each alternative, for a union). */
function fieldCount(s: Json): number {
  const r = resolve(s);
  const alts = (r.anyOf ?? r.oneOf) as Json[] | undefined;
  if (alts) return Math.min(...alts.map(fieldCount));
  if (r.type === 'array' && r.items) return fieldCount(r.items as Json); // a batch of them
  return Object.keys((r.properties ?? {}) as Json).length;
}

const operations = Object.entries(openapi.paths as unknown as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => method !== 'parameters')
    .map(([method, op]) => ({ path, method, op })),
);

describe('the OpenAPI document', () => {
  it('keeps every path', () => {
    expect(Object.keys(openapi.paths).sort()).toEqual(
      [
        '/api/depot',
        '/api/depot-content/{kind}',
        '/api/hcl',
        '/api/clusters',
        '/api/clusters/{cluster}',
        '/api/clusters/{cluster}/hosts/{host}',
        '/api/clusters/{cluster}/device-names',
        '/api/clusters/{cluster}/software',
        '/api/clusters/{cluster}/software/recommendations',
        '/api/clusters/{cluster}/software/recommendations/{slot}',
        '/api/clusters/{cluster}/software/combinations',
        '/api/clusters/{cluster}/software/compliance',
        '/api/clusters/{cluster}/software/groups',
        '/api/clusters/{cluster}/whatif',
        '/api/events',
        '/api/events/stream',
        '/api/stats',
        '/api/fleet',
        '/api/jobs',
        '/api/openapi.json',
      ].sort(),
    );
  });

  it('has a schema with fields for every request body', () => {
    const bodies = operations.filter((o) => o.op.requestBody);
    expect(bodies.map((o) => `${o.method} ${o.path}`)).toHaveLength(8);
    for (const { path, method, op } of bodies) {
      const body = op.requestBody as Json;
      expect(String(body.description), `${method} ${path}`).toMatch(/docs\/[a-z]+\.md/);
      for (const [type, media] of Object.entries(body.content as Record<string, Json>)) {
        // binary bodies (protobuf messages, zipped bundles) have no JSON fields
        if (type === 'application/x-protobuf' || type === 'application/zip') continue;
        expect(fieldCount(media.schema as Json), `${method} ${path} ${type}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('describes the documents field by field', () => {
    const depot = resolve({ $ref: '#/components/schemas/Depot' });
    expect(depot.required).toEqual(['components', 'base_images']);
    const component = resolve((depot.properties as Record<string, Json>).components!.items as Json);
    expect(Object.keys(component.properties as Json)).toContain('reboot_required');
    expect(resolve({ $ref: '#/components/schemas/Device' }).required).toContain('firmware_version');
    expect(fieldCount({ $ref: '#/components/schemas/Event' })).toBeGreaterThanOrEqual(3);
  });

  it('gives JSON answers a schema', () => {
    for (const { path, method, op } of operations) {
      for (const [code, r] of Object.entries(op.responses as Record<string, Json>)) {
        const json = (r.content as Record<string, Json> | undefined)?.['application/json'];
        if (json)
          expect(resolve(json.schema as Json).type ?? resolve(json.schema as Json).anyOf, `${method} ${path} ${code}`).toBeDefined();
      }
    }
  });

  it('resolves every reference', () => {
    const refs = JSON.stringify(openapi).match(/#\/components\/schemas\/[A-Za-z]+/g) ?? [];
    expect(refs.length).toBeGreaterThan(40);
    for (const ref of new Set(refs)) resolve({ $ref: ref });
  });

  it('points to docs/, never to internal documents', () => {
    expect(JSON.stringify(openapi)).not.toMatch(/SPEC/);
    expect(docsHtml()).not.toMatch(/SPEC/);
    expect(docsHtml()).toContain('id="schema-SoftwareSpec"');
  });
});
