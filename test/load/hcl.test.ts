import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/load/errors.js';
import { parseHcl } from '../../src/load/hcl.js';

function failure(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

function hcl(): any {
  return {
    updated: '2026-11-01T00:00:00Z',
    releases: [
      { name: 'ESXi 8.0 U2', base_image_versions: ['8.0.2'] },
      { name: 'ESXi 8.0 U3', base_image_versions: ['8.0.3'] },
    ],
    servers: [{ vendor: 'Dell Inc.', model: 'PowerEdge R750', releases: ['ESXi 8.0 U2'] }],
    devices: [
      {
        vid: '8086',
        did: '1572',
        svid: '1028',
        ssid: '*',
        class: 'nic',
        releases: {
          'ESXi 8.0 U2': [{ driver: 'Intel-i40en', driver_versions: ['2.5.2.0-1OEM.800.1.0.20613240'], firmware_versions: ['9.10'] }],
          'ESXi 8.0 U3': [{ driver: 'Intel-i40en', driver_versions: ['2.6.0.0-1OEM.800.1.0.20613240'] }],
        },
      },
    ],
  };
}

const problems = (value: unknown) => failure(() => parseHcl(value, 'hcl.json')).render();

describe('parseHcl', () => {
  it('parses and defaults firmware_versions to []', () => {
    const h = parseHcl(hcl(), 'hcl.json');
    expect(h.updated).toBe('2026-11-01T00:00:00Z');
    expect(h.devices[0]!.releases['ESXi 8.0 U3']![0]!.firmware_versions).toEqual([]);
  });

  it('refuses a top level that is not an object', () => {
    expect(problems('hcl')).toBe('hcl.json: $: expected an object with releases, servers and devices, found a string ("hcl")');
  });

  it('reports dangling release names in servers and devices', () => {
    const h = hcl();
    h.servers[0].releases.push('ESXi 9.0');
    h.devices[0].releases['ESXi 7.0'] = [];
    expect(problems(h)).toBe(
      [
        `hcl.json: $.servers[0].releases[1]: release "ESXi 9.0" is not in the HCL's releases`,
        `hcl.json: $.devices[0].releases["ESXi 7.0"]: release "ESXi 7.0" is not in the HCL's releases`,
      ].join('\n'),
    );
  });

  it('reports duplicate releases, servers and devices', () => {
    const h = hcl();
    h.releases.push({ name: 'ESXi 8.0 U2', base_image_versions: ['8.0.2'] });
    h.servers.push({ ...h.servers[0] });
    h.devices.push({ ...h.devices[0] });
    expect(problems(h)).toBe(
      [
        'hcl.json: $.releases[2]: duplicate release "ESXi 8.0 U2" (first at $.releases[0])',
        'hcl.json: $.servers[1]: duplicate server Dell Inc. PowerEdge R750 (first at $.servers[0])',
        'hcl.json: $.devices[1]: duplicate device 8086:1572:1028:* (first at $.devices[0])',
      ].join('\n'),
    );
  });

  it('checks PCI ids, rows and versions', () => {
    const h = hcl();
    h.devices[0].vid = '808G';
    h.devices[0].did = 'ABCD';
    h.devices[0].svid = 'any';
    h.devices[0].releases['ESXi 8.0 U2'][0].driver_versions = ['2.5-'];
    h.devices[0].releases['ESXi 8.0 U3'] = { driver: 'x' };
    delete h.devices[0].class;
    expect(problems(h)).toBe(
      [
        'hcl.json: $.devices[0].vid: expected a PCI id of exactly 4 hex digits, found "808G"',
        'hcl.json: $.devices[0].did: PCI ids are lower-case hex: write "abcd", not "ABCD"',
        'hcl.json: $.devices[0].svid: expected a PCI id of exactly 4 hex digits or "*", found "any"',
        'hcl.json: $.devices[0].class: required field is missing (expected a string)',
        `hcl.json: $.devices[0].releases["ESXi 8.0 U2"][0].driver_versions[0]: "2.5-" is not a valid version: nothing follows the '-'`,
        'hcl.json: $.devices[0].releases["ESXi 8.0 U3"]: expected an array of rows, found an object',
      ].join('\n'),
    );
  });
});
