// Each document schema accepts the shipped examples, both as valibot reads it and as the loader's
// compiled checks read it, and rejects bad input naming the right JSON path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Collector } from '../../src/load/check.js';
import { ChangeEventSchema } from '../../src/schema/api.js';
import { ClusterSchema, HostSchema, SoftwareSpecSchema } from '../../src/schema/cluster.js';
import { compile } from '../../src/schema/compile.js';
import { DepotSchema } from '../../src/schema/depot.js';
import { HclSchema } from '../../src/schema/hcl.js';
import { ScenarioLineSchema } from '../../src/schema/scenario.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;

/** The problems the loader's check of `schema` reports for `value`, as `path: message`. */
function problems(schema: v.GenericSchema, value: unknown): string[] {
  const c = new Collector('x');
  compile(schema)(c, value, '$');
  return c.problems.map((p) => `${p.path}: ${p.message}`);
}

const worlds = fs
  .readdirSync(EXAMPLES)
  .filter((d) => fs.existsSync(path.join(EXAMPLES, d, 'depot.json')))
  .map((d) => path.join(EXAMPLES, d));

describe('the shipped examples fit their schemas', () => {
  it('finds the example worlds', () => expect(worlds.length).toBeGreaterThanOrEqual(2));

  for (const dir of worlds) {
    const clusters = [path.join(dir, 'cluster.json')];
    const more = path.join(dir, 'clusters');
    if (fs.existsSync(more)) clusters.push(...fs.readdirSync(more).map((f) => path.join(more, f)));
    const cases: [string, v.GenericSchema, string][] = [
      ['depot', DepotSchema, path.join(dir, 'depot.json')],
      ['hcl', HclSchema, path.join(dir, 'hcl.json')],
      ...clusters.map((f): [string, v.GenericSchema, string] => ['cluster', ClusterSchema, f]),
    ];
    for (const [what, schema, file] of cases) {
      it(`${what}: ${path.relative(EXAMPLES, file)}`, () => {
        const doc = readJson(file);
        const r = v.safeParse(schema, doc);
        expect(r.issues?.map((i) => `${v.getDotPath(i)}: ${i.message}`) ?? []).toEqual([]);
        expect(problems(schema, doc)).toEqual([]);
      });
    }
  }

  it('what-if scenario lines', () => {
    const lines = fs
      .readFileSync(path.join(EXAMPLES, 'whatif', 'dell-r750.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      const doc = JSON.parse(line) as unknown;
      expect(v.safeParse(ScenarioLineSchema, doc).success, line).toBe(true);
      expect(problems(ScenarioLineSchema, doc), line).toEqual([]);
    }
  });
});

describe('bad input is rejected at the right path', () => {
  const depot = readJson(path.join(EXAMPLES, 'dell-r750', 'depot.json')) as { components: Record<string, unknown>[] };
  const cluster = readJson(path.join(EXAMPLES, 'dell-r750', 'cluster.json')) as { hosts: Record<string, unknown>[] };

  it('depot: a bad version and a relation without a version', () => {
    const bad = structuredClone(depot);
    bad.components[1]!.version = '1..2';
    bad.components[2]!.depends = [{ name: 'x', relation: '>=' }];
    expect(problems(DepotSchema, bad)).toEqual([
      '$.components[1].version: "1..2" is not a valid version: it has an empty segment between dots',
      '$.components[2].depends[0]: relation ">=" needs a version to compare with',
    ]);
    expect(v.safeParse(DepotSchema, bad).success).toBe(false);
  });

  it('hcl: an upper-case PCI id in a device', () => {
    const hcl = readJson(path.join(EXAMPLES, 'dell-r750', 'hcl.json')) as { devices: Record<string, unknown>[] };
    hcl.devices[0]!.did = '157A';
    expect(problems(HclSchema, hcl)).toEqual(['$.devices[0].did: PCI ids are lower-case hex: write "157a", not "157A"']);
    const r = v.safeParse(HclSchema, hcl);
    expect(r.issues?.map((i) => v.getDotPath(i))).toEqual(['devices.0.did']);
  });

  it('cluster: a wildcard in a real device, a missing host name', () => {
    const bad = structuredClone(cluster);
    (bad.hosts[0]!.devices as Record<string, unknown>[])[0]!.ssid = '*';
    delete bad.hosts[1]!.name;
    expect(problems(ClusterSchema, bad)).toEqual([
      '$.hosts[0].devices[0].ssid: "*" is not allowed here: this PCI id must be exact',
      '$.hosts[1].name: required field is missing (expected a string)',
    ]);
    expect(v.safeParse(ClusterSchema, bad).issues?.map((i) => v.getDotPath(i))).toEqual(['hosts.0.devices.0.ssid', 'hosts.1.name']);
  });

  it('software spec: two hardware support packages, a null-version component is fine', () => {
    const spec = {
      components: { a: null },
      hardware_support: { packages: { m1: { pkg: 'p', version: '1' }, m2: { pkg: 'q', version: '1' } } },
    };
    expect(problems(SoftwareSpecSchema, spec)).toEqual([
      '$.hardware_support.packages: at most one hardware support package can be chosen, found 2',
    ]);
  });

  it('scenario: an unknown op with a hint, a bad depot kind, a bad item inside depot_add', () => {
    const line = {
      name: 's',
      changes: [
        { op: 'setFirmware', host: 'h', device: 'd', version: '1' },
        { op: 'depot_remove', kind: 'drivers', version: '1' },
        { op: 'depot_add', kind: 'components', item: { name: 'c' } },
        { op: 'hcl_add_row', device: '8086:1572:*', release: 'r', row: { driver: 'd', driver_versions: [] } },
      ],
    };
    expect(problems(ScenarioLineSchema, line)).toEqual([
      '$.changes[0].op: unknown op "setFirmware" (expected one of add_host, remove_host, add_device, remove_device, set_firmware, ' +
        'hcl_remove_driver_version, hcl_add_row, hcl_set_server_releases, depot_add, depot_remove, set_desired; did you mean set_firmware?)',
      '$.changes[1].kind: unknown kind "drivers" (expected one of base_images, add_ons, hardware_support_packages, solutions, components)',
      '$.changes[2].item.version: required field is missing (expected a version string)',
      '$.changes[3].device: expected a device id "vid:did:svid:ssid" (4 lower-case hex digits each; svid and ssid may be "*"), found "8086:1572:*"',
    ]);
  });

  it('events: each type has its own fields', () => {
    expect(problems(ChangeEventSchema, { type: 'firmware_updated', cluster: 'c', host: 'h', device: 'vmnic0' })).toEqual([
      '$.version: required field is missing (expected a version string)',
    ]);
    expect(problems(ChangeEventSchema, { type: 'host_added', cluster: 'c', host: { name: 'h' } })).toEqual([
      '$.host.vendor: required field is missing (expected a string)',
      '$.host.model: required field is missing (expected a string)',
      '$.host.family: required field is missing (expected a string)',
    ]);
    expect(problems(ChangeEventSchema, { type: 'reboot', cluster: 'c' })[0]).toMatch(/^\$\.type: unknown event type "reboot"/);
    expect(problems(HostSchema, [])).toEqual(['$: expected a host object, found an array']);
  });
});

describe('what the loader adds to the schema', () => {
  it('fills defaults with fresh values and reads a null optional field as absent', () => {
    const c = new Collector('x');
    const check = compile(DepotSchema);
    const doc = {
      components: [
        { name: 'a', version: '1', vendor: null },
        { name: 'b', version: '1' },
      ],
      base_images: [],
    };
    const out = check(c, doc, '$')!;
    expect(c.ok).toBe(true);
    expect(out.components[0]).toEqual({ name: 'a', version: '1', depends: [], conflicts: [], provides: [], reboot_required: false });
    expect(out.components[0]!.depends).not.toBe(out.components[1]!.depends);
    expect(out.add_ons).toEqual([]);
  });

  it('drops unknown fields', () => {
    const c = new Collector('x');
    expect(compile(HostSchema)(c, { name: 'h', vendor: 'v', model: 'm', family: 'f', colour: 'red' }, '$')).toEqual({
      name: 'h',
      vendor: 'v',
      model: 'm',
      family: 'f',
      devices: [],
    });
  });
});

describe('scenario lines get the second pass of their items', () => {
  it('reports a firmware entry twice in a package added by depot_add', async () => {
    const { parseScenarioLine } = await import('../../src/whatif/scenario.js');
    const fw = { vid: '8086', did: '1572', svid: '*', ssid: '*', version: '1.0' };
    const item = { manager: 'm', pkg: 'p', version: '1', components: {}, firmware: [fw, { ...fw, version: '2.0' }] };
    const r = parseScenarioLine(
      JSON.stringify({ name: 's', changes: [{ op: 'depot_add', kind: 'hardware_support_packages', item }] }),
      3,
      'x.jsonl',
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.failure.error).toEqual({
        path: '$.changes[0].item.firmware[1]',
        message: 'duplicate firmware entry for device 8086:1572:*:* (first at $.changes[0].item.firmware[0])',
      });
  });
});
