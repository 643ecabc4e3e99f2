// import-hcl: the vSAN HCL JSON in its current and older list shapes, the release table and its
// override, the updated timestamp, merging into an existing HCL, and bad input.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RELEASES } from '../../src/import/hcl/releases.js';
import { importVsanHcl, updatedOf } from '../../src/import/hcl/vsan.js';
import { parseHcl } from '../../src/load/hcl.js';
import { run } from '../support/run-cli.js';

const dir = fileURLToPath(new URL('../fixtures/real/hcl/', import.meta.url));
const current = path.join(dir, 'vsan-current.json');
const list = path.join(dir, 'vsan-list.json');
const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));
const tmp = (name: string, value: unknown) => {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'strata-hcl-')), name);
  fs.writeFileSync(f, typeof value === 'string' ? value : JSON.stringify(value));
  return f;
};

describe('current shape', () => {
  const { hcl, notes } = importVsanHcl(read(current), current, { releases: DEFAULT_RELEASES });

  it('is a loadable Strata HCL with the mapped releases only', () => {
    expect(() => parseHcl(JSON.parse(JSON.stringify(hcl)), 'x')).not.toThrow();
    expect(hcl.releases).toEqual([
      { name: 'ESXi 8.0 U2', base_image_versions: ['8.0.2'] },
      { name: 'ESXi 8.0 U3', base_image_versions: ['8.0.3'] },
    ]);
    expect(notes.join('\n')).toContain('ESXi 7.0 U3c');
    expect(notes.join('\n')).toContain('1 entries have no PCI ids');
  });

  it('takes the timestamp as updated', () => {
    expect(hcl.updated).toBe('2024-11-01T00:00:00Z');
  });

  it('maps categories to classes, lower-cases ids and reads driver → version → firmwares', () => {
    const ctrl = hcl.devices.find((d) => d.vid === '1000')!;
    expect(ctrl).toMatchObject({ did: '10e2', svid: '1028', ssid: '1ae0', class: 'storage_controller', vendor: 'Broadcom' });
    expect(ctrl.releases).toEqual({
      'ESXi 8.0 U2': [
        { driver: 'lsi_mr3', driver_versions: ['7.727.02.00-1OEM.800.1.0.20613240'], firmware_versions: ['52.21.0-4606', '52.26.0-5179'] },
      ],
    });
    expect(hcl.devices.find((d) => d.vid === '144d')!.class).toBe('ssd');
  });

  it('merges entries with the same PCI ids; an empty firmware list allows any firmware', () => {
    const nics = hcl.devices.filter((d) => d.class === 'nic');
    expect(nics).toHaveLength(1);
    expect(nics[0]!.releases['ESXi 8.0 U2']).toEqual([
      {
        driver: 'i40en',
        driver_versions: ['2.5.2.0-1OEM.800.1.0.20613240', '2.6.0.0-1OEM.800.1.0.20613240'],
        firmware_versions: ['9.10', '9.20'],
      },
    ]);
    expect(nics[0]!.releases['ESXi 8.0 U3']).toEqual([
      { driver: 'i40en', driver_versions: ['2.7.1.0-1OEM.800.1.0.20613240'], firmware_versions: [] },
    ]);
  });

  it('renames drivers to component names', () => {
    const { hcl: h } = importVsanHcl(read(current), current, { releases: DEFAULT_RELEASES, drivers: { i40en: 'Intel-i40en' } });
    expect(h.devices.find((d) => d.class === 'nic')!.releases['ESXi 8.0 U2']![0]!.driver).toBe('Intel-i40en');
  });
});

describe('older list shape', () => {
  const { hcl, notes } = importVsanHcl(read(list), list, { releases: DEFAULT_RELEASES });
  it('reads data as one array with categories and releases as lists', () => {
    expect(hcl.releases).toEqual([{ name: 'ESXi 7.0', base_image_versions: ['7.0.0'] }]);
    expect(hcl.devices.map((d) => [d.vid, d.did, d.svid, d.ssid, d.class])).toEqual([
      ['1000', '0097', '1028', '1f45', 'storage_controller'],
      ['14e4', '16d7', '14e4', '*', 'nic'],
    ]);
    expect(hcl.devices[0]!.releases['ESXi 7.0']).toEqual([
      { driver: 'lsi_msgpt3', driver_versions: ['17.00.10.00-1vmw.700.1.0.15843807'], firmware_versions: ['16.17.00.05', '16.17.01.00'] },
    ]);
    expect(hcl.devices[1]!.releases['ESXi 7.0']![0]!.firmware_versions).toEqual(['216.0.293.8']);
    expect(notes.join('\n')).toContain('ESXi 6.7 U3');
  });
  it('takes a timestamp in seconds', () => {
    expect(hcl.updated).toBe('2020-01-01T00:00:00Z');
  });
});

