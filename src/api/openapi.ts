// The OpenAPI 3.1 document of the API and a plain HTML rendering of it for /docs (no external
// assets). Paths and their words are written here; every body's shape comes from src/schema/, the
// same schemas the loader checks inputs with.
import { componentSchemas, type SchemaName } from '../schema/json-schema.js';
import { STRATA_VERSION } from '../model/product.js';

type Json = Record<string, unknown>;

const ref = (name: SchemaName): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json): Json => ({ 'application/json': { schema } });
const jsonOrProto = (schema: Json, message: string): Json => ({
  'application/json': { schema },
  'application/x-protobuf': { schema: { type: 'string', format: 'binary', description: `strata.v1.${message} (proto/strata.proto)` } },
});
const error = (description: string): Json => ({ description, content: json(ref('Error')) });

const ERRORS = {
  '400': error('INVALID_ARGUMENT: the body or a parameter is wrong; each message names the JSON path in args[0]'),
  '401': error('UNAUTHENTICATED: missing or wrong bearer token'),
  '404': error('NOT_FOUND: no such cluster, host, device or recommendation'),
  '413': error('the body is over the size limit (64 MiB for the depot, 512 MiB for a zipped one (serve --max-zip-mb), 1 MiB otherwise)'),
  '415': error('unsupported content type'),
  '500': error('INTERNAL_SERVER_ERROR (no details are sent; see the server log)'),
};
const pick = (...codes: (keyof typeof ERRORS)[]) => Object.fromEntries(codes.map((c) => [c, ERRORS[c]]));

const clusterParam = { name: 'cluster', in: 'path', required: true, schema: { type: 'string' } };
const hostParam = { name: 'host', in: 'path', required: true, schema: { type: 'string' } };
const ifMatchParam = {
  name: 'If-Match',
  in: 'header',
  required: false,
  schema: { type: 'string' },
  description: 'the ETag ("revision") the change is based on; a different current revision gives 412 CONCURRENT_CHANGE',
};
const groupParam = (what: string) => ({
  name: 'group',
  in: 'query',
  required: false,
  schema: { type: 'integer', minimum: 0, maximum: 3, default: 0 },
  description: `${what} image group N of the desired state: 0 the default image, N alternatives[N-1] (docs/cluster.md)`,
});
const secured = [{ bearer: [] }];

const filters = ['name', 'vendor', 'version', 'series', 'manager', 'pkg', 'base_image'].map((name) => ({
  name,
  in: 'query',
  required: false,
  schema: { type: 'string' },
  description: {
    name: 'exact name',
    vendor: 'exact vendor',
    version: 'version prefix ("8.0" matches 8.0.x; docs/api.md)',
    series: 'series of the version ("8.0")',
    manager: 'package manager (hardware support packages)',
    pkg: 'package name (hardware support packages)',
    base_image: 'only items that support this base image version',
  }[name],
}));
const page = (dflt: number) => [
  { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: dflt } },
  { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
];

