// Composition with provenance (SPEC §3.1) and validation (§3.2–3.3), one rule at a time.
import { describe, expect, it } from 'vitest';
import type { Component, Depot, Hcl, Host } from '../../src/model/types.js';
import { Catalog, bestPciMatch } from '../../src/catalog/catalog.js';
import { hardwareProfiles } from '../../src/catalog/profiles.js';
import { compose, type Selection } from '../../src/image/compose.js';
import { validateSelection } from '../../src/image/validate.js';

const comp = (name: string, version: string, extra: Partial<Component> = {}): Component => ({
  name,
  version,
  depends: [],
  conflicts: [],
  provides: [],
  reboot_required: false,
  ...extra,
});

const depot: Depot = {
  components: [
    comp('esx-base', '8.0.2-1', { provides: [{ name: 'vmkapi', version: '2.12' }, { name: 'bare' }] }),
    comp('esx-base', '8.0.3-1', { provides: [{ name: 'vmkapi', version: '2.13' }] }),
    comp('nic', '1.0-1vmw'),
    comp('nic', '2.0-1OEM', { depends: [{ name: 'vmkapi', relation: '>=', version: '2.13' }] }),
    comp('nic', '0.9-1OEM'),
    comp('tool', '1.0', { depends: [{ name: 'bare' }], conflicts: [{ name: 'old-tool' }] }),
    comp('tool', '2.0', { depends: [{ name: 'bare', relation: '>=', version: '1.0' }] }),
    comp('old-tool', '1.0'),
    comp('fw-agent', '1.0', { provides: [{ name: 'old-tool' }] }),
  ],
  base_images: [
    { version: '8.0.2-1', components: { 'esx-base': '8.0.2-1', nic: '1.0-1vmw' } },
    { version: '8.0.3-1', components: { 'esx-base': '8.0.3-1', nic: '1.0-1vmw' } },
  ],
  add_ons: [
    {
      name: 'DEL',
      version: '1.0',
      hardware: { vendor: 'Dell', families: ['G15'] },
      supported_base_image_versions: ['8.0.3'],
      components: { nic: '2.0-1OEM' },
      removed_components: [],
    },
    { name: 'OLD', version: '1.0', supported_base_image_versions: [], components: { nic: '0.9-1OEM' }, removed_components: ['tool'] },
  ],
  hardware_support_packages: [
    {
      manager: 'm',
      pkg: 'FW',
      version: '1',
      supported_base_image_versions: [],
      components: {},
      removed_components: [],
      firmware: [{ vid: '8086', did: '1572', svid: '*', ssid: '*', version: '9.20' }],
    },
  ],
  solutions: [],
};
const hcl: Hcl = {
  releases: [
    { name: 'U2', base_image_versions: ['8.0.2'] },
    { name: 'U3', base_image_versions: ['8.0.3'] },
    { name: 'U3-special', base_image_versions: ['8.0.3-1'] },
  ],
  servers: [{ vendor: 'Dell', model: 'R750', releases: ['U2', 'U3-special'] }],
  devices: [
    {
      vid: '8086',
      did: '1572',
      svid: '1028',
      ssid: '1f99',
      class: 'nic',
      releases: { 'U3-special': [{ driver: 'nic', driver_versions: ['2.0-1OEM'], firmware_versions: ['9.20'] }] },
    },
    {
      vid: '8086',
      did: '1572',
      svid: '*',
      ssid: '*',
      class: 'nic',
      releases: {
        U2: [{ driver: 'nic', driver_versions: ['1.0-1vmw'], firmware_versions: [] }],
        'U3-special': [{ driver: 'nic', driver_versions: ['1.0-1vmw', '2.0-1OEM'], firmware_versions: [] }],
      },
    },
  ],
};
const host = (name: string, firmware = '9.10', ssid = '1f99'): Host => ({
  name,
  vendor: 'Dell',
  model: 'R750',
  family: 'G15',
  devices: [
    { id: 'vmnic0', vid: '8086', did: '1572', svid: '1028', ssid, class: 'nic', firmware_version: firmware },
    { id: 'mem0', vid: '8086', did: '0998', svid: '8086', ssid: '0000', class: 'memory', firmware_version: '1' },
  ],
});
const catalog = new Catalog(depot, hcl);
const sel = (over: Partial<Selection>): Selection => ({
  base: catalog.baseImage('8.0.3-1')!,
  addOn: null,
  pkg: null,
  solutions: [],
  solutionComponents: new Map(),
  user: new Map(),
  removed: [],
  ...over,
});
const codes = (errors: { code: string }[]) => errors.map((e) => e.code).sort();

describe('catalog', () => {
  it('the longest release prefix wins; exact PCI matches win over wildcards', () => {
    expect(catalog.releaseOf('8.0.3-1')!.name).toBe('U3-special');
    expect(catalog.releaseOf('8.0.3-2')!.name).toBe('U3');
    expect(catalog.releaseOf('7.0.3')).toBeUndefined();
    expect(catalog.hclDevice({ vid: '8086', did: '1572', svid: '1028', ssid: '1f99' })!.svid).toBe('1028');
    expect(catalog.hclDevice({ vid: '8086', did: '1572', svid: '1590', ssid: '0001' })!.svid).toBe('*');
    expect(catalog.hclDevice({ vid: '8086', did: '9999', svid: '1028', ssid: '1f99' })).toBeUndefined();
    expect(
      bestPciMatch(
        [
          { vid: 'a', did: 'b', svid: '*', ssid: '*' },
          { vid: 'a', did: 'b', svid: 'c', ssid: '*' },
        ],
        { vid: 'a', did: 'b', svid: 'c', ssid: 'd' },
      )!.svid,
    ).toBe('c');
  });

  it('hosts with the same hardware form one profile', () => {
    const profiles = hardwareProfiles([host('a'), host('b'), host('c', '9.20'), host('d')]);
    expect(profiles.map((p) => p.hosts.map((h) => h.name))).toEqual([['a', 'b', 'd'], ['c']]);
  });
});

