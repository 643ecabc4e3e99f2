import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

import { InputError } from '../../src/load/errors.js';
import { ERROR_CODES } from '../../src/model/types.js';
import type { Cluster, Depot, Hcl, Image, ImageError, Recommendations, SoftwareSpec, ValidationReport } from '../../src/model/types.js';
import {
  decodeCluster,
  decodeDepot,
  decodeEnumeration,
  decodeHcl,
  decodeImage,
  decodeMessage,
  decodeRecommendations,
  decodeSoftwareSpec,
  decodeValidationReport,
  encodeCluster,
  encodeDepot,
  encodeEnumeration,
  encodeHcl,
  encodeImage,
  encodeMessage,
  encodeRecommendations,
  encodeSoftwareSpec,
  encodeValidationReport,
} from '../../src/wire/codec.js';

// ---------------------------------------------------------------------------------------------
// Normalise example JSON the way the loader does: missing arrays → [], missing maps → {},
// missing reboot_required → false. Optional scalars/messages stay absent.
// ---------------------------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

const arr = (v: J): J[] => (Array.isArray(v) ? v : []);
const obj = (v: J): Record<string, J> => (v && typeof v === 'object' ? v : {});

function normScope(h: J): J {
  return h === undefined ? undefined : { ...h, families: arr(h.families) };
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function normaliseDepot(d: J): Depot {
  return {
    components: arr(d.components).map((c: J) => ({
      ...c,
      depends: arr(c.depends),
      conflicts: arr(c.conflicts),
      provides: arr(c.provides),
      reboot_required: c.reboot_required ?? false,
    })),
    base_images: arr(d.base_images).map((b: J) => ({ ...b, components: obj(b.components) })),
    add_ons: arr(d.add_ons).map((a: J) =>
      withoutUndefined({
        ...a,
        hardware: normScope(a.hardware),
        supported_base_image_versions: arr(a.supported_base_image_versions),
        components: obj(a.components),
        removed_components: arr(a.removed_components),
      }),
    ),
    hardware_support_packages: arr(d.hardware_support_packages).map((p: J) =>
      withoutUndefined({
        ...p,
        hardware: normScope(p.hardware),
        supported_base_image_versions: arr(p.supported_base_image_versions),
        components: obj(p.components),
        removed_components: arr(p.removed_components),
        firmware: arr(p.firmware),
      }),
    ),
    solutions: arr(d.solutions).map((s: J) => ({
      ...s,
      supported_base_image_versions: arr(s.supported_base_image_versions),
      components: arr(s.components),
    })),
  };
}

function normaliseHcl(h: J): Hcl {
  return withoutUndefined({
    updated: h.updated,
    releases: arr(h.releases).map((r: J) => ({ ...r, base_image_versions: arr(r.base_image_versions) })),
    servers: arr(h.servers).map((s: J) => ({ ...s, releases: arr(s.releases) })),
    devices: arr(h.devices).map((d: J) => ({
      ...d,
      releases: Object.fromEntries(
        Object.entries(obj(d.releases)).map(([name, rows]) => [
          name,
          arr(rows).map((r: J) => ({
            ...r,
            driver_versions: arr(r.driver_versions),
            firmware_versions: arr(r.firmware_versions),
          })),
        ]),
      ),
    })),
  });
}

function normaliseCluster(c: J): Cluster {
  return {
    ...c,
    hosts: arr(c.hosts).map((h: J) =>
      withoutUndefined({
        ...h,
        devices: arr(h.devices),
        installed: h.installed === undefined ? undefined : { ...h.installed, components: obj(h.installed.components) },
      }),
    ),
    desired: obj(c.desired) as SoftwareSpec,
  };
}

// ---------------------------------------------------------------------------------------------
// Example worlds
// ---------------------------------------------------------------------------------------------

const examplesDir = new URL('../fixtures/worlds/', import.meta.url);
const worlds = readdirSync(examplesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(new URL(`${e.name}/depot.json`, examplesDir)))
  .map((e) => e.name)
  .sort();

const readJson = (world: string, file: string): J => JSON.parse(readFileSync(new URL(`${world}/${file}`, examplesDir), 'utf8'));

test('there are example worlds', () => {
  expect(worlds.length).toBeGreaterThan(0);
});

describe.each(worlds)('example %s: JSON ⇄ protobuf round trip', (world) => {
  test('depot', () => {
    const depot = normaliseDepot(readJson(world, 'depot.json'));
    const bytes = encodeDepot(depot);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(decodeDepot(bytes)).toStrictEqual(depot);
  });

  test('hcl', () => {
    const hcl = normaliseHcl(readJson(world, 'hcl.json'));
    expect(decodeHcl(encodeHcl(hcl))).toStrictEqual(hcl);
  });

  test('cluster', () => {
    const cluster = normaliseCluster(readJson(world, 'cluster.json'));
    expect(decodeCluster(encodeCluster(cluster))).toStrictEqual(cluster);
  });

  test('desired spec', () => {
    const spec = normaliseCluster(readJson(world, 'cluster.json')).desired;
    expect(decodeSoftwareSpec(encodeSoftwareSpec(spec))).toStrictEqual(spec);
  });

  test('expected images', () => {
    const expected = readJson(world, 'expected.json');
    // a mixed-hardware world has no image for the whole cluster: its groups' images stand in
    const groups = existsSync(new URL(`${world}/expected-groups.json`, examplesDir))
      ? arr(readJson(world, 'expected-groups.json').groups)
      : [];
    const images: (Image | null)[] = [
      expected.latest,
      expected.current_series,
      expected.same_base,
      ...arr(expected.combos),
      ...groups.flatMap((g: J) => [g.latest, g.current_series, g.same_base]),
    ];
    let n = 0;
    for (const img of images) {
      if (img === null || img === undefined) continue;
      expect(decodeImage(encodeImage(img))).toStrictEqual(img);
      n++;
    }
    expect(n).toBeGreaterThan(0);
    // the same images as recommendations and an enumeration
    const recs: Recommendations = {
      latest: expected.latest,
      current_series: expected.current_series,
      same_base: expected.same_base,
      excluded_base_images: [],
    };
    expect(decodeRecommendations(encodeRecommendations(recs))).toStrictEqual(recs);
    const en = { count: expected.count ?? arr(expected.combos).length, combinations: arr(expected.combos) };
    expect(decodeEnumeration(encodeEnumeration(en))).toStrictEqual(en);
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-built outputs: every optional field present and absent
// ---------------------------------------------------------------------------------------------

const fullImage: Image = {
  base_image: { version: '8.0.2-0.30.23305546' },
  add_on: { name: 'DEL-ESXi', version: '802.0.0.11.4.0-14' },
  hardware_support: { packages: { 'com.dell.omivv': { pkg: 'DEL-FW', version: '2023.09.00' } } },
  solutions: {
    'com.vmware.vsan': { version: '8.0.2', components: [{ name: 'vsan', version: '8.0.2-0.5.21005824' }] },
    'com.vmware.empty': { version: '1.0', components: [] },
  },
  components: { 'BCM-perccli': '7.2313.0.0-1OEM', 'Mellanox-nmlx5': '4.23.0.66-1OEM.800.1.0.20143090' },
};

const bareImage: Image = {
  base_image: { version: '7.0.3-0.50.20036589' },
  add_on: null,
  hardware_support: null,
  solutions: {},
  components: {},
};

const fullError: ImageError = {
  code: 'DEVICE_NOT_CERTIFIED',
  host: 'esx-01',
  device: '8086:1572:1028:1f99',
  item: 'Intel-i40en@2.5.2.0-1OEM.800.1.0.20613240',
  message: 'no certified driver/firmware for this device on ESXi 8.0 U2',
};

const bareError: ImageError = { code: 'UNSUPPORTED_BASE_IMAGE', message: 'add-on does not support 8.0.3' };

describe('hand-built outputs', () => {
  test('image with everything set and with nothing optional', () => {
    expect(decodeImage(encodeImage(fullImage))).toStrictEqual(fullImage);
    expect(decodeImage(encodeImage(bareImage))).toStrictEqual(bareImage);
  });

  test('recommendations with every optional field present', () => {
    const recs: Recommendations = {
      latest: fullImage,
      current_series: bareImage,
      same_base: fullImage,
      excluded_base_images: [
        { version: '8.0.3-0.70.24674464', reasons: [fullError, bareError] },
        { version: '8.0.3-0.0.24022510', reasons: [] },
      ],
    };
    expect(decodeRecommendations(encodeRecommendations(recs))).toStrictEqual(recs);
  });

  test('recommendations with every optional field absent', () => {
    const recs: Recommendations = { latest: null, current_series: null, same_base: null, excluded_base_images: [] };
    const decoded = decodeRecommendations(encodeRecommendations(recs));
    expect(decoded).toStrictEqual(recs);
    expect(decoded.latest).toBeNull();
  });

  test('each error code and each optional error field on its own', () => {
    const codes = ERROR_CODES;
    const reasons: ImageError[] = codes.map((code, i) => ({
      code,
      ...(i % 3 === 0 ? { host: `esx-0${i}` } : {}),
      ...(i % 3 === 1 ? { device: '15b3:1017:15b3:0020' } : {}),
      ...(i % 3 === 2 ? { item: `c${i}@1.0` } : {}),
      message: `m${i}`,
    }));
    const recs: Recommendations = {
      latest: null,
      current_series: null,
      same_base: null,
      excluded_base_images: [{ version: '9.0.0', reasons }],
    };
    const decoded = decodeRecommendations(encodeRecommendations(recs));
    expect(decoded).toStrictEqual(recs);
    expect('host' in decoded.excluded_base_images[0]!.reasons[1]!).toBe(false);
  });

  test('validation report with every optional field present', () => {
    const report: ValidationReport = {
      valid: false,
      effective_components: {
        'esx-base': { version: '8.0.2-0.0.22380479', source: 'BASE_IMAGE' },
        'Dell-ISM': { version: '5.2.0.0-3307', source: 'ADD_ON' },
        'Intel-i40en': { version: '2.5.2.0-1OEM.800.1.0.20613240', source: 'HARDWARE_SUPPORT_PACKAGE' },
        vsan: { version: '8.0.2-0.5.21005824', source: 'SOLUTION' },
        'BCM-perccli': { version: '7.2313.0.0-1OEM', source: 'USER' },
      },
      errors: [fullError, bareError],
    };
    expect(decodeValidationReport(encodeValidationReport(report))).toStrictEqual(report);
  });

  test('validation report with every optional field absent', () => {
    const report: ValidationReport = { valid: true, effective_components: {}, errors: [] };
    expect(decodeValidationReport(encodeValidationReport(report))).toStrictEqual(report);
  });

  test('effective component `overrode` survives when given', () => {
    const report = {
      valid: true,
      effective_components: {
        'Intel-i40en': {
          version: '2.5.2.0-1OEM.800.1.0.20613240',
          source: 'ADD_ON' as const,
          overrode: { version: '2.4.0.0-1vmw.802.0.0.22380479', source: 'BASE_IMAGE' as const },
        },
      },
      errors: [],
    };
    expect(decodeValidationReport(encodeValidationReport(report))).toStrictEqual(report);
  });

  test('enumeration with a count beyond 32 bits is a plain number', () => {
    const en = { count: 2 ** 40 + 7, combinations: [fullImage, bareImage] };
    const decoded = decodeEnumeration(encodeEnumeration(en));
    expect(decoded).toStrictEqual(en);
    expect(typeof decoded.count).toBe('number');
  });
});

// ---------------------------------------------------------------------------------------------
// Inputs: optional parts present and absent
// ---------------------------------------------------------------------------------------------

describe('inputs', () => {
  test('software spec: null component versions, unset solution versions, empty and absent parts', () => {
    const full: SoftwareSpec = {
      base_image: { version: '8.0.2-0.0.22380479' },
      add_on: { name: 'DEL-ESXi', version: '802.0.0.11.4.0-14' },
      hardware_support: { packages: { 'com.dell.omivv': { pkg: 'DEL-FW', version: '2023.09.00' } } },
      solutions: { 'com.vmware.vsan': { version: '8.0.2' }, 'com.vmware.any': {} },
      components: { 'Mellanox-nmlx5': '4.23.0.66-1OEM.800.1.0.20143090', 'BCM-perccli': null },
      removed_components: ['VMware-ilo'],
    };
    expect(decodeSoftwareSpec(encodeSoftwareSpec(full))).toStrictEqual(full);
    const empties: SoftwareSpec = { solutions: {}, components: {}, removed_components: [] };
    expect(decodeSoftwareSpec(encodeSoftwareSpec(empties))).toStrictEqual(empties);
    expect(decodeSoftwareSpec(encodeSoftwareSpec({}))).toStrictEqual({});
  });

  test('software spec: a null solution version reads back as unset (same meaning)', () => {
    const spec: SoftwareSpec = { solutions: { 'com.vmware.vsan': { version: null } } };
    expect(decodeSoftwareSpec(encodeSoftwareSpec(spec))).toStrictEqual({ solutions: { 'com.vmware.vsan': {} } });
  });

  test('depot and hcl with optional fields present and absent', () => {
    const depot: Depot = {
      components: [
        {
          name: 'Intel-i40en',
          version: '2.5.2.0-1OEM.800.1.0.20613240',
          display_name: 'Intel i40en',
          display_version: '2.5.2.0',
          vendor: 'Intel',
          release_date: '2023-06-01',
          depends: [{ name: 'esx-base', relation: '>=', version: '8.0.0' }, { name: 'vmkapi_2_10_0_0' }],
          conflicts: [{ name: 'net-i40e' }],
          provides: [{ name: 'vmkapi_2_10_0_0' }, { name: 'i40e-api', version: '2.0' }],
          reboot_required: true,
        },
        { name: 'x', version: '1', depends: [], conflicts: [], provides: [], reboot_required: false },
      ],
      base_images: [{ version: '8.0.2', components: {} }],
      add_ons: [
        {
          name: 'A',
          version: '1',
          hardware: { vendor: 'Dell Inc.', families: [] },
          supported_base_image_versions: [],
          components: {},
          removed_components: [],
        },
      ],
      hardware_support_packages: [
        {
          manager: 'm',
          pkg: 'p',
          version: '1',
          supported_base_image_versions: [],
          components: {},
          removed_components: [],
          firmware: [{ vid: '8086', did: '1572', svid: '*', ssid: '*', version: '9.20' }],
        },
      ],
      solutions: [{ name: 's', version: '1', supported_base_image_versions: [], components: [] }],
    };
    expect(decodeDepot(encodeDepot(depot))).toStrictEqual(depot);

    const hcl: Hcl = {
      releases: [],
      servers: [],
      devices: [
        { vid: '8086', did: '1572', svid: '*', ssid: '*', class: 'nic', releases: {} },
        {
          vid: '8086',
          did: '1572',
          svid: '1028',
          ssid: '1f99',
          class: 'nic',
          vendor: 'Intel',
          model: 'X710',
          releases: { 'ESXi 8.0 U2': [], 'ESXi 8.0 U3': [{ driver: 'd', driver_versions: ['1'], firmware_versions: [] }] },
        },
      ],
    };
    expect(decodeHcl(encodeHcl(hcl))).toStrictEqual(hcl);
    expect(decodeHcl(encodeHcl({ ...hcl, updated: '2026-11-01T00:00:00Z' })).updated).toBe('2026-11-01T00:00:00Z');
  });

  test('cluster host without an installed image', () => {
    const cluster: Cluster = {
      name: 'c',
      hosts: [{ name: 'h', vendor: 'v', model: 'm', family: 'f', devices: [] }],
      desired: {},
    };
    const decoded = decodeCluster(encodeCluster(cluster));
    expect(decoded).toStrictEqual(cluster);
    expect('installed' in decoded.hosts[0]!).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Bad bytes
// ---------------------------------------------------------------------------------------------

function expectInputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const err = e as InputError;
    expect(err.problems.length).toBeGreaterThan(0);
    for (const p of err.problems) {
      expect(p.file).toBe('body');
      expect(p.message).not.toMatch(/\n|\bat .*\.js:\d+/);
    }
    return err;
  }
  throw new Error('expected an InputError');
}

describe('bad bytes', () => {
  const garbage = [
    new Uint8Array([0xff, 0xff, 0xff]), // invalid tag / truncated varint
    new Uint8Array([0x0a, 0x05, 0x01]), // length-delimited field longer than the buffer
    new Uint8Array([0x0f]), // wire type 7
  ];

  test.each([
    ['depot', decodeDepot],
    ['hcl', decodeHcl],
    ['cluster', decodeCluster],
    ['spec', decodeSoftwareSpec],
    ['image', decodeImage],
    ['recommendations', decodeRecommendations],
    ['enumeration', decodeEnumeration],
    ['validation report', decodeValidationReport],
  ] as const)('%s: malformed bytes throw InputError', (_name, decode) => {
    for (const bytes of garbage) expectInputError(() => decode(bytes));
  });

  test('truncated valid message throws InputError', () => {
    const bytes = encodeImage(fullImage);
    expectInputError(() => decodeImage(bytes.subarray(0, bytes.length - 3)));
  });

  test('well-formed bytes with values the domain does not allow throw InputError', () => {
    // unknown error code (0 = unspecified)
    const err = expectInputError(() =>
      decodeRecommendations(
        encodeMessage('Recommendations', { excluded_base_images: [{ version: '9', reasons: [{ code: 0, message: 'x' }] }] }),
      ),
    );
    expect(err.problems[0]!.path).toBe('$.excluded_base_images[0].reasons[0].code');
    // unknown relation
    expectInputError(() =>
      decodeDepot(encodeMessage('Depot', { components: [{ name: 'a', version: '1', depends: [{ name: 'b', relation: '~=' }] }] })),
    );
    // unknown component source
    expectInputError(() =>
      decodeValidationReport(encodeMessage('ValidationReport', { effective_components: { a: { version: '1', source: 42 } } })),
    );
    // image without base image
    expectInputError(() => decodeImage(encodeMessage('Image', {})));
  });

  test('generic decode gives plain objects', () => {
    const w = decodeMessage('Problem', encodeMessage('Problem', { file: 'depot.json', path: '$.x', message: 'bad' }));
    expect(w).toStrictEqual({ file: 'depot.json', path: '$.x', message: 'bad' });
    expect(Object.getPrototypeOf(w)).toBe(Object.prototype);
  });
});