export const openapi = {
  openapi: '3.1.0',
  info: {
    title: 'Strata API',
    version: STRATA_VERSION,
    description:
      'Plans the software images of virtualization host clusters (vSphere Lifecycle Manager style). ' +
      'Paths under /api; verbs as ?action=; errors as {"error_type", "messages": [{"id", "default_message", "args"}]}. ' +
      'Bodies and answers are JSON, or protobuf (proto/strata.proto) with Content-Type / Accept application/x-protobuf where a message exists. ' +
      'Writes need "Authorization: Bearer <token>" (reads too when the server runs with --protect-reads). ' +
      'Recommendations are re-solved when their inputs change (content hashes of depot, HCL, desired image and hosts); ' +
      'GET /api/events/stream streams every re-solve.',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: componentSchemas(),
  },
  paths: {
    '/api/depot': {
      put: {
        summary: 'Import the depot',
        description:
          'Replaces the depot. Unchanged content (same canonical hash) changes nothing; a new depot re-solves every cluster. ' +
          'An ESXi offline bundle or metadata.zip (application/zip) is imported as `strata import depot` does; the answer adds ' +
          'its problems and stats, and a zip with nothing usable in it is 400 naming each problem (docs/api.md).',
        security: secured,
        requestBody: {
          required: true,
          description: 'the depot document (docs/depot.md), or an ESXi offline bundle / metadata.zip',
          content: {
            ...jsonOrProto(ref('Depot'), 'Depot'),
            'application/zip': { schema: { type: 'string', format: 'binary', description: 'an ESXi offline bundle or metadata.zip' } },
          },
        },
        responses: { '200': { description: 'imported', content: json(ref('ImportResult')) }, ...pick('400', '401', '413', '415') },
      },
      get: {
        summary: 'The depot',
        description: 'The imported depot document (ETag: its content hash); ?view=summary gives {content_hash, imported_at, counts}.',
        parameters: [{ name: 'view', in: 'query', required: false, schema: { type: 'string', enum: ['summary'] } }],
        responses: {
          '200': { description: 'the depot', content: jsonOrProto(ref('Depot'), 'Depot') },
          '409': error('no depot imported yet'),
        },
      },
    },
    '/api/depot-content/{kind}': {
      get: {
        summary: 'Depot content with filters',
        parameters: [
          {
            name: 'kind',
            in: 'path',
            required: true,
            schema: { type: 'string', enum: ['base-images', 'add-ons', 'hardware-support-packages', 'solutions', 'components'] },
          },
          ...filters,
          ...page(1000),
        ],
        responses: {
          '200': {
            description: 'matching items by name, newest first',
            content: json({ type: 'object', properties: { count: { type: 'integer' }, items: { type: 'array' } } }),
          },
          ...pick('400'),
        },
      },
    },
    '/api/hcl': {
      put: {
        summary: 'Import the HCL',
        security: secured,
        requestBody: { required: true, description: 'the HCL document (docs/hcl.md)', content: jsonOrProto(ref('Hcl'), 'Hcl') },
        responses: { '200': { description: 'imported', content: json(ref('ImportResult')) }, ...pick('400', '401', '413', '415') },
      },
      get: {
        summary: 'The HCL',
        description:
          'The imported HCL document (ETag: its content hash); ?view=summary gives {content_hash, imported_at, hcl_age_days, hcl_freshness, counts}.',
        parameters: [{ name: 'view', in: 'query', required: false, schema: { type: 'string', enum: ['summary'] } }],
        responses: {
          '200': {
            description: 'the HCL, or its summary with ?view=summary',
            content: {
              'application/json': { schema: { anyOf: [ref('Hcl'), ref('HclSummary')] } },
              'application/x-protobuf': jsonOrProto(ref('Hcl'), 'Hcl')['application/x-protobuf'],
            },
          },
          '409': error('no HCL imported yet'),
        },
      },
    },
    '/api/clusters': {
      get: { summary: 'Cluster names', responses: { '200': { description: '[{name}]', content: json(ref('ClusterNames')) } } },
    },
    '/api/clusters/{cluster}/device-names': {
      parameters: [clusterParam],
      get: {
        summary: "The HCL's names of the cluster's devices",
        description:
          'The HCL device entries (vid, did, svid, ssid, vendor, model, class; no rows) whose vid and did a device of the cluster has, ' +
          'so a client can name devices in reasons as the command line does (the most specific entry wins).',
        responses: { '200': { description: '[{vid, did, svid, ssid, vendor, model, class}]' }, ...pick('404') },
      },
    },
    '/api/clusters/{cluster}': {
      parameters: [clusterParam],
      get: {
        summary: 'A cluster document',
        responses: {
          '200': { description: 'the cluster (ETag: desired image revision)', content: jsonOrProto(ref('Cluster'), 'Cluster') },
          ...pick('404'),
        },
      },
      put: {
        summary: 'Create or replace a cluster',
        description:
          "Body: the cluster document (docs/cluster.md); its name must be the path's. The desired image revision moves on only when its content changes.",
        security: secured,
        parameters: [ifMatchParam],
        requestBody: {
          required: true,
          description: 'the cluster document (docs/cluster.md)',
          content: jsonOrProto(ref('Cluster'), 'Cluster'),
        },
        responses: {
          '200': { description: 'replaced', content: json(ref('PutClusterResult')) },
          '201': { description: 'created', content: json(ref('PutClusterResult')) },
          '412': error('CONCURRENT_CHANGE: If-Match does not name the current revision'),
          ...pick('400', '401', '413', '415'),
        },
      },
      delete: { summary: 'Delete a cluster', security: secured, responses: { '204': { description: 'deleted' }, ...pick('401', '404') } },
    },
    '/api/clusters/{cluster}/hosts/{host}': {
      parameters: [clusterParam, hostParam],
      put: {
        summary: 'Add or replace a host',
        security: secured,
        requestBody: { required: true, description: "a host (docs/cluster.md); its name must be the path's", content: json(ref('Host')) },
        responses: {
          '200': { description: 'replaced', content: json(ref('PutHostResult')) },
          '201': { description: 'added', content: json(ref('PutHostResult')) },
          ...pick('400', '401', '404'),
        },
      },
      delete: { summary: 'Remove a host', security: secured, responses: { '204': { description: 'removed' }, ...pick('401', '404') } },
    },
    '/api/clusters/{cluster}/software': {
      parameters: [clusterParam],
      get: {
        summary: 'The desired state: the default image and any alternative images by hardware class',
        responses: {
          '200': { description: 'the SoftwareSpec; ETag: its revision', content: jsonOrProto(ref('SoftwareSpec'), 'SoftwareSpec') },
          ...pick('404'),
        },
      },
      put: {
        summary: 'Set the desired image',
        description: 'Committed durably and atomically. With If-Match, a concurrent change gives 412.',
        security: secured,
        parameters: [ifMatchParam],
        requestBody: {
          required: true,
          description: 'the desired image (docs/cluster.md)',
          content: jsonOrProto(ref('SoftwareSpec'), 'SoftwareSpec'),
        },
        responses: {
          '200': { description: '{revision, changed}; ETag: the new revision', content: json(ref('PutSoftwareResult')) },
          '412': error('CONCURRENT_CHANGE'),
          ...pick('400', '401', '404', '413', '415'),
        },
      },
      post: {
        summary: 'Validate (?action=validate)',
        description:
          "Validates the desired image, or the SoftwareSpec in the body, on the cluster's hosts (docs/output.md): with alternative images, each group's image on its group's hosts (`groups`). A read: no token unless reads are protected.",
        parameters: [{ name: 'action', in: 'query', required: true, schema: { type: 'string', enum: ['validate'] } }],
        requestBody: {
          required: false,
          description: 'an image to validate instead of the desired one (docs/cluster.md)',
          content: jsonOrProto(ref('SoftwareSpec'), 'SoftwareSpec'),
        },
        responses: {
          '200': {
            description: '{valid, effective_components, errors, groups?}; protobuf carries the first three',
            content: jsonOrProto(ref('GroupsValidation'), 'ValidationReport'),
          },
          ...pick('400', '401', '404'),
        },
      },
    },
    '/api/clusters/{cluster}/software/recommendations': {
      parameters: [clusterParam],
      get: {
        summary: 'The recommendations',
        description:
          'The three slots, the excluded base images with reasons (with alternative images: of the default image, and every group under `groups`), the input hashes they were computed from, the time, and `stale`. ' +
          'When stale, waits up to ?wait=MS (default 10000; 0: answer at once) for the re-solve under way. ' +
          'With Accept: application/x-protobuf the body is strata.v1.Recommendations and X-Strata-Stale / X-Strata-Generated-At / X-Strata-Status carry the rest.',
        parameters: [{ name: 'wait', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 10000 } }],
        responses: {
          '200': { description: 'recommendations', content: jsonOrProto(ref('Recommendations'), 'Recommendations') },
          ...pick('404'),
          '409': error('no depot or HCL yet'),
        },
      },
      post: {
        summary: 'Re-solve now (?action=generate)',
        security: secured,
        parameters: [{ name: 'action', in: 'query', required: true, schema: { type: 'string', enum: ['generate'] } }],
        responses: {
          '200': { description: 'the new recommendations', content: jsonOrProto(ref('Recommendations'), 'Recommendations') },
          ...pick('400', '401', '404'),
        },
      },
    },
    '/api/clusters/{cluster}/software/recommendations/{slot}': {
      parameters: [
        clusterParam,
        { name: 'slot', in: 'path', required: true, schema: { type: 'string', enum: ['latest', 'current_series', 'same_base'] } },
      ],
      post: {
        summary: 'Accept a recommendation (?action=accept)',
        description:
          'Commits the recommended image as the desired image in one durable transaction (removed_components of the current spec are kept). ' +
          'Refused with 409 CONCURRENT_CHANGE when the recommendation is stale, 412 when If-Match does not match. ' +
          "With ?group=N the image of alternative N is replaced by its group's recommendation; the rest of the desired state stays.",
        security: secured,
        parameters: [
          { name: 'action', in: 'query', required: true, schema: { type: 'string', enum: ['accept'] } },
          ifMatchParam,
          groupParam('accept the recommendation of'),
        ],
        responses: {
          '200': { description: '{revision, changed, desired}', content: json(ref('AcceptResult')) },
          '409': error('CONCURRENT_CHANGE (stale) or NOT_ALLOWED_IN_CURRENT_STATE (no recommendation yet)'),
          '412': error('CONCURRENT_CHANGE'),
          ...pick('400', '401', '404'),
        },
      },
    },
    '/api/clusters/{cluster}/software/combinations': {
      parameters: [clusterParam],
      get: {
        summary: 'Every valid combination in rank order',
        parameters: [...page(100), groupParam('the combinations of')],
        responses: {
          '200': {
            description: '{count, combinations}; count is the full number',
            content: jsonOrProto(ref('Enumeration'), 'Enumeration'),
          },
          ...pick('400', '404'),
        },
      },
    },
    '/api/clusters/{cluster}/software/compliance': {
      parameters: [clusterParam],
      get: {
        summary: 'Compliance of each host (docs/output.md)',
        responses: {
          '200': { description: "each host against its image group's image", content: json(ref('Compliance')) },
          ...pick('404'),
        },
      },
    },
    '/api/clusters/{cluster}/software/groups': {
      parameters: [clusterParam],
      get: {
        summary: 'The fewest image groups for the hosts (as `strata groups --json`)',
        description:
          "Splits the cluster's hardware classes (vendor, model) into the fewest groups that each have a latest image, planned from the default image (docs/semantics.md, Image groups); or the classes no image covers.",
        responses: {
          '200': { description: '{groups, uncovered, max_groups, fewest_groups}', content: jsonOrProto(ref('Groups'), 'Groups') },
          ...pick('404'),
          '409': error('no depot or HCL yet'),
        },
      },
      post: {
        summary: 'Make the groups the desired state (?action=accept)',
        description:
          'Computes the groups answer and commits it in one durable transaction: its first group (that of the first host) as the default image, the others as alternatives with their classes. ' +
          '412 when If-Match (or a change during the computation) does not match; 409 when no split works.',
        security: secured,
        parameters: [{ name: 'action', in: 'query', required: true, schema: { type: 'string', enum: ['accept'] } }, ifMatchParam],
        responses: {
          '200': { description: '{revision, changed, desired, groups}', content: json(ref('AcceptGroupsResult')) },
          '409': error('NOT_ALLOWED_IN_CURRENT_STATE: no split works, or no depot or HCL yet'),
          '412': error('CONCURRENT_CHANGE'),
          ...pick('400', '401', '404'),
        },
      },
    },
    '/api/clusters/{cluster}/whatif': {
      parameters: [clusterParam],
      post: {
        summary: 'Batch what-if: one scenario per line, results streamed in input order',
        security: secured,
        description:
          'The body is JSON Lines: {"name", "changes": [CHANGE, ...]} per line, with changes add_host, remove_host, add_device, remove_device, set_firmware, hcl_remove_driver_version, hcl_add_row, hcl_set_server_releases, depot_add, depot_remove, set_desired. The answer is application/x-ndjson: per scenario {name, latest, current_series, same_base, changed, excluded_base_images}, or {name?, line, error: {path, message}} for a bad one (the others still run).',
        parameters: [
          {
            name: 'jobs',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: 8, default: 2 },
            description: 'worker threads',
          },
          groupParam('run the scenarios on'),
        ],
        requestBody: {
          required: true,
          description: 'JSON Lines: one ScenarioLine object per line (docs/whatif.md)',
          content: { 'application/x-ndjson': { schema: ref('ScenarioLine') } },
        },
        responses: {
          '200': {
            description: 'one ScenarioResult object per line, streamed in input order',
            content: { 'application/x-ndjson': { schema: ref('ScenarioResult') } },
          },
          '409': { description: 'NOT_ALLOWED_IN_CURRENT_STATE: no depot or HCL imported yet' },
          ...pick('400', '401', '404'),
        },
      },
    },
    '/api/events': {
      post: {
        summary: 'Report a change on a host, or a batch of changes',
        description:
          'Applied at once and logged; the clusters whose recommendation inputs changed are re-solved (bursts coalesced). ' +
          'A batch (a JSON array, or JSON Lines with one event per line) is checked whole and written in one transaction, ' +
          'all or none; its event ids follow its order, and the answer is an array of acknowledgements in the same order. ' +
          'A problem names the event (body: $[3], body: line 4).',
        security: secured,
        requestBody: {
          required: true,
          description: 'a change on a host, or an array of them (docs/api.md)',
          content: {
            'application/json': { schema: { anyOf: [ref('Event'), { type: 'array', items: ref('Event') }] } },
            'application/x-ndjson': { schema: ref('Event') },
            'application/jsonl': { schema: ref('Event') },
          },
        },
        responses: {
          '202': {
            description: '{id, cluster, affects_recommendation}; for a batch, an array of them in its order',
            content: json({ anyOf: [ref('EventAccepted'), { type: 'array', items: ref('EventAccepted') }] }),
          },
          ...pick('400', '401', '404'),
        },
      },
    },
    '/api/events/stream': {
      get: {
        summary: 'Re-solve results as Server-Sent Events',
        description:
          'Messages: `ready` (subscribed), `recommendations` ({cluster, changed, causes, recommendations}) after each re-solve, ' +
          "`stale` when a change invalidates a recommendation, `cluster_deleted`. ?cluster=NAME keeps one cluster's.",
        parameters: [{ name: 'cluster', in: 'query', required: false, schema: { type: 'string' } }],
        responses: { '200': { description: 'text/event-stream' } },
      },
    },
    '/api/fleet': {
      get: {
        summary: 'The fleet at a glance (what the console shows at /)',
        description:
          'Per cluster: `hosts`, `desired_base_image`, `compliance` ({status, impact}, or null with `compliance_error`), ' +
          '`recommendation` (fresh, stale, solving, failed or pending), `generated_at`, `newest_base_image` (the base image of the ' +
          '`latest` recommendation) and `excluded_newer` (newer base images it cannot use). Also the depot ({content_hash, ' +
          'imported_at, base_images, newest_base_image}) and the HCL ({content_hash, imported_at, hcl_age_days, hcl_freshness}), ' +
          'each null before its first import.',
        responses: { '200': { description: '{depot, hcl, clusters}' } },
      },
    },
    '/api/stats': {
      get: { summary: 'Counters: solves, pool tasks, retries, timeouts', responses: { '200': { description: 'counters' } } },
    },
    '/api/jobs': {
      get: {
        summary: 'Re-solve progress: queued, running, done, failed, dead_letter',
        description:
          'With a PostgreSQL store, the shared pg-boss queue of all nodes (`dead_letter`: jobs that failed every retry); ' +
          "with SQLite, this node's scheduler (`running` is null: `queued` counts running re-solves too). docs/scale-out.md.",
        responses: { '200': { description: '{queue, queued, running, done, failed, dead_letter}' } },
      },
    },
    '/api/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
  },
} as const;

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

