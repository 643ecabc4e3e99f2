// An HCL index built from an earlier one answers as one built from scratch, and shares what it can.
import { describe, expect, it } from 'vitest';
import { Catalog, HclIndex } from '../../src/catalog/catalog.js';
import type { Depot, Hcl, HclDevice, Host } from '../../src/model/types.js';

const depot: Depot = {
  components: [],
  base_images: [
    { version: '8.0.2-0.0.1', components: {} } as Depot['base_images'][number],
    { version: '8.0.3-0.0.1', components: {} } as Depot['base_images'][number],
  ],
  add_ons: [],
  hardware_support_packages: [],
  solutions: [],
};

const row = (v: string) => [{ driver: 'nic', driver_versions: [v], firmware_versions: [] }];
const exact: HclDevice = { vid: '8086', did: '1572', svid: '1028', ssid: '1f99', class: 'nic', releases: { U2: row('1.0') } };
const wildcard: HclDevice = { vid: '8086', did: '1572', svid: '*', ssid: '*', class: 'nic', releases: { U2: row('0.9') } };
const hba: HclDevice = { vid: '1000', did: '0097', svid: '*', ssid: '*', class: 'hba', releases: { U3: row('2.0') } };
const hcl: Hcl = {
  releases: [
    { name: 'U2', base_image_versions: ['8.0.2'] },
    { name: 'U3', base_image_versions: ['8.0.3'] },
  ],
  servers: [{ vendor: 'Dell', model: 'R750', releases: ['U2'] }],
  devices: [exact, wildcard, hba],
};
const host = { name: 'h1', vendor: 'Dell', model: 'R750', family: 'x', devices: [] } as unknown as Host;
const card = { vid: '8086', did: '1572', svid: '1028', ssid: '1f99' };
const other = { vid: '8086', did: '1572', svid: '1028', ssid: '0001' };

/** Everything an index answers for this test's HCL, hosts and base images. */
function answers(c: Catalog) {
  return {
    releases: depot.base_images.map((b) => c.releaseOf(b.version)?.name),
    certified: depot.base_images.map((b) => c.serverCertified(host, b.version)),
    devices: [card, other, { vid: '1000', did: '0097', svid: '1', ssid: '2' }].map((d) => c.hclDevice(d)),
    classes: [...c.classesWithRules].sort(),
  };
}

describe('HclIndex from an earlier index', () => {
  const base = new Catalog(depot, hcl);

  it('is this catalog when the HCL is the same', () => {
    expect(base.withHcl(hcl)).toBe(base);
    expect(base.withHcl(base.hclIndex)).toBe(base);
  });

  it('patches a device entry replaced in place', () => {
    const now = { ...exact, releases: { U2: row('1.1') } };
    const changed = { ...hcl, devices: [now, wildcard, hba] };
    const derived = base.withHcl(changed);
    expect(derived.depotIndex).toBe(base.depotIndex);
    expect(derived.hclDevice(card)).toBe(now);
    expect(derived.hclDevice(other)).toBe(wildcard);
    expect(base.hclDevice(card)).toBe(exact); // the earlier index is left as it was
    expect(answers(derived)).toEqual(answers(new Catalog(depot, changed)));
  });

  it('patches a patched index: the same entry again, and another', () => {
    const once = { ...hcl, devices: [{ ...exact, releases: { U2: row('1.1') } }, wildcard, hba] };
    const first = base.withHcl(once);
    const now = { ...exact, releases: { U2: row('1.2') } };
    const nowHba = { ...hba, releases: { U3: row('2.1') } };
    const twice = { ...hcl, devices: [now, wildcard, nowHba] };
    const second = first.withHcl(twice);
    expect(second.hclDevice(card)).toBe(now);
    expect(second.hclDevice({ vid: '1000', did: '0097', svid: '1', ssid: '2' })).toBe(nowHba);
    expect(answers(second)).toEqual(answers(new Catalog(depot, twice)));
    expect(answers(first)).toEqual(answers(new Catalog(depot, once))); // left as it was
    expect(answers(base)).toEqual(answers(new Catalog(depot, hcl)));
  });

  it('indexes again when an entry changes its id or class, or entries come or go', () => {
    for (const devices of [
      [exact, wildcard, { ...hba, class: 'gpu' }],
      [exact, { ...wildcard, ssid: '0001' }, hba],
      [exact, wildcard],
      [exact, wildcard, hba, { ...hba, did: '0098' }],
    ]) {
      const changed = { ...hcl, devices };
      expect(answers(base.withHcl(changed))).toEqual(answers(new Catalog(depot, changed)));
    }
  });

  it('answers for new servers and releases', () => {
    expect(answers(base).releases).toEqual(['U2', 'U3']); // fills the release cache a shared one would keep
    const changed: Hcl = {
      ...hcl,
      releases: [{ name: 'U3', base_image_versions: ['8.0'] }],
      servers: [{ vendor: 'Dell', model: 'R750', releases: ['U3'] }],
    };
    const derived = new Catalog(base.depotIndex, new HclIndex(changed, base.hclIndex));
    expect(answers(derived)).toEqual(answers(new Catalog(depot, changed)));
    expect(answers(derived).certified).toEqual([true, true]);
  });
});
