// import-hosts: devices, classes, families, markers and every bad-input case, against the
// fixture outputs under test/fixtures/real/hosts (hand-written in the exact esxcli/lspci format).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importHosts } from '../../src/import/hosts/build.js';
import { deviceClass } from '../../src/import/hosts/classes.js';
import { BUILTIN_FAMILY_RULES, familyOf } from '../../src/import/hosts/families.js';
import { InputError } from '../../src/load/errors.js';
import { parseCluster } from '../../src/load/cluster.js';
import { run } from '../support/run-cli.js';

const dir = fileURLToPath(new URL('../fixtures/real/hosts/', import.meta.url));
const r750 = path.join(dir, 'esx-r750-01.txt');
const hpe = path.join(dir, 'hpe-gen11-pair.txt');
const linux = path.join(dir, 'linux-r760.txt');

function tmp(name: string, text: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-hosts-'));
  const f = path.join(d, name);
  fs.writeFileSync(f, text);
  return f;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.problems.map((p) => `${path.basename(p.file)}: ${p.path}: ${p.message}`);
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('esxcli host', () => {
  const { cluster, notes } = importHosts([r750], { cluster: 'cl-01' });
  const host = cluster.hosts[0]!;

  it('reads vendor, model, family and the host name from the prompt', () => {
    expect(cluster.name).toBe('cl-01');
    expect(host).toMatchObject({ name: 'esx-r750-01', vendor: 'Dell Inc.', model: 'PowerEdge R750', family: 'PowerEdge 15G' });
  });

  it('keeps the devices of known classes with the ids of the pci list (bridges and the BMC VGA left out)', () => {
    expect(host.devices.map((d) => [d.id, d.vid, d.did, d.svid, d.ssid, d.class])).toEqual([
      ['vmhba0', '1000', '10e2', '1028', '1ae0', 'storage_controller'],
      ['vmnic0', '8086', '1572', '1028', '1f99', 'nic'],
      ['vmnic1', '8086', '1572', '1028', '1f99', 'nic'],
      ['vmhba2', '144d', 'a822', '1028', '1fd9', 'ssd'],
    ]);
  });

  it('takes driver and firmware from nic get, adapter list and nvme device get', () => {
    const byId = Object.fromEntries(host.devices.map((d) => [d.id, d]));
    expect(byId.vmnic0).toMatchObject({
      firmware_version: '9.20',
      driver: 'i40en',
      driver_version: '2.5.2.0',
      pci_address: '0000:31:00.0',
    });
    expect(byId.vmhba2).toMatchObject({ firmware_version: '1.1.2', driver: 'nvme_pcie' });
    expect(byId.vmhba0).toMatchObject({ firmware_version: 'unknown', driver: 'lsi_mr3' });
    expect(notes.some((n) => n.includes('vmhba0'))).toBe(true);
  });

  it('reads the installed image from the component list, and desires its base image', () => {
    expect(host.installed).toEqual({
      base_image: { version: '8.0.2-0.30.23305546' },
      components: {
        'Intel-i40en': '2.5.2.0-1OEM.800.1.0.20613240',
        'Dell-ISM': '5.2.0.0-3307',
        'VMware-NVMe-PCIe': '1.2.4.11-1vmw.802.0.0.22380479',
      },
    });
    expect(cluster.desired).toEqual({ base_image: { version: '8.0.2-0.30.23305546' } });
  });

  it('writes a cluster the loader accepts', () => {
    expect(() => parseCluster(JSON.parse(JSON.stringify(cluster)), 'x')).not.toThrow();
  });
});

describe('concatenated file with host markers', () => {
  const { cluster, notes } = importHosts([hpe]);
  it('splits hosts at "### host" lines', () => {
    expect(cluster.hosts.map((h) => [h.name, h.model, h.family])).toEqual([
      ['hpe-01', 'ProLiant DL380 Gen11', 'ProLiant Gen11'],
      ['hpe-02', 'ProLiant DL360 Gen11', 'ProLiant Gen11'],
    ]);
  });
  it('takes the base image from esx-base (vib list) or baseimage get; the desired one is the oldest', () => {
    expect(cluster.hosts.map((h) => h.installed?.base_image.version)).toEqual(['8.0.1-0.25.22088125', '8.0.2-0.0.22380479']);
    expect(cluster.desired.base_image?.version).toBe('8.0.1-0.25.22088125');
    expect(notes.some((n) => n.includes('different base images'))).toBe(true);
  });
  it('takes the first word of a firmware string', () => {
    expect(cluster.hosts[0]!.devices[0]!.firmware_version).toBe('222.1.68.0');
  });
});

describe('lspci fallback', () => {
  const { cluster } = importHosts([linux]);
  const host = cluster.hosts[0]!;
  it('reads vendor and model from dmidecode and devices from lspci -vvnn', () => {
    expect(host).toMatchObject({ name: 'r760-staging', vendor: 'Dell Inc.', model: 'PowerEdge R760', family: 'PowerEdge 16G' });
    expect(host.devices.map((d) => [d.id, d.vid, d.did, d.svid, d.ssid, d.class])).toEqual([
      ['0000:4b:00.0', '15b3', '101f', '15b3', '0012', 'nic'],
      ['0000:c2:00.0', '144d', 'a824', '1028', '2113', 'ssd'],
      ['0000:ca:00.0', '10de', '20b5', '10de', '1533', 'gpu'],
    ]);
    expect(host.installed).toBeUndefined();
    expect(cluster.desired).toEqual({});
  });
  it('reads lspci -n -v too', () => {
    const f = tmp(
      'n.txt',
      '### esxcli hardware platform get\n   Vendor Name: Dell Inc.\n   Product Name: PowerEdge R650\n### lspci -n -v\n' +
        '0000:4b:00.1 0200: 15b3:101f\n\tSubsystem: 15b3:0012\n\tKernel driver in use: mlx5_core\n',
    );
    const h = importHosts([f]).cluster.hosts[0]!;
    expect(h.name).toBe('n');
    expect(h.devices).toEqual([
      expect.objectContaining({ id: '0000:4b:00.1', vid: '15b3', ssid: '0012', class: 'nic', driver: 'mlx5_core' }),
    ]);
  });
});

describe('class mapping', () => {
  it.each([
    [0x0200, '8086', 'nic'],
    [0x0207, '15b3', 'nic'],
    [0x0108, '144d', 'ssd'],
    [0x0104, '1000', 'storage_controller'],
    [0x0107, '1000', 'storage_controller'],
    [0x0106, '8086', 'storage_controller'],
    [0x0c04, '10df', 'fc_hba'],
    [0x0302, '10de', 'gpu'],
    [0x0300, '10de', 'gpu'],
    [0x0300, '102b', undefined],
    [0x1200, '1d0f', 'accelerator'],
    [0x0604, '8086', undefined],
    [0x0c03, '8086', undefined],
  ])('class %s vendor %s → %s', (code, vid, cls) => {
    expect(deviceClass(code, vid)).toBe(cls);
  });
});

describe('family mapping', () => {
  it.each([
    ['Dell Inc.', 'PowerEdge R750', 'PowerEdge 15G'],
    ['Dell Inc.', 'PowerEdge R640', 'PowerEdge 14G'],
    ['Dell Inc.', 'PowerEdge R7625', 'PowerEdge 16G'],
    ['Dell Inc.', 'PowerEdge R740xd', 'PowerEdge 14G'],
    ['HPE', 'ProLiant DL380 Gen11', 'ProLiant Gen11'],
    ['HPE', 'ProLiant DL360 Gen10 Plus', 'ProLiant Gen10 Plus'],
    ['Lenovo', 'ThinkSystem SR650 V2', 'ThinkSystem V2'],
    ['Cisco Systems Inc', 'UCSC-C240-M5SX', 'UCS M5'],
    ['Supermicro', 'SYS-120U-TNR', undefined],
  ])('%s %s → %s', (vendor, model, family) => {
    expect(familyOf(vendor, model, BUILTIN_FAMILY_RULES)).toBe(family);
  });

  it('--families rules come first and fill pattern groups', async () => {
    const rules = tmp(
      'fam.json',
      JSON.stringify({
        families: [
          { vendor: 'dell inc.', model: 'PowerEdge R750', family: 'Custom 15G' },
          { vendor: 'Supermicro', model_pattern: '^SYS-(\\d)', family: 'Supermicro X$1' },
        ],
      }),
    );
    const host = tmp(
      'sm.txt',
      '### host sm-01\n### esxcli hardware platform get\n   Vendor Name: Supermicro\n   Product Name: SYS-120U-TNR\n' +
        '### esxcli hardware pci list\n0000:01:00.0\n   VMkernel Name: vmnic0\n   Vendor ID: 0x8086\n   Device ID: 0x1572\n' +
        '   SubVendor ID: 0x15d9\n   SubDevice ID: 0x0000\n   Device Class: 0x0200\n',
    );
    const r = await run('import', 'hosts', '--families', rules, '--cluster', 'c', r750, host);
    expect(r.code).toBe(0);
    const cluster = JSON.parse(r.out);
    expect(cluster.hosts.map((h: { family: string }) => h.family)).toEqual(['Custom 15G', 'Supermicro X1']);
  });

  it('a bad --families file names the JSON path', async () => {
    const rules = tmp('fam.json', JSON.stringify([{ vendor: 'Dell Inc.', family: 'x' }]));
    const r = await run('import', 'hosts', '--families', rules, r750);
    expect(r.code).toBe(2);
    expect(r.err).toContain('fam.json: $[0]: give exactly one of "model"');
  });
});

describe('bad input: file and line named, exit 2', () => {
  const platform = '### esxcli hardware platform get\n   Vendor Name: Dell Inc.\n   Product Name: PowerEdge R750\n';
  const nic =
    '0000:31:00.0\n   VMkernel Name: vmnic0\n   Vendor ID: 0x8086\n   Device ID: 0x1572\n   SubVendor ID: 0x1028\n   SubDevice ID: 0x1f99\n   Device Class: 0x0200\n';
  it.each([
    ['no markers', 'Platform Information\n   Vendor Name: Dell Inc.\n', 'a.txt: line 1: no section marker'],
    ['host marker without a name', '### host\n', 'a.txt: line 1: a host marker needs one host name'],
    ['no platform section', `### esxcli hardware pci list\n${nic}`, 'has no "esxcli hardware platform get" section'],
    ['no pci section', platform, 'has no "esxcli hardware pci list"'],
    [
      'bad hex id',
      `${platform}### esxcli hardware pci list\n${nic.replace('0x1572', '0xZZ')}`,
      'a.txt: line 8: Device ID "0xZZ" is not a 16-bit hex id',
    ],
    [
      'missing id line',
      `${platform}### esxcli hardware pci list\n${nic.replace(/ {3}SubDevice ID.*\n/, '')}`,
      'a.txt: line 5: PCI device has no "SubDevice ID:" line',
    ],
    [
      'unknown family',
      platform.replace('R750', 'XR11') + `### esxcli hardware pci list\n${nic}`,
      'a.txt: line 1: no server family is known for vendor "Dell Inc." model "PowerEdge XR11"',
    ],
    [
      'nic get of an unknown vmnic',
      `${platform}### esxcli hardware pci list\n${nic}### esxcli network nic get -n vmnic7\n   Name: vmnic7\n`,
      'a.txt: line 12: no network device "vmnic7"',
    ],
    [
      'table without dashes',
      `${platform}### esxcli hardware pci list\n${nic}### esxcli software component list\nName Version\nESXi 8.0.2\n`,
      'a.txt: line 13: expected the table',
    ],
    [
      'two prompts of different hosts',
      `[root@a:~] esxcli hardware platform get\n   Vendor Name: Dell Inc.\n[root@b:~] esxcli hardware pci list\n`,
      'a.txt: line 3: the prompt names host "b"',
    ],
    [
      'lspci without -v',
      `${platform}### lspci -nn\n3b:00.0 Ethernet controller [0200]: Intel X710 [8086:1572] (rev 02)\n`,
      'a.txt: line 5: nic device 0000:3b:00.0 has no "Subsystem:" line',
    ],
  ])('%s', async (_, text, want) => {
    const f = tmp('a.txt', text);
    expect(problemsOf(() => importHosts([f])).join('\n')).toContain(want);
    const r = await run('import', 'hosts', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(want.replace(/^a\.txt/, f));
  });

  it('a host defined twice', () => {
    expect(problemsOf(() => importHosts([r750, r750])).join('\n')).toContain('host "esx-r750-01" is already defined');
  });

  it('a missing file and no arguments', async () => {
    expect((await run('import', 'hosts', '/nonexistent/x.txt')).err).toContain('/nonexistent/x.txt: $: file not found');
    expect((await run('import', 'hosts')).code).toBe(2);
  });
});

it('import-hosts --out writes the cluster JSON', async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'strata-out-')), 'cluster.json');
  const r = await run('import', 'hosts', '--out', out, '--cluster', 'lab', r750, hpe, linux);
  expect(r.code).toBe(0);
  const cluster = parseCluster(JSON.parse(fs.readFileSync(out, 'utf8')), out);
  expect(cluster.hosts.map((h) => h.name)).toEqual(['esx-r750-01', 'hpe-01', 'hpe-02', 'r760-staging']);
});