const schemaName = (r: string) => r.slice(r.lastIndexOf('/') + 1);
const schemaLink = (r: string) => `<a href="#schema-${schemaName(r)}">${schemaName(r)}</a>`;

/** A schema's type in a few words, linking to named schemas. */
function typeHtml(s: Json | undefined): string {
  if (!s) return 'any';
  if (typeof s.$ref === 'string') return schemaLink(s.$ref);
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alts) return alts.map(typeHtml).join(' | ');
  if ('const' in s) return `<code>${escapeHtml(JSON.stringify(s.const))}</code>`;
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((e) => `<code>${escapeHtml(String(e))}</code>`).join(' ')}`;
  if (s.type === 'array') return `array of ${typeHtml(s.items as Json)}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    return `map: name → ${typeHtml(s.additionalProperties as Json)}`;
  }
  if (s.type === 'object' && s.properties)
    return `{${Object.keys(s.properties as Json)
      .map(escape)
      .join(', ')}}`;
  return escapeHtml(Array.isArray(s.type) ? s.type.join(' | ') : String(s.type ?? 'any'));
}

/** The fields of an object schema as rows: name (required or not), type, description. */
function fieldsHtml(s: Json): string {
  const props = (s.properties ?? {}) as Record<string, Json>;
  const required = new Set((s.required ?? []) as string[]);
  const rows = Object.entries(props).map(
    ([name, p]) =>
      `<tr><td><code>${escapeHtml(name)}</code>${required.has(name) ? '' : '?'}</td><td>${typeHtml(p)}</td>` +
      `<td>${escapeHtml(String(p.description ?? ''))}</td></tr>`,
  );
  return rows.length ? `<table>${rows.join('')}</table>` : '';
}

