// Image groups in the service (docs/cluster.md "Alternative images", docs/api.md): the groups answer
// over HTTP equals `strata groups --json`, accepting it makes a desired state with alternatives,
// and recommendations, compliance, validation, accept, events and what-if then work per group.
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { planGroups } from '../../src/plan/groups/groups.js';
import { withPlan } from '../../src/plan/plan.js';
import { loadWorld, worldFiles } from '../../src/load/world.js';
import { decodeGroups, decodeRecommendations, decodeSoftwareSpec, encodeSoftwareSpec } from '../../src/wire/codec.js';
import type { StrataService } from '../../src/service/service.js';
import { client, EXAMPLES, loadWorldOverApi, makeService, world, type Client } from './helpers.js';

const services: StrataService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

const W = world('mixed-dell-hpe');
const NAME = W.cluster.name as string;
const sw = `/api/clusters/${NAME}/software`;
/** The world as the loader reads it (what the engine is given). */
const LOADED = loadWorld(worldFiles(`${EXAMPLES}mixed-dell-hpe`));
const DELL = { vendor: 'Dell Inc.', model: 'PowerEdge R750' };
const HPE = { vendor: 'HPE', model: 'ProLiant DL380 Gen11' };

async function setUp(): Promise<Client> {
  const service = await makeService();
  services.push(service);
  const c = client(service);
  await loadWorldOverApi(c, W);
  return c;
}

/** What `strata groups --json` prints for the world (same options as the command's defaults). */
async function cliGroups(cluster = LOADED.cluster) {
  const { groups, uncovered, max_groups, fewest_groups } = await planGroups(new Catalog(LOADED.depot, LOADED.hcl), cluster, { repairs: 1 });
  return JSON.parse(JSON.stringify({ groups, uncovered, max_groups, fewest_groups }));
}

const recommendations = async (c: Client) => (await c.get(`${sw}/recommendations?wait=30000`)).json();

async function acceptGroups(c: Client): Promise<any> {
  const etag = (await c.get(sw)).headers.get('etag')!;
  const res = await c.post(`${sw}/groups?action=accept`, undefined, { 'if-match': etag });
  expect(res.status).toBe(200);
  return res.json();
}

