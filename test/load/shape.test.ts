// The checked output of a document: known fields only, in schema order, defaults filled in; a
// value that is already that comes back as it is (no copy), and a copy starts where one differs.
import { describe, expect, it } from 'vitest';
import { parseDepot } from '../../src/load/depot.js';
import { parseHcl } from '../../src/load/hcl.js';

const row = () => ({ driver: 'nvme', driver_versions: ['1.0'], firmware_versions: ['2.0'] });
const device = <R>(releases: Record<string, R>) => ({
  vid: '8086',
  did: '1572',
  svid: '*',
  ssid: '*',
  class: 'nic',
  vendor: 'Intel',
  model: 'X710',
  releases,
});

describe('checked documents', () => {
  it('a value already in its checked form is kept as it is', () => {
    const input = { releases: [{ name: 'R', base_image_versions: ['8.0'] }], servers: [], devices: [device({ R: [row()] })] };
    const hcl = parseHcl(input, 'hcl.json');
    expect(hcl.devices).toBe(input.devices);
    expect(hcl.devices[0]).toBe(input.devices[0]);
    expect(hcl).toEqual(input);
  });

  it('drops unknown fields, orders fields as the schema does and fills in defaults', () => {
    const input = {
      devices: [
        device({
          R: [
            { firmware_versions: ['2.0'], driver: 'nvme', extra: 1, driver_versions: ['1.0'] },
            { driver: 'x', driver_versions: ['1'] },
          ],
        }),
      ],
      servers: [],
      releases: [{ name: 'R', base_image_versions: ['8.0'] }],
    };
    const copy = structuredClone(input);
    const hcl = parseHcl(input, 'hcl.json');
    expect(input).toEqual(copy); // the input is never changed
    const rows = hcl.devices[0]!.releases.R!;
    expect(Object.keys(rows[0]!)).toEqual(['driver', 'driver_versions', 'firmware_versions']);
    expect(rows[1]).toEqual({ driver: 'x', driver_versions: ['1'], firmware_versions: [] });
    expect(Object.keys(hcl)).toEqual(['releases', 'servers', 'devices']);
    // the parts that were fine are shared, not copied
    expect(rows[0]!.driver_versions).toBe(input.devices[0]!.releases.R[0]!.driver_versions);
  });

  it('a null optional field reads as absent (a copy without it)', () => {
    const component = { name: 'a', version: '1.0', display_name: null, depends: [], conflicts: [], provides: [], reboot_required: false };
    const depot = parseDepot({ components: [component], base_images: [] }, 'depot.json');
    expect(depot.components[0]).toEqual({ name: 'a', version: '1.0', depends: [], conflicts: [], provides: [], reboot_required: false });
    expect('display_name' in depot.components[0]!).toBe(false);
    expect(depot.components[0]!.depends).toBe(component.depends);
  });
});