function schemaHtml(name: string, s: Json): string {
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  const body = alts
    ? alts.map((a) => (a.properties ? fieldsHtml(a) : `<p>${typeHtml(a)}</p>`)).join('<p class="k">or</p>')
    : s.properties
      ? fieldsHtml(s)
      : `<p>${typeHtml(s)}</p>`;
  return `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${s.description ? `<p>${escapeHtml(String(s.description))}</p>` : ''}${body}</section>`;
}

/** The schema of a request or response body, as a link (JSON first, else the first media type). */
function bodyHtml(content: Json | undefined): string {
  if (!content) return '';
  const media = (content['application/json'] ?? Object.values(content)[0]) as Json | undefined;
  return media?.schema ? ` — ${typeHtml(media.schema as Json)}` : '';
}

/** A readable reference page rendered from the document. */
export function docsHtml(): string {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(openapi.paths) as [string, Record<string, Json>][]) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const params = [...((item.parameters as unknown as Json[] | undefined) ?? []), ...((op.parameters as Json[] | undefined) ?? [])]
        .map(
          (p) =>
            `<code>${escapeHtml(String(p.name))}</code> (${escapeHtml(String(p.in))})${p.description ? ` — ${escapeHtml(String(p.description))}` : ''}`,
        )
        .join('<br>');
      const responses = Object.entries((op.responses as Record<string, Json>) ?? {})
        .map(([code, r]) => `<b>${code}</b> ${escapeHtml(String(r.description ?? ''))}${bodyHtml(r.content as Json | undefined)}`)
        .join('<br>');
      const body = op.requestBody as Json | undefined;
      const bodyLine = body
        ? `<p class="k">Body${body.required ? '' : ' (optional)'}</p><p>${escapeHtml(String(body.description ?? ''))}${bodyHtml(body.content as Json)}</p>`
        : '';
      rows.push(
        `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>${op.security ? ' <small>🔒 bearer</small>' : ''}</h3>` +
          `<p><b>${escapeHtml(String(op.summary ?? ''))}</b>${op.description ? `<br>${escapeHtml(String(op.description))}` : ''}</p>` +
          (params ? `<p class="k">Parameters</p><p>${params}</p>` : '') +
          bodyLine +
          `<p class="k">Responses</p><p>${responses}</p></section>`,
      );
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strata API</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0}h3{margin:.3rem 0}code{background:#f4f4f4;padding:0 .2rem}
.m{font:bold 12px monospace;padding:.1rem .4rem;border-radius:3px;color:#fff}.get{background:#2a7}.put{background:#c80}.post{background:#27c}.delete{background:#c33}
.k{margin:.2rem 0 0;color:#666;font-size:13px;text-transform:uppercase}
table{border-collapse:collapse;font-size:14px}td{border-top:1px solid #eee;padding:.15rem .5rem;vertical-align:top}</style></head><body>
<h1>${escapeHtml(openapi.info.title)} <small>${escapeHtml(openapi.info.version)}</small></h1><p>${escapeHtml(openapi.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a></p>${rows.join('\n')}
<h2>Schemas</h2>${Object.entries(openapi.components.schemas as Record<string, Json>)
    .map(([name, s]) => schemaHtml(name, s))
    .join('\n')}</body></html>`;
}