describe('composition', () => {
  it('records source and what each component overrode', () => {
    const { components, errors } = compose(sel({ addOn: catalog.addOn('DEL', '1.0')!, user: new Map([['tool', '2.0']]) }));
    expect(errors).toEqual([]);
    expect(components.get('esx-base')).toEqual({ version: '8.0.3-1', source: 'BASE_IMAGE' });
    expect(components.get('nic')).toEqual({
      version: '2.0-1OEM',
      source: 'ADD_ON',
      overrode: { version: '1.0-1vmw', source: 'BASE_IMAGE' },
    });
    expect(components.get('tool')).toEqual({ version: '2.0', source: 'USER' });
  });

  it('an override to a lower version is a DOWNGRADE naming the overriding component', () => {
    const { errors } = compose(sel({ addOn: catalog.addOn('OLD', '1.0')! }));
    expect(errors.map((e) => [e.code, e.item])).toEqual([['DOWNGRADE', 'nic@0.9-1OEM']]);
  });

  it('removed components leave the image', () => {
    const { components } = compose(sel({ user: new Map([['tool', '1.0']]), removed: ['tool'] }));
    expect(components.has('tool')).toBe(false);
  });
});

describe('validation', () => {
  it('a valid image has no errors on any host', () => {
    const { errors } = validateSelection(catalog, sel({ addOn: catalog.addOn('DEL', '1.0')!, pkg: catalog.package('m', 'FW', '1')! }), [
      host('a'),
    ]);
    expect(errors).toEqual([]);
  });

  it('MISSING_DEPENDENCY: a versioned constraint is not met by an unversioned provide', () => {
    const { errors } = validateSelection(catalog, sel({ base: catalog.baseImage('8.0.2-1')!, user: new Map([['tool', '2.0']]) }), []);
    expect(errors.filter((e) => e.code === 'MISSING_DEPENDENCY').map((e) => e.item)).toEqual(['tool@2.0']);
  });

  it('CONFLICT with a provided name of another component', () => {
    const { errors } = validateSelection(
      catalog,
      sel({
        base: catalog.baseImage('8.0.2-1')!,
        user: new Map([
          ['tool', '1.0'],
          ['fw-agent', '1.0'],
        ]),
      }),
      [],
    );
    expect(errors.map((e) => [e.code, e.item])).toEqual([['CONFLICT', 'tool@1.0']]);
  });

  it('UNSUPPORTED_BASE_IMAGE and HARDWARE_NOT_COVERED name the add-on', () => {
    const other: Host = { ...host('h'), vendor: 'HPE' };
    const { errors } = validateSelection(catalog, sel({ base: catalog.baseImage('8.0.2-1')!, addOn: catalog.addOn('DEL', '1.0')! }), [
      other,
    ]);
    expect(errors.filter((e) => e.item === 'DEL@1.0').map((e) => [e.code, e.host])).toEqual([
      ['UNSUPPORTED_BASE_IMAGE', undefined],
      ['HARDWARE_NOT_COVERED', 'h'],
    ]);
    expect(codes(errors)).toContain('SERVER_NOT_CERTIFIED');
  });

  it('SERVER_NOT_CERTIFIED when the release is not listed for the server', () => {
    const { errors } = validateSelection(catalog, sel({}), [{ ...host('x'), model: 'R650' }]);
    expect(errors.find((e) => e.code === 'SERVER_NOT_CERTIFIED')).toMatchObject({ host: 'x' });
  });

  it('DEVICE_NOT_CERTIFIED uses the package firmware when the package lists the device', () => {
    const withDel = sel({ addOn: catalog.addOn('DEL', '1.0')! });
    // exact entry wants firmware 9.20; the host has 9.10
    expect(validateSelection(catalog, withDel, [host('a')]).errors.map((e) => [e.code, e.host, e.device])).toEqual([
      ['DEVICE_NOT_CERTIFIED', 'a', '8086:1572:1028:1f99'],
    ]);
    // the package brings 9.20 through its wildcard firmware entry
    expect(validateSelection(catalog, { ...withDel, pkg: catalog.package('m', 'FW', '1')! }, [host('a')]).errors).toEqual([]);
  });

  it('DEVICE_NOT_LISTED for a device class with rules but no entry; classes without rules are ignored', () => {
    const h = host('a');
    h.devices.push({ id: 'vmnic1', vid: '14e4', did: '16d7', svid: '14e4', ssid: '4140', class: 'nic', firmware_version: '1' });
    h.devices.push({ id: 'gpu0', vid: '10de', did: '1eb8', svid: '10de', ssid: '0001', class: 'gpu', firmware_version: '1' });
    const { errors } = validateSelection(catalog, sel({ addOn: catalog.addOn('DEL', '1.0')!, pkg: catalog.package('m', 'FW', '1')! }), [h]);
    expect(errors.map((e) => [e.code, e.device])).toEqual([['DEVICE_NOT_LISTED', '14e4:16d7:14e4:4140']]);
  });
});
