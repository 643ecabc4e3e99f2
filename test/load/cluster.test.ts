import { describe, expect, it } from 'vitest';
import { parseCluster, parseHost, parseSoftwareSpec } from '../../src/load/cluster.js';
import { InputError } from '../../src/load/errors.js';

function failure(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

function host(name: string): any {
  return {
    name,
    vendor: 'Dell Inc.',
    model: 'PowerEdge R750',
    family: 'PowerEdge 15G',
    devices: [{ id: 'vmnic0', vid: '8086', did: '1572', svid: '1028', ssid: '1f99', class: 'nic', firmware_version: '9.10' }],
    installed: { base_image: { version: '8.0.2-0.0.22380479' }, components: {} },
  };
}

function cluster(): any {
  return {
    name: 'cl-01',
    hosts: [host('esx-01'), host('esx-02')],
    desired: {
      base_image: { version: '8.0.2-0.0.22380479' },
      add_on: { name: 'DEL-ESXi', version: '802.0.0.11.4.0-14' },
      hardware_support: { packages: { 'com.dell.omivv': { pkg: 'DEL-FW', version: '2023.09.00' } } },
      solutions: { 'com.vmware.vsan': { version: '8.0.2' }, 'com.vmware.nsx': {} },
      components: { 'Mellanox-nmlx5': '4.23.0.66-1OEM.800.1.0.20143090', 'BCM-perccli': null },
      removed_components: [],
    },
  };
}

const problems = (value: unknown) => failure(() => parseCluster(value, 'cluster.json')).render();

describe('parseCluster', () => {
  it('parses the SPEC example shape', () => {
    const c = parseCluster(cluster(), 'cluster.json');
    expect(c.hosts.map((h) => h.name)).toEqual(['esx-01', 'esx-02']);
    expect(c.desired).toEqual(cluster().desired);
  });

  it('accepts a minimal desired spec and an output image fed back (nulls for absent layers)', () => {
    const c = cluster();
    c.desired = { base_image: { version: '8.0.2-0.0.22380479' }, add_on: null, hardware_support: null, solutions: {}, components: {} };
    expect(parseCluster(c, 'cluster.json').desired).toEqual({
      base_image: { version: '8.0.2-0.0.22380479' },
      solutions: {},
      components: {},
    });
    c.hosts[0].devices = undefined;
    delete c.hosts[0].installed;
    expect(parseCluster(c, 'cluster.json').hosts[0]).toEqual({
      name: 'esx-01',
      vendor: 'Dell Inc.',
      model: 'PowerEdge R750',
      family: 'PowerEdge 15G',
      devices: [],
    });
  });

  it('does not check desired references against the depot', () => {
    const c = cluster();
    c.desired.add_on = { name: 'NO-SUCH-ADDON', version: '1.0' };
    expect(parseCluster(c, 'cluster.json').desired.add_on).toEqual({ name: 'NO-SUCH-ADDON', version: '1.0' });
  });

  it('refuses a top level that is not an object', () => {
    expect(problems(null)).toBe('cluster.json: $: expected an object with name, hosts and desired, found null');
  });

  it('reports duplicate hosts and device ids, and wildcard host PCI ids', () => {
    const c = cluster();
    c.hosts.push(host('esx-01'));
    c.hosts[1].devices.push({ ...c.hosts[1].devices[0], ssid: '*' });
    expect(problems(c)).toBe(
      [
        'cluster.json: $.hosts[1].devices[1].ssid: "*" is not allowed here: this PCI id must be exact',
        'cluster.json: $.hosts[2]: duplicate host esx-01 (first at $.hosts[0])',
      ].join('\n'),
    );
    c.hosts.pop();
    c.hosts[1].devices[1].ssid = '1f98';
    expect(problems(c)).toBe('cluster.json: $.hosts[1].devices[1]: duplicate device id vmnic0 (first at $.hosts[1].devices[0])');
  });

  it('reports wrong types in hosts and the desired spec', () => {
    const c = cluster();
    c.hosts[0].devices[0].firmware_version = 9.1;
    c.hosts[0].installed = { components: { x: '1.0' } };
    c.desired.components['BCM-perccli'] = 3;
    c.desired.solutions['com.vmware.vsan'] = '8.0.2';
    c.desired.removed_components = 'VMware-ilo';
    expect(problems(c)).toBe(
      [
        'cluster.json: $.hosts[0].devices[0].firmware_version: expected a version string, found a number (9.1)',
        'cluster.json: $.hosts[0].installed.base_image: required field is missing (expected an object)',
        'cluster.json: $.desired.solutions["com.vmware.vsan"]: expected a solution object ({"version"?}), found a string ("8.0.2")',
        'cluster.json: $.desired.components["BCM-perccli"]: expected a version string, found a number (3)',
        'cluster.json: $.desired.removed_components: expected an array, found a string ("VMware-ilo")',
      ].join('\n'),
    );
  });

  it('allows at most one hardware support package', () => {
    const c = cluster();
    c.desired.hardware_support.packages['com.hpe.oneview'] = { pkg: 'HPE-SPP', version: '2024.03.00' };
    expect(problems(c)).toBe(
      'cluster.json: $.desired.hardware_support.packages: at most one hardware support package can be chosen, found 2',
    );
  });
});

describe('parseSoftwareSpec and parseHost', () => {
  it('name the given file and path', () => {
    expect(failure(() => parseSoftwareSpec({ base_image: { version: '' } }, 'body', '$.spec')).render()).toBe(
      'body: $.spec.base_image.version: expected a version string, found an empty string',
    );
    expect(failure(() => parseHost({ name: 'h' }, 'body')).render()).toContain('body: $.vendor: required field is missing');
    expect(parseSoftwareSpec({}, 'body')).toEqual({});
  });
});
