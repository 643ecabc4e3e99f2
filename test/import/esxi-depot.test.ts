// The ESXi depot importer: reading VIBs and bulletins, lifting VIB relations to components,
// merging bundles, and every bad-input rule (unsafe names, bombs, entities, bad XML).
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importEsxiDepot, formatImportProblem } from '../../src/import/esxi/depot.js';
import { ImportProblems } from '../../src/import/esxi/problems.js';
import { readVib } from '../../src/import/esxi/vib.js';
import { readBulletin } from '../../src/import/esxi/bulletin.js';
import { liftComponent, vibMeets } from '../../src/import/esxi/lift.js';
import { parseXml } from '../../src/import/esxi/xml.js';
import { unsafeMemberName } from '../../src/import/esxi/zip.js';
import {
  addonBundle,
  addonComponents,
  addonUnit,
  baseBundle,
  baseComponents,
  baseImageUnit,
  bulletinXml,
  bundleBytes,
  metadataEntries,
  vibXml,
  zipBytes,
  type VibSpec,
} from './esxi-fixtures.js';

const realDir = fileURLToPath(new URL('../fixtures/real/esxi/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'strata-esxi-'));
let n = 0;
function file(bytes: Buffer | string, name = `f${++n}.zip`): string {
  const p = join(tmp, name);
  writeFileSync(p, bytes);
  return p;
}

function vibFrom(spec: VibSpec) {
  const problems = new ImportProblems();
  const doc = parseXml(vibXml(spec));
  if (!doc.ok) throw new Error(doc.message);
  return { vib: readVib(doc.root, 'vibs/x.xml', problems), problems };
}

const lines = (r: { problems: Parameters<typeof formatImportProblem>[0][] }) => r.problems.map(formatImportProblem);

describe('VIB descriptors and bulletins', () => {
  it('reads a real descriptor (comments before the root, no <type>, empty relationships)', () => {
    const doc = parseXml(readFileSync(join(realDir, 'esx-vmdkops-service.descriptor.xml'), 'utf8'));
    expect(doc.ok).toBe(true);
    if (!doc.ok) return;
    const problems = new ImportProblems();
    const vib = readVib(doc.root, 'descriptor.xml', problems)!;
    expect(problems.list).toEqual([]);
    expect(vib.id).toBe('VMWare_bootbank_esx-vmdkops-service_1.0.0-0.0.1');
    expect(vib).toMatchObject({
      depends: [],
      conflicts: [],
      provides: [],
      live_install_allowed: true,
      maintenance_mode: false,
      acceptance_level: 'partner',
    });
  });

  it('decodes XML-escaped relations and reads provides, replaces and PCI tags', () => {
    const { vib } = vibFrom({
      name: 'nmlx5-core',
      version: '4.23.0.66-1OEM.800.1.0.20143090',
      vendor: 'MEL',
      depends: ['vmkapi_2_10_0_0', 'esx-version >= 8.0.0', 'nmlx5-rdma << 4.23.0.66'],
      replaces: ['nmlx5-core << 4.22'],
      provides: ['nmlx5-core-esxio 4.23.0.66-1OEM.800.1.0.20143090'],
      tags: ['driver', 'PCIID 15b31017', 'PCIID 15b3101d15b30008'],
      live: false,
    });
    expect(vib!.depends).toEqual([
      { name: 'vmkapi_2_10_0_0' },
      { name: 'esx-version', relation: '>=', version: '8.0.0' },
      { name: 'nmlx5-rdma', relation: '<<', version: '4.23.0.66' },
    ]);
    expect(vib!.replaces).toEqual([{ name: 'nmlx5-core', relation: '<<', version: '4.22' }]);
    expect(vib!.pci_ids).toEqual([
      { vid: '15b3', did: '1017', svid: '*', ssid: '*' },
      { vid: '15b3', did: '101d', svid: '15b3', ssid: '0008' },
    ]);
    expect(vib!.id).toBe('MEL_bootbank_nmlx5-core_4.23.0.66-1OEM.800.1.0.20143090');
  });

  it('takes a component identity from componentNameSpec/componentVersionSpec, not <id>', () => {
    const doc = parseXml(bulletinXml(addonComponents[0]!).replace(/<id>[^<]*<\/id>/, '<id>DEL-ISM-bulletin-2023</id>'));
    if (!doc.ok) throw new Error(doc.message);
    const b = readBulletin(doc.root, 'bulletins/x.xml', new ImportProblems())!;
    expect(b).toMatchObject({
      name: 'Dell-ISM',
      version: '5.2.0.0-3307.DEL.800',
      display_name: 'iDRAC Service Module',
      vendor: 'Dell Inc.',
      release_date: '2023-09-21',
    });
    expect(b.vib_ids).toEqual(['DEL_bootbank_dcism_5.2.0.0-3307.DEL.800']);
  });

  it('leaves pre-7.0 bulletins (no component specs) out with a warning', () => {
    const doc = parseXml(
      '<bulletin><id>ESXi670-201912001</id><vibList><vibID>VMware_bootbank_esx-base_6.7.0-3.89.15160138</vibID></vibList></bulletin>',
    );
    if (!doc.ok) throw new Error(doc.message);
    const problems = new ImportProblems();
    expect(readBulletin(doc.root, 'bulletins/b.xml', problems)).toBeUndefined();
    expect(problems.list[0]).toMatchObject({ severity: 'warning' });
  });
});

describe('relations on real version strings (a bound without a release compares the version part only)', () => {
  const provider = (provides: string[]) => vibFrom({ name: 'esx-base', version: '8.0.2-0.30.23305546', vendor: 'VMware', provides }).vib!;
  const base = provider(['esx-version 8.0.2-0.30.23305546', 'vmkapi_2_10_0_0']);
  const cases: [string, string | undefined, string | undefined, boolean][] = [
    ['esx-version', '=', '8.0.2', true],
    ['esx-version', '<=', '8.0.2', true],
    ['esx-version', '>=', '8.0.3', false],
    ['esx-version', '<<', '8.0.3', true],
    ['esx-version', '>>', '8.0.2', false],
    ['esx-version', '>=', '8.0.2-0.40.23825572', false],
    ['esx-version', '>=', '8.0.2-0.0.22380479', true],
    ['esx-base', '=', '8.0.2', true],
    ['esx-base', '>>', '8.0.2-0.0.22380479', true],
    ['vmkapi_2_10_0_0', undefined, undefined, true],
    // a provided name without a version meets only a constraint without a relation
    ['vmkapi_2_10_0_0', '>=', '1.0', false],
    ['vmkapi_2_9_0_0', undefined, undefined, false],
  ];
  for (const [name, relation, version, met] of cases) {
    it(`${name} ${relation ?? ''} ${version ?? ''} is ${met ? 'met' : 'not met'} by esx-base 8.0.2-0.30.23305546`, () => {
      const c = relation ? { name, relation: relation as '=', version: version! } : { name };
      expect(vibMeets(base, c)).toBe(met);
    });
  }
});

describe('lifting VIB relations to components', () => {
  const lift = (vibs: VibSpec[], name = 'C', missing: string[] = []) => {
    const problems = new ImportProblems();
    const byId = new Map(vibs.map((s) => [readVibId(s), vibFrom(s).vib!]));
    const doc = parseXml(bulletinXml({ name, version: '1.0-1', vendor: 'V', vibs, missingVibs: missing }));
    if (!doc.ok) throw new Error(doc.message);
    const b = readBulletin(doc.root, 'bulletins/c.xml', problems)!;
    return { component: liftComponent(b, byId, problems), problems };
  };
  const readVibId = (s: VibSpec) => `${s.vendor}_${s.type ?? 'bootbank'}_${s.name}_${s.version}`;

  it('drops dependencies and conflicts its own VIBs settle, keeps the rest, provides every VIB name', () => {
    const { component } = lift(baseComponents[0]!.vibs, 'ESXi');
    expect(component!.depends).toEqual([]);
    expect(component!.provides.map((p) => p.name)).toEqual([
      'esx-base',
      'vmkapi_2_10_0_0',
      'vmkapi_incompat_2_10_0_0',
      'esx-version',
      'esx-update',
    ]);
    const two = lift([
      { name: 'a', version: '1.0-1', vendor: 'V', depends: ['b >= 1.0', 'x', 'x'], conflicts: ['b', 'b << 1.0', 'y'], live: true },
      { name: 'b', version: '1.0-2', vendor: 'V', depends: ['a = 1.0'], live: true },
    ]).component!;
    expect(two.depends).toEqual([{ name: 'x' }]);
    // b 1.0-2 is not << 1.0 (the bound has no release: version parts 1.0 and 1.0 are equal)
    expect(two.conflicts).toEqual([{ name: 'b', relation: '<<', version: '1.0' }, { name: 'y' }]);
    expect(two.reboot_required).toBe(false);
    expect(two.vibs).toEqual(['V_bootbank_a_1.0-1', 'V_bootbank_b_1.0-2']);
  });

  it('needs a reboot when any VIB cannot be installed live', () => {
    const c = lift([
      { name: 'a', version: '1.0-1', vendor: 'V', live: true },
      { name: 'b', version: '1.0-1', vendor: 'V', live: false },
    ]).component!;
    expect(c.reboot_required).toBe(true);
    expect(c.maintenance_mode).toBe(true);
  });

  it('keeps a component out when one of its VIBs has no descriptor, and says which', () => {
    const { component, problems } = lift([{ name: 'a', version: '1.0-1', vendor: 'V' }], 'C', ['V_bootbank_gone_1.0-1']);
    expect(component).toBeUndefined();
    expect(problems.list.map(formatImportProblem)).toEqual([
      'bulletins/c.xml: /bulletin/vibList/vibID[2]: VIB V_bootbank_gone_1.0-1 has no descriptor in the depot: component C@1.0-1 left out',
    ]);
  });
});

describe('bundles, metadata zips, folders and depot-content captures', () => {
  it('merges a base bundle and an OEM add-on bundle; a bulletin with a missing VIB keeps only its component out', async () => {
    const base = file(baseBundle(), 'VMware-ESXi-8.0U2-depot.zip');
    const addon = file(addonBundle(), 'DEL-ESXi-addon.zip');
    const r = await importEsxiDepot([base, addon]);
    expect(r.usable).toBe(true);
    expect(r.depot.components.map((c) => `${c.name}@${c.version}`).sort()).toEqual([
      'Broadcom-bnxt-Net-RoCE@228.0.49.0-1OEM.800.1.0.20613240',
      'Dell-ISM@5.2.0.0-3307.DEL.800',
      'ESXi@8.0.2-0.0.22380479',
      'Intel-i40en@2.4.0.0-1vmw.802.0.0.22380479',
      'VMware-vmkusb@0.1-7vmw.802.0.0.22380479',
    ]);
    expect(r.depot.base_images).toEqual([
      {
        version: '8.0.2-0.0.22380479',
        display_version: '8.0 U2 - 22380479',
        release_date: '2023-09-21',
        components: baseImageUnit.components,
      },
    ]);
    expect(r.depot.add_ons).toEqual([
      {
        name: 'DEL-ESXi',
        version: '802.0.0.11.4.0-14',
        display_name: 'Dell ESXi add-on',
        vendor: 'Dell Inc.',
        supported_base_image_versions: ['8.0.2'],
        components: addonUnit.components,
        removed_components: [],
      },
    ]);
    expect(lines(r)).toEqual([
      `${addon}!metadata.zip!bulletins/Dell-perccli_007.2313.0000.0000-01.xml: /bulletin/vibList/vibID: VIB DEL_bootbank_vmware-perccli-007_007.2313.0000.0000-01 has no descriptor in the depot: component Dell-perccli@007.2313.0000.0000-01 left out`,
    ]);
  });

  it('pools VIBs across bundles (a bulletin may list a VIB only another bundle describes)', async () => {
    const [ism] = addonComponents;
    const descriptorsOnly = file(bundleBytes(metadataEntries([], {}, ism!.vibs)));
    const bulletinOnly = file(zipBytes([{ name: `bulletins/x.xml`, data: bulletinXml(ism!) }]));
    const r = await importEsxiDepot([bulletinOnly, descriptorsOnly]);
    expect(r.depot.components.map((c) => c.name)).toEqual(['Dell-ISM']);
    expect(r.problems).toEqual([]);
  });

  it('reads the same item twice once; a differing second reading is a warning and the first wins', async () => {
    const base = file(baseBundle());
    const again = await importEsxiDepot([base, base]);
    expect(again.depot.components).toHaveLength(3);
    expect(again.problems).toEqual([]);
    const changed = baseComponents.map((c) =>
      c.name === 'Intel-i40en' ? { ...c, vibs: [{ ...c.vibs[0]!, depends: ['vmkapi_2_9_0_0'] }] } : c,
    );
    const other = file(zipBytes(metadataEntries(changed)));
    const r = await importEsxiDepot([base, other]);
    expect(r.depot.components.find((c) => c.name === 'Intel-i40en')!.depends.map((d) => d.name)).toEqual([
      'vmkapi_2_10_0_0',
      'esx-version',
    ]);
    expect(lines(r).some((l) => l.includes('differs from the one read at') && l.includes('warning'))).toBe(true);
  });

  it('leaves out a release unit naming a component the depot lacks', async () => {
    const units = { 'addons/a.json': { ...addonUnit, components: { ...addonUnit.components, 'Dell-perccli': '007.2313.0000.0000-01' } } };
    const r = await importEsxiDepot([file(bundleBytes(metadataEntries(addonComponents, units)))]);
    expect(r.depot.add_ons).toEqual([]);
    expect(
      lines(r).some((l) =>
        l.endsWith(
          '!metadata.zip!addons/a.json: $.components: add-on DEL-ESXi@802.0.0.11.4.0-14 names components not in the imported depot (Dell-perccli@007.2313.0000.0000-01): left out',
        ),
      ),
    ).toBe(true);
  });

  it('reads a metadata.zip and an extracted folder alike', async () => {
    const entries = metadataEntries(baseComponents, { 'baseimages/b.json': baseImageUnit });
    const fromZip = await importEsxiDepot([file(zipBytes(entries), 'metadata.zip')]);
    const dir = join(tmp, 'extracted');
    for (const e of entries) {
      mkdirSync(join(dir, e.name, '..'), { recursive: true });
      writeFileSync(join(dir, e.name), e.data);
    }
    const fromDir = await importEsxiDepot([dir]);
    expect(fromDir.depot).toEqual(fromZip.depot);
    expect(fromDir.depot.base_images).toHaveLength(1);
    expect(fromDir.problems).toEqual([]);
  });

  it('reads hardware support manifests and solutions from release-unit JSON', async () => {
    const units = {
      'manifests/dell-hsp.json': {
        releaseType: 'manifest',
        nameSpec: { name: 'DEL-HSP', uiString: 'Dell HSP' },
        versionSpec: { version: '2023.09.00', uiString: '2023.09' },
        hardwareSupportInfo: { manager: { name: 'com.dell.omivv' }, package: { name: 'DEL-FW', version: '2023.09.00' } },
        components: { 'Intel-i40en': '2.4.0.0-1vmw.802.0.0.22380479' },
        removedComponents: ['VMware-vmkusb'],
        supportedBaseImageVersions: ['8.0.2', '8.0.3'],
      },
      'solutions/vsan.json': {
        releaseType: 'solution',
        nameSpec: { name: 'com.vmware.vsan', uiString: 'vSAN' },
        versionSpec: { version: '8.0.2', uiString: '8.0 U2' },
        components: { ESXi: { version: '8.0.2-0.0.22380479' }, 'Intel-i40en': {}, 'VMware-vmkusb': { minVersion: '0.1' } },
        supportedBaseImageVersions: ['8.0.2'],
      },
    };
    const r = await importEsxiDepot([file(zipBytes(metadataEntries(baseComponents, units)))]);
    expect(r.problems).toEqual([]);
    expect(r.depot.hardware_support_packages).toEqual([
      {
        manager: 'com.dell.omivv',
        pkg: 'DEL-FW',
        version: '2023.09.00',
        supported_base_image_versions: ['8.0.2', '8.0.3'],
        components: { 'Intel-i40en': '2.4.0.0-1vmw.802.0.0.22380479' },
        removed_components: ['VMware-vmkusb'],
        firmware: [],
      },
    ]);
    expect(r.depot.solutions).toEqual([
      {
        name: 'com.vmware.vsan',
        version: '8.0.2',
        display_name: 'vSAN',
        supported_base_image_versions: ['8.0.2'],
        components: [
          { name: 'ESXi', relation: '=', version: '8.0.2-0.0.22380479' },
          { name: 'Intel-i40en' },
          { name: 'VMware-vmkusb', relation: '>=', version: '0.1' },
        ],
      },
    ]);
  });

  it('reads a capture of the depot-content API (base images, add-ons, hardware support, solutions)', async () => {
    const api = '/api/esx/settings/depot-content';
    const capture = {
      [`${api}/base-images`]: [{ version: '8.0.2-0.0.22380479', display_name: 'ESXi', display_version: '8.0 U2' }],
      [`${api}/base-images/versions/8.0.2-0.0.22380479`]: {
        display_name: 'ESXi',
        display_version: '8.0 U2 - 22380479',
        release_date: '2023-09-21T00:00:00.000Z',
        category: 'ENHANCEMENT',
        components: [{ name: 'ESXi', version: '8.0.2-0.0.22380479', display_name: 'ESXi', display_version: '8.0 U2' }],
      },
      [`${api}/add-ons/DEL-ESXi/versions/802.0.0.11.4.0-14`]: {
        display_name: 'Dell ESXi add-on',
        vendor: 'Dell Inc.',
        display_version: 'A14',
        components: [{ name: 'Dell-ISM', version: '5.2.0.0-3307.DEL.800' }],
        removed_components: [{ name: 'VMware-vmkusb', display_name: 'USB driver' }],
      },
      [`${api}/hardware-support/managers/com.dell.omivv/packages/DEL-FW/versions/2023.09.00`]: {
        display_name: 'Dell HSP',
        vendor: 'Dell Inc.',
        hardware_support_info: { manager: 'com.dell.omivv', pkg_source: { name: 'DEL-FW', version: '2023.09.00' } },
        base_image_versions: ['8.0.2'],
        components: [{ name: 'Dell-ISM', version: '5.2.0.0-3307.DEL.800' }],
        removed_components: [],
      },
      [`${api}/solutions/com.vmware.vsan/versions/8.0.2`]: {
        display_name: 'vSAN',
        display_version: '8.0 U2',
        components: [{ component: 'ESXi' }],
      },
    };
    const r = await importEsxiDepot([file(addonBundle()), file(baseBundle()), file(JSON.stringify(capture), 'vc.json')]);
    expect(r.depot.base_images.map((b) => b.version)).toEqual(['8.0.2-0.0.22380479']);
    expect(r.depot.add_ons).toHaveLength(1);
    // the capture's add-on is the same identity as the bundle's and differs: first (bundle) wins
    expect(r.depot.add_ons[0]!.display_name).toBe('Dell ESXi add-on');
    expect(r.depot.hardware_support_packages[0]).toMatchObject({
      manager: 'com.dell.omivv',
      pkg: 'DEL-FW',
      supported_base_image_versions: ['8.0.2'],
    });
    expect(r.depot.solutions).toEqual([
      {
        name: 'com.vmware.vsan',
        version: '8.0.2',
        display_name: 'vSAN',
        supported_base_image_versions: [],
        components: [{ name: 'ESXi' }],
      },
    ]);
    expect(lines(r).filter((l) => l.includes('vc.json'))).toEqual([
      expect.stringContaining('$["/api/esx/settings/depot-content/base-images"]: warning: a summary list names no components'),
      expect.stringContaining('base image 8.0.2-0.0.22380479 differs from the one read at'),
      expect.stringContaining('add-on DEL-ESXi@802.0.0.11.4.0-14 differs from the one read at'),
    ]);
  });
});

describe('bad input: every rule names archive, member and element, and the import goes on', () => {
  const ok = metadataEntries([baseComponents[2]!]);

  it('reports a relation outside << <= = >= >> at its element, as the brief form shows', async () => {
    const bad = vibXml({ name: 'x', version: '1.0-1', vendor: 'V', depends: ['a', 'b >= 1.0'] }).replace(
      '<constraint name="b" relation="&gt;=" version="1.0"/>',
      '<constraint name="b" relation="&gt;=" version="1.0"/>\n        <constraint name="c" relation="~&gt;" version="2.0"/>',
    );
    const bundle = file(bundleBytes([...ok, { name: 'vibs/x.xml', data: bad }]), 'bundle.zip');
    const r = await importEsxiDepot([bundle]);
    expect(lines(r)).toEqual([
      `${bundle}!metadata.zip!vibs/x.xml: /vib/relationships/depends/constraint[3]: relation "~>" is not one of << <= = >= >>`,
    ]);
    expect(r.depot.components).toHaveLength(1);
  });

  it('refuses member names that climb out or are absolute, and reads the rest', async () => {
    expect(unsafeMemberName('../evil.xml')).toMatch(/\.\./);
    expect(unsafeMemberName('vibs/../../evil.xml')).toMatch(/\.\./);
    expect(unsafeMemberName('/etc/passwd')).toMatch(/absolute/);
    expect(unsafeMemberName('C:\\x.xml')).toMatch(/drive/);
    expect(unsafeMemberName('vibs/a..b.xml')).toBeUndefined();
    const bad = [
      ...ok,
      { name: '../vibs/evil.xml', data: vibXml({ name: 'e', version: '1-1', vendor: 'V' }) },
      { name: '/abs/bulletins/b.xml', data: '<bulletin/>' },
    ];
    const r = await importEsxiDepot([file(bundleBytes(bad), 'slip.zip')]);
    expect(lines(r)).toEqual([
      expect.stringMatching(
        /slip\.zip!metadata\.zip!\.\.\/vibs\/evil\.xml: member refused: its name climbs out of the archive with "\.\."$/,
      ),
      expect.stringMatching(/slip\.zip!metadata\.zip!\/abs\/bulletins\/b\.xml: member refused: its name is an absolute path$/),
    ]);
    expect(r.depot.components.map((c) => c.name)).toEqual(['VMware-vmkusb']);
  });

  it('refuses a member that expands too far before inflating it, and one that outgrows its declared size', async () => {
    const bomb = Buffer.alloc(16 * 1024 * 1024, 0x20); // 16 MiB of spaces deflate to about 16 KiB
    const r = await importEsxiDepot([file(zipBytes([...ok, { name: 'vibs/bomb.xml', data: bomb }]))]);
    expect(lines(r)).toEqual([
      expect.stringMatching(/!vibs\/bomb\.xml: expands \d+:1 \(\d+ → 16777216 bytes\), more than the 200:1 allowed$/),
    ]);
    expect(r.depot.components).toHaveLength(1);
    const liar = await importEsxiDepot([
      file(zipBytes([...ok, { name: 'vibs/liar.xml', data: Buffer.alloc(5000, 0x20), declaredSize: 100 }])),
    ]);
    expect(lines(liar)).toEqual([expect.stringMatching(/!vibs\/liar\.xml: inflates past its declared 100 bytes$/)]);
    const capped = await importEsxiDepot([file(bundleBytes(ok))], { maxMemberBytes: 1000 });
    expect(lines(capped)[0]).toMatch(/!metadata\.zip: inflates to \d+ bytes, more than the 1000 allowed for one member$/);
    expect(capped.usable).toBe(false);
  });

  it('refuses DOCTYPE and entity declarations (no entity expansion)', async () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE vib [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<vib><name>&b;</name></vib>`;
    const external = `<?xml version="1.0"?>\n<!DOCTYPE vib [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<vib><name>&x;</name></vib>`;
    const r = await importEsxiDepot([
      file(zipBytes([...ok, { name: 'vibs/laughs.xml', data: laughs }, { name: 'vibs/xxe.xml', data: external }])),
    ]);
    expect(lines(r)).toEqual([
      expect.stringMatching(/!vibs\/laughs\.xml: DOCTYPE and entity declarations are refused \(entity expansion is off\)$/),
      expect.stringMatching(/!vibs\/xxe\.xml: DOCTYPE and entity declarations are refused \(entity expansion is off\)$/),
    ]);
    // undeclared entities are not expanded either: they stay as written
    const doc = parseXml('<vib><name>a&unknown;b</name></vib>');
    expect(doc.ok && doc.root.children[0]!.text).toBe('a&unknown;b');
  });

  it('reports malformed XML with its line and column, and bad JSON', async () => {
    const r = await importEsxiDepot([
      file(
        zipBytes([
          ...ok,
          { name: 'bulletins/broken.xml', data: '<bulletin>\n  <id>x</id>\n  <vibList>\n</bulletin>' },
          { name: 'baseimages/b.json', data: '{"versionSpec": ' },
        ]),
      ),
    ]);
    expect(lines(r)).toEqual([
      expect.stringMatching(/!bulletins\/broken\.xml: malformed XML at line 4, column \d+: .*vibList/),
      expect.stringMatching(/!baseimages\/b\.json: \$: not JSON/),
    ]);
  });

  it('never inflates VIB payloads: a bundle far larger than the inflate budget imports', async () => {
    const payload = Buffer.alloc(24 * 1024 * 1024, 1);
    const big = zipBytes([
      { name: 'vendor-index.xml', data: '<metadataList><metadata><url>metadata.zip</url></metadata></metadataList>' },
      { name: 'metadata.zip', data: zipBytes(ok), store: true },
      { name: 'vib20/vmkusb/VMW_bootbank_vmkusb.vib', data: payload, store: true },
    ]);
    const r = await importEsxiDepot([file(big)], { maxTotalBytes: 256 * 1024 });
    expect(r.problems).toEqual([]);
    expect(r.depot.components.map((c) => c.name)).toEqual(['VMware-vmkusb']);
  });

  it('reports unreadable paths and non-zip files, and yields nothing usable from them', async () => {
    const r = await importEsxiDepot([join(tmp, 'absent.zip'), file('not a zip', 'x.zip')]);
    expect(r.usable).toBe(false);
    expect(lines(r)).toEqual([
      expect.stringContaining('absent.zip: cannot be read (ENOENT)'),
      expect.stringMatching(/x\.zip: not a readable zip archive/),
    ]);
  });
});