describe('updated', () => {
  it('falls back to jsonUpdatedTime', () => {
    expect(updatedOf({ jsonUpdatedTime: '2024-11-24 12:00:00' })).toBe('2024-11-24T12:00:00Z');
    expect(updatedOf({})).toBeUndefined();
  });
});

describe('import-hcl command', () => {
  it('--releases adds and overrides release names', async () => {
    const rel = tmp('rel.json', { 'ESXi 6.7 U3': ['6.7.0'], 'ESXi 7.0': [] });
    const r = await run('import', 'hcl', '--releases', rel, list);
    expect(r.code).toBe(0);
    const hcl = JSON.parse(r.out);
    expect(hcl.releases).toEqual([{ name: 'ESXi 6.7 U3', base_image_versions: ['6.7.0'] }]);
    expect(Object.keys(hcl.devices[0].releases)).toEqual(['ESXi 6.7 U3']);
  });

  it('--base keeps servers and releases of an existing HCL and replaces devices with the same ids', async () => {
    const base = tmp('base.json', {
      releases: [{ name: 'ESXi 8.0 U2', base_image_versions: ['8.0.2'] }],
      servers: [{ vendor: 'Dell Inc.', model: 'PowerEdge R750', releases: ['ESXi 8.0 U2'] }],
      devices: [
        { vid: '8086', did: '1572', svid: '1028', ssid: '1f99', class: 'nic', releases: { 'ESXi 8.0 U2': [] } },
        { vid: '10de', did: '20b5', svid: '*', ssid: '*', class: 'gpu', releases: {} },
      ],
    });
    const out = path.join(path.dirname(base), 'hcl.json');
    const r = await run('import', 'hcl', '--base', base, '--out', out, current);
    expect(r.code).toBe(0);
    const hcl = parseHcl(read(out), out);
    expect(hcl.servers).toHaveLength(1);
    expect(hcl.devices.map((d) => d.class).sort()).toEqual(['gpu', 'nic', 'ssd', 'storage_controller']);
    expect(hcl.devices.find((d) => d.class === 'nic')!.releases['ESXi 8.0 U2']).toHaveLength(1);
  });

  it.each([
    ['not an object', '[1]', 'x.json: $: expected the vSAN HCL object'],
    ['no data', '{"timestamp": 1}', 'x.json: $.data: expected the vSAN HCL\'s "data" object'],
    ['category not a list', '{"data": {"nic": {}}}', 'x.json: $.data.nic: expected an array of nic entries'],
    ['bad PCI id', '{"data": {"nic": [{"vid": "80861", "did": "1572", "releases": {}}]}}', 'x.json: $.data.nic[0].vid: expected a PCI id'],
    [
      'releases of the wrong type',
      '{"data": {"nic": [{"vid": "8086", "did": "1572", "releases": 3}]}}',
      'x.json: $.data.nic[0].releases: expected an object mapping ESXi releases',
    ],
    [
      'list row without driver',
      '{"data": [{"category": "nic", "vid": "8086", "did": "1572", "releases": [{"release": "ESXi 7.0"}]}]}',
      'x.json: $.data[0].releases[0]: expected a driver row',
    ],
    ['malformed JSON', '{"data": ', 'x.json: $: malformed JSON'],
  ])('%s → exit 2 naming file and path', async (_, text, want) => {
    const f = tmp('x.json', text);
    const r = await run('import', 'hcl', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(want.replace(/^x\.json/, f));
  });

  it('a bad --releases file names the JSON path', async () => {
    const rel = tmp('rel.json', { 'ESXi 8.0 U2': '8.0.2' });
    const r = await run('import', 'hcl', '--releases', rel, current);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${rel}: $["ESXi 8.0 U2"]: expected a list of base image version prefixes`);
  });
});
