import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDepot, parseDepot } from '../../src/load/depot.js';
import { InputError, MAX_PROBLEMS } from '../../src/load/errors.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-depot-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function failure(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

const I40 = '2.5.2.0-1OEM.800.1.0.20613240';

function depot(): any {
  return {
    components: [
      { name: 'esx-base', version: '8.0.2-0.0.22380479', provides: [{ name: 'vmkapi_2_10_0_0' }] },
      { name: 'Intel-i40en', version: '2.4.0.0-1vmw.802.0.0.22380479', depends: [{ name: 'vmkapi_2_10_0_0' }] },
      {
        name: 'Intel-i40en',
        version: I40,
        depends: [{ name: 'esx-base', relation: '>=', version: '8.0.0' }],
        conflicts: [{ name: 'net-i40e' }],
        reboot_required: true,
      },
      { name: 'vsan', version: '8.0.2-0.0.1' },
    ],
    base_images: [
      { version: '8.0.2-0.0.22380479', components: { 'esx-base': '8.0.2-0.0.22380479', 'Intel-i40en': '2.4.0.0-1vmw.802.0.0.22380479' } },
    ],
    add_ons: [
      {
        name: 'DEL-ESXi',
        version: '802.0.0.11.4.0-14',
        hardware: { vendor: 'Dell Inc.', families: ['PowerEdge 15G'] },
        supported_base_image_versions: ['8.0.2'],
        components: { 'Intel-i40en': I40 },
      },
    ],
    hardware_support_packages: [
      {
        manager: 'com.dell.omivv',
        pkg: 'DEL-FW',
        version: '2023.09.00',
        hardware: { vendor: 'Dell Inc.' },
        components: {},
        firmware: [{ vid: '8086', did: '1572', svid: '*', ssid: '*', version: '9.20' }],
      },
    ],
    solutions: [{ name: 'com.vmware.vsan', version: '8.0.2', components: [{ name: 'vsan', relation: '>=', version: '8.0.2' }] }],
  };
}

/** Parses `value` and returns the rendered problems. */
function problems(value: unknown): string {
  return failure(() => parseDepot(value, 'depot.json')).render();
}