describe('image groups over HTTP', () => {
  it('GET groups equals `strata groups --json`, and one image is not enough for the whole cluster', async () => {
    const c = await setUp();
    const rec = await recommendations(c);
    expect(rec.latest).toBeNull();
    expect(rec.groups).toBeUndefined();
    const res = await c.get(`${sw}/groups`);
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer).toEqual(await cliGroups());
    expect(answer.groups.map((g: any) => g.classes)).toEqual([[DELL], [HPE]]);
    const proto = await c.get(`${sw}/groups`, { accept: 'application/x-protobuf' });
    expect(proto.headers.get('content-type')).toContain('application/x-protobuf');
    expect(decodeGroups(new Uint8Array(await proto.arrayBuffer()))).toEqual(answer);
  });

  it('accepts the groups as default + alternatives; recommendations, validation and compliance are per group', async () => {
    const c = await setUp();
    const stale = await c.post(`${sw}/groups?action=accept`, undefined, { 'if-match': '"999"' });
    expect(stale.status).toBe(412);
    const answer = await cliGroups();
    const accepted = await acceptGroups(c);
    expect(accepted.changed).toBe(true);
    expect(accepted.desired.alternatives).toHaveLength(1);
    expect(accepted.desired.alternatives[0].classes).toEqual([HPE]);
    expect(accepted.desired.base_image).toEqual(answer.groups[0].latest.base_image);
    expect(accepted.desired.add_on).toEqual(answer.groups[0].latest.add_on);
    expect(accepted.desired.alternatives[0].image.add_on).toEqual(answer.groups[1].latest.add_on);
    expect((await c.get(sw)).headers.get('etag')).toBe(`"${accepted.revision}"`);
    expect(await (await c.get(sw)).json()).toEqual(accepted.desired);

    // each group's recommendations equal a plain recommend of its hosts with its image
    const rec = await recommendations(c);
    expect(rec.groups.map((g: any) => [g.group, g.classes, g.hosts])).toEqual([
      [0, null, ['r750-01', 'r750-02']],
      [1, [HPE], ['dl380-01', 'dl380-02']],
    ]);
    const catalog = new Catalog(LOADED.depot, LOADED.hcl);
    for (const [i, g] of rec.groups.entries()) {
      const desired = i === 0 ? { ...accepted.desired, alternatives: undefined } : accepted.desired.alternatives[0].image;
      const hosts = LOADED.cluster.hosts.filter((h) => g.hosts.includes(h.name));
      const own = await withPlan(catalog, { name: NAME, hosts, desired }, {}, (p) => p.recommend());
      expect(g.latest).toEqual(JSON.parse(JSON.stringify(own.latest)));
      expect(g.latest).toEqual(answer.groups[i].latest);
    }
    expect(rec.latest).toEqual(rec.groups[0].latest);
    const proto = await c.get(`${sw}/recommendations`, { accept: 'application/x-protobuf' });
    const decoded = decodeRecommendations(new Uint8Array(await proto.arrayBuffer()));
    expect(decoded.groups).toEqual(rec.groups);
    expect(decoded.latest).toEqual(rec.latest);

    const report = await (await c.post(`${sw}?action=validate`)).json();
    expect(report.valid).toBe(true);
    expect(report.groups.map((g: any) => g.report.valid)).toEqual([true, true]);
    // the default image alone is not valid on the HPE hosts
    const defaultOnly = await (await c.post(`${sw}?action=validate`, { ...accepted.desired, alternatives: [] })).json();
    expect(defaultOnly.valid).toBe(false);
    expect(defaultOnly.groups).toBeUndefined();

    const compliance = await (await c.get(`${sw}/compliance`)).json();
    expect(compliance.hosts.map((h: any) => [h.host, h.group])).toEqual([
      ['r750-01', 0],
      ['dl380-01', 1],
      ['r750-02', 0],
      ['dl380-02', 1],
    ]);
    // no host reports an error of the other vendor's add-on: each is checked against its own image
    for (const h of compliance.hosts) expect(h.errors).toEqual([]);
    for (const h of compliance.hosts) {
      const image = h.group === 0 ? accepted.desired : accepted.desired.alternatives[0].image;
      expect(h.base_image.desired).toBe(image.base_image.version);
    }
  });

  it('accepts a recommendation per group under If-Match, and refuses an unknown group', async () => {
    const c = await setUp();
    const accepted = await acceptGroups(c);
    // an older default image, so that its group's recommendation differs from it
    const older = { ...structuredClone(accepted.desired), ...W.cluster.desired };
    const put = await c.put(sw, older, { 'if-match': `"${accepted.revision}"` });
    expect(put.status).toBe(200);
    const { revision } = await put.json();
    const rec = await recommendations(c);
    expect(rec.stale).toBe(false);
    expect(rec.groups[0].latest.base_image).not.toEqual(older.base_image);

    expect((await c.post(`${sw}/recommendations/latest?action=accept&group=2`)).status).toBe(404);
    expect((await c.post(`${sw}/recommendations/latest?action=accept&group=1`, undefined, { 'if-match': '"1"' })).status).toBe(412);
    // group 1 already has its latest image: nothing changes
    const same = await c.post(`${sw}/recommendations/latest?action=accept&group=1`, undefined, { 'if-match': `"${revision}"` });
    expect(same.status).toBe(200);
    expect(await same.json()).toMatchObject({ revision, changed: false });
    // group 0 (no ?group): the default image moves, the alternatives stay
    const res = await c.post(`${sw}/recommendations/latest?action=accept`, undefined, { 'if-match': `"${revision}"` });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.revision).toBe(revision + 1);
    expect(body.desired.base_image).toEqual(rec.groups[0].latest.base_image);
    expect(body.desired.add_on).toEqual(rec.groups[0].latest.add_on);
    expect(body.desired.alternatives).toEqual(older.alternatives);
  });

  it('re-solves every group when a host changes', async () => {
    const c = await setUp();
    await acceptGroups(c);
    const before = await recommendations(c);
    expect(before.groups[1].hosts).toEqual(['dl380-01', 'dl380-02']);
    expect((await c.del(`/api/clusters/${NAME}/hosts/dl380-02`)).status).toBe(204);
    const ev = await c.post('/api/events', { type: 'host_removed', cluster: NAME, host: 'r750-02' });
    expect(ev.status).toBeLessThan(300);
    const after = await recommendations(c);
    expect(after.stale).toBe(false);
    expect(after.groups.map((g: any) => g.hosts)).toEqual([['r750-01'], ['dl380-01']]);
  });

  it('an alternative whose classes no host has is a group without hosts', async () => {
    const c = await setUp();
    const other = { vendor: 'Lenovo', model: 'ThinkSystem SR650 V3' };
    const put = await c.put(sw, {
      ...W.cluster.desired,
      alternatives: [{ classes: [other], image: { base_image: W.cluster.desired.base_image } }],
    });
    expect(put.status).toBe(200);
    const rec = await recommendations(c);
    expect(rec.status).toBe('READY');
    expect(rec.groups.map((g: any) => g.hosts.length)).toEqual([4, 0]);
    // every host runs the default (Dell) image, which does not apply to the HPE hosts
    expect(rec.latest).toBeNull();
    const compliance = await (await c.get(`${sw}/compliance`)).json();
    expect(compliance.hosts.map((h: any) => h.group)).toEqual([0, 0, 0, 0]);
  });

  it('what-if runs on a named group', async () => {
    const c = await setUp();
    await acceptGroups(c);
    const rec = await recommendations(c);
    const line = JSON.stringify({ name: 'as is', changes: [] });
    const run = async (q: string) => {
      const res = await c.post(`/api/clusters/${NAME}/whatif?jobs=1${q}`, line, { 'content-type': 'application/x-ndjson' });
      expect(res.status).toBe(200);
      return JSON.parse((await res.text()).trim());
    };
    expect((await run('&group=1')).latest).toEqual(rec.groups[1].latest);
    expect((await run('')).latest).toEqual(rec.groups[0].latest);
    expect((await c.post(`/api/clusters/${NAME}/whatif?group=3`, line)).status).toBe(404);
  });

  it('refuses overlapping or too many alternatives, naming the JSON path; protobuf carries alternatives', async () => {
    const c = await setUp();
    const image = { base_image: W.cluster.desired.base_image };
    const overlap = await c.put(sw, {
      ...W.cluster.desired,
      alternatives: [
        { classes: [HPE], image },
        { classes: [DELL, HPE], image },
      ],
    });
    expect(overlap.status).toBe(400);
    expect(JSON.stringify(await overlap.json())).toContain('$.alternatives[1].classes[1]');
    const many = await c.put(sw, {
      ...W.cluster.desired,
      alternatives: [1, 2, 3, 4].map((i) => ({ classes: [{ vendor: 'V', model: `M${i}` }], image })),
    });
    expect(many.status).toBe(400);
    expect(JSON.stringify(await many.json())).toContain('at most 3 alternative images');
    const empty = await c.put(sw, { ...W.cluster.desired, alternatives: [{ classes: [], image }] });
    expect(empty.status).toBe(400);

    const spec = { ...W.cluster.desired, alternatives: [{ classes: [HPE], image: { base_image: W.cluster.desired.base_image } }] };
    expect(decodeSoftwareSpec(encodeSoftwareSpec(spec))).toEqual(spec);
    const res = await c.put(sw, encodeSoftwareSpec(spec), { 'content-type': 'application/x-protobuf' });
    expect(res.status).toBe(200);
    expect(await (await c.get(sw)).json()).toEqual(spec);
  });
});