describe('parseDepot', () => {
  it('fills in defaults', () => {
    const d = parseDepot(depot(), 'depot.json');
    expect(d.components[0]).toEqual({
      name: 'esx-base',
      version: '8.0.2-0.0.22380479',
      depends: [],
      conflicts: [],
      provides: [{ name: 'vmkapi_2_10_0_0' }],
      reboot_required: false,
    });
    expect(d.add_ons[0]!.removed_components).toEqual([]);
    expect(d.hardware_support_packages[0]!.hardware).toEqual({ vendor: 'Dell Inc.', families: [] });
    expect(d.hardware_support_packages[0]!.supported_base_image_versions).toEqual([]);
    expect(d.solutions[0]!.supported_base_image_versions).toEqual([]);
  });

  it('lets add-ons, packages and solutions be missing but not components or base images', () => {
    const d = depot();
    delete d.add_ons;
    delete d.hardware_support_packages;
    delete d.solutions;
    expect(parseDepot(d, 'depot.json').add_ons).toEqual([]);
    delete d.components;
    delete d.base_images;
    expect(problems(d)).toBe(
      [
        'depot.json: $.components: required field is missing (expected an array)',
        'depot.json: $.base_images: required field is missing (expected an array)',
      ].join('\n'),
    );
  });

  it('refuses a top level that is not an object', () => {
    expect(problems([])).toBe(
      'depot.json: $: expected an object with components, base_images, add_ons, hardware_support_packages and solutions, found an array',
    );
  });

  it('reports wrong types saying what was expected and found', () => {
    const d = depot();
    d.components[1].name = 42;
    d.components[2].reboot_required = 'yes';
    d.components[3].name = '';
    d.base_images[0].components = ['esx-base'];
    d.add_ons[0].hardware = { families: 'PowerEdge 15G' };
    expect(problems(d)).toBe(
      [
        'depot.json: $.components[1].name: expected a string, found a number (42)',
        'depot.json: $.components[2].reboot_required: expected true or false, found a string ("yes")',
        'depot.json: $.components[3].name: expected a non-empty string, found an empty string',
        'depot.json: $.base_images[0].components: expected an object mapping names to versions, found an array',
        'depot.json: $.add_ons[0].hardware.vendor: required field is missing (expected a string)',
        'depot.json: $.add_ons[0].hardware.families: expected an array, found a string ("PowerEdge 15G")',
      ].join('\n'),
    );
  });

  it('reports missing required fields', () => {
    const d = depot();
    delete d.add_ons[0].components;
    delete d.hardware_support_packages[0].pkg;
    delete d.solutions[0].version;
    expect(problems(d)).toBe(
      [
        'depot.json: $.add_ons[0].components: required field is missing (expected an object mapping names to versions)',
        'depot.json: $.hardware_support_packages[0].pkg: required field is missing (expected a string)',
        'depot.json: $.solutions[0].version: required field is missing (expected a version string)',
      ].join('\n'),
    );
  });

  it('reports unparsable versions', () => {
    const d = depot();
    d.components[3].version = '8.0 U2';
    d.add_ons[0].supported_base_image_versions = ['8..0'];
    expect(problems(d)).toBe(
      [
        'depot.json: $.components[3].version: "8.0 U2" is not a valid version: it contains a space',
        'depot.json: $.add_ons[0].supported_base_image_versions[0]: "8..0" is not a valid version: it has an empty segment between dots',
      ].join('\n'),
    );
  });

  it('reports duplicate identities naming both positions, comparing versions canonically', () => {
    const d = depot();
    d.components.push({ name: 'Intel-i40en', version: I40 });
    d.components.push({ name: 'vsan', version: '8.0.02-0.00.1' });
    d.base_images.push({ ...d.base_images[0] });
    d.add_ons.push({ ...d.add_ons[0] });
    d.hardware_support_packages.push({ ...d.hardware_support_packages[0] });
    d.solutions.push({ ...d.solutions[0], version: '8.00.2' });
    expect(problems(d)).toBe(
      [
        `depot.json: $.components[4]: duplicate component Intel-i40en@${I40} (first at $.components[2])`,
        'depot.json: $.components[5]: duplicate component vsan@8.0.02-0.00.1 (first at $.components[3])',
        'depot.json: $.base_images[1]: duplicate base image 8.0.2-0.0.22380479 (first at $.base_images[0])',
        'depot.json: $.add_ons[1]: duplicate add-on DEL-ESXi@802.0.0.11.4.0-14 (first at $.add_ons[0])',
        'depot.json: $.hardware_support_packages[1]: duplicate hardware support package DEL-FW@2023.09.00 of manager com.dell.omivv (first at $.hardware_support_packages[0])',
        'depot.json: $.solutions[1]: duplicate solution com.vmware.vsan@8.00.2 (first at $.solutions[0])',
      ].join('\n'),
    );
  });

  it('reports dangling component references', () => {
    const d = depot();
    d.add_ons[0].components = { 'Intel-i40en': '2.5.2.0-1vmw.800.1.0.20613240', 'Dell-ISM': '5.2.0.0-3307' };
    d.hardware_support_packages[0].components = { 'Intel-i40en': '2.5.2.00-1OEM.800.1.0.20613240' }; // same version
    expect(problems(d)).toBe(
      [
        'depot.json: $.add_ons[0].components["Intel-i40en"]: version 2.5.2.0-1vmw.800.1.0.20613240 is not in the depot',
        'depot.json: $.add_ons[0].components["Dell-ISM"]: component Dell-ISM is not in the depot',
      ].join('\n'),
    );
  });

  it('checks constraint relations', () => {
    const d = depot();
    d.components[2].depends[0].relation = '=>';
    d.components[2].conflicts[0] = { name: 'net-i40e', relation: '<<' };
    d.components[1].depends[0].version = '2.0'; // a version without relation: allowed
    expect(problems(d)).toBe(
      [
        'depot.json: $.components[2].depends[0].relation: unknown relation "=>" (expected one of << <= = >= >>; did you mean >=?)',
        'depot.json: $.components[2].conflicts[0]: relation "<<" needs a version to compare with',
      ].join('\n'),
    );
  });

  it('checks firmware PCI ids', () => {
    const d = depot();
    d.hardware_support_packages[0].firmware = [
      { vid: '8086', did: '1572', svid: '*', ssid: '*', version: '9.20' },
      { vid: '80861', did: '*', svid: '1028', ssid: '1F99', version: '9.20' },
      { vid: 8086, did: '1572', svid: '1028', ssid: '1f99' },
      { vid: '8086', did: '1572', svid: '*', ssid: '*', version: '9.30' },
    ];
    expect(problems(d)).toBe(
      [
        'depot.json: $.hardware_support_packages[0].firmware[1].vid: expected a PCI id of exactly 4 hex digits, found "80861"',
        'depot.json: $.hardware_support_packages[0].firmware[1].did: "*" is not allowed here: this PCI id must be exact',
        'depot.json: $.hardware_support_packages[0].firmware[1].ssid: PCI ids are lower-case hex: write "1f99", not "1F99"',
        'depot.json: $.hardware_support_packages[0].firmware[2].vid: expected a PCI id string of 4 hex digits, found a number (8086)',
        'depot.json: $.hardware_support_packages[0].firmware[2].version: required field is missing (expected a version string)',
        'depot.json: $.hardware_support_packages[0].firmware[3]: duplicate firmware entry for device 8086:1572:*:* (first at $.hardware_support_packages[0].firmware[0])',
      ].join('\n'),
    );
  });

  it('reports many problems together and caps them', () => {
    const d = depot();
    for (let i = 0; i < MAX_PROBLEMS + 10; i++) d.components.push({ name: `c${i}`, version: `${i}..0` });
    const err = failure(() => parseDepot(d, 'depot.json'));
    expect(err.total).toBe(MAX_PROBLEMS + 10);
    expect(err.problems).toHaveLength(MAX_PROBLEMS);
    const lines = err.render().split('\n');
    expect(lines).toHaveLength(MAX_PROBLEMS + 1);
    expect(lines[0]).toBe('depot.json: $.components[4].version: "0..0" is not a valid version: it has an empty segment between dots');
    expect(lines.at(-1)).toBe('… and 10 more problems');
  });

  it('loads from a file, naming it in problems', () => {
    const file = path.join(dir, 'depot.json');
    const d = depot();
    d.base_images[0].components['esx-base'] = '8.0.3-0.0.1';
    fs.writeFileSync(file, JSON.stringify(d, null, 1));
    expect(failure(() => loadDepot(file)).render()).toBe(
      `${file}: $.base_images[0].components["esx-base"]: version 8.0.3-0.0.1 is not in the depot`,
    );
  });
});
