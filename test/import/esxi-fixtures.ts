// Test material for the ESXi depot importer: a small zip writer (it must be able to write what
// no honest zip tool writes — "../" names, sizes that lie), and VIB / bulletin XML written the
// way depots write them (following real descriptors and bulletins; see test/fixtures/real).
import { deflateRawSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = -1;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** store instead of deflate */
  store?: boolean;
  /** a lie about the inflated size, written in both headers */
  declaredSize?: number;
}

/** A zip archive (no data descriptors, no zip64) holding the entries as given. */
export function zipBytes(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const body = e.store ? data : deflateRawSync(data);
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.store ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.store ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export interface VibSpec {
  name: string;
  version: string;
  vendor: string;
  type?: string;
  depends?: string[];
  conflicts?: string[];
  replaces?: string[];
  provides?: string[];
  tags?: string[];
  live?: boolean;
  maintenance?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** "name", "name >= 1.0" → <constraint name relation version/> */
function constraintXml(c: string): string {
  const [name, relation, version] = c.split(' ');
  const attrs = [`name="${esc(name!)}"`];
  if (relation) attrs.push(`relation="${esc(relation)}"`, `version="${esc(version!)}"`);
  return `<constraint ${attrs.join(' ')}/>`;
}

/** "name" or "name 1.0" → <provide name version?/> */
function provideXml(p: string): string {
  const [name, version] = p.split(' ');
  return version ? `<provide name="${esc(name!)}" version="${esc(version)}"/>` : `<provide name="${esc(name!)}"/>`;
}

export function vibId(v: VibSpec): string {
  return `${v.vendor}_${v.type ?? 'bootbank'}_${v.name}_${v.version}`;
}

/** A <vib> as depots keep them in metadata.zip vibs/*.xml. */
export function vibXml(v: VibSpec): string {
  const group = (tag: string, items: string[] | undefined, f: (s: string) => string) =>
    items?.length ? `      <${tag}>\n${items.map((x) => `        ${f(x)}`).join('\n')}\n      </${tag}>` : `      <${tag}/>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<vib version="5.0">
  <type>${v.type ?? 'bootbank'}</type>
  <name>${esc(v.name)}</name>
  <version>${esc(v.version)}</version>
  <vendor>${esc(v.vendor)}</vendor>
  <summary>${esc(v.name)} driver</summary>
  <description>${esc(v.name)}</description>
  <release-date>2023-09-21T00:00:00.000000+00:00</release-date>
  <urls/>
  <relationships>
${group('depends', v.depends, constraintXml)}
${group('conflicts', v.conflicts, constraintXml)}
${group('replaces', v.replaces, constraintXml)}
${group('provides', v.provides, provideXml)}
      <compatibleWith/>
  </relationships>
  <software-tags>
${(v.tags ?? ['driver', 'module']).map((t) => `    <tag>${esc(t)}</tag>`).join('\n')}
  </software-tags>
  <system-requires>
    <maintenance-mode>${v.maintenance ?? !v.live}</maintenance-mode>
  </system-requires>
  <file-list/>
  <acceptance-level>vmware_certified</acceptance-level>
  <live-install-allowed>${v.live ?? false}</live-install-allowed>
  <live-remove-allowed>${v.live ?? false}</live-remove-allowed>
  <cimom-restart>false</cimom-restart>
  <stateless-ready>true</stateless-ready>
  <overlay>false</overlay>
  <payloads/>
</vib>
`;
}

export interface ComponentSpec {
  name: string;
  version: string;
  display?: string;
  displayVersion?: string;
  vendor: string;
  vibs: VibSpec[];
  /** VIB ids listed that have no descriptor anywhere */
  missingVibs?: string[];
}

/** A <bulletin> of ESXi 7.0 and later: identity from componentNameSpec / componentVersionSpec. */
export function bulletinXml(c: ComponentSpec): string {
  const ids = [...c.vibs.map(vibId), ...(c.missingVibs ?? [])];
  return `<?xml version="1.0" encoding="utf-8"?>
<bulletin>
  <id>${esc(c.name)}_${esc(c.version)}</id>
  <vendor>${esc(c.vendor)}</vendor>
  <summary>${esc(c.display ?? c.name)}</summary>
  <severity>general</severity>
  <category>enhancement</category>
  <releaseType>extension</releaseType>
  <description><![CDATA[<p>${esc(c.name)}</p>]]></description>
  <kbUrl>https://kb.example.com/</kbUrl>
  <contact>support@example.com</contact>
  <releaseDate>2023-09-21T12:00:00+00:00</releaseDate>
  <platforms>
    <softwarePlatform locale="" version="8.0.*" productLineID="embeddedEsx"/>
  </platforms>
  <vibList>
${ids.map((id) => `    <vibID>${esc(id)}</vibID>`).join('\n')}
  </vibList>
  <componentNameSpec name="${esc(c.name)}" uistring="${esc(c.display ?? c.name)}"/>
  <componentVersionSpec version="${esc(c.version)}" uistring="${esc(c.displayVersion ?? c.version)}"/>
</bulletin>
`;
}

/** The members of a metadata.zip holding these components (and any release units). */
export function metadataEntries(components: ComponentSpec[], units: Record<string, unknown> = {}, extraVibs: VibSpec[] = []): ZipEntry[] {
  const entries: ZipEntry[] = [{ name: 'vmware.xml', data: '<metadataResponse/>' }];
  for (const c of components) {
    for (const v of c.vibs) entries.push({ name: `vibs/${v.name}--${v.version.replace(/[^0-9A-Za-z.]/g, '_')}.xml`, data: vibXml(v) });
    entries.push({ name: `bulletins/${c.name}_${c.version}.xml`, data: bulletinXml(c) });
  }
  for (const v of extraVibs) entries.push({ name: `vibs/${v.name}.xml`, data: vibXml(v) });
  for (const [name, doc] of Object.entries(units)) entries.push({ name, data: JSON.stringify(doc, null, 2) });
  return entries;
}

/** An offline bundle: index.xml → vendor-index.xml → metadata.zip, plus VIB payload stand-ins. */
export function bundleBytes(metadata: ZipEntry[], vendor = 'VMware, Inc.'): Buffer {
  return zipBytes([
    {
      name: 'index.xml',
      data: `<?xml version="1.0"?>\n<vendorList><vendor><name>${esc(vendor)}</name><code>vmw</code><indexfile>vendor-index.xml</indexfile><relativePath></relativePath></vendor></vendorList>\n`,
    },
    {
      name: 'vendor-index.xml',
      data: `<?xml version="1.0"?>\n<metadataList><metadata><productId>embeddedEsx</productId><version>8.0.0</version><locale></locale><url>metadata.zip</url><channelName>default</channelName></metadata></metadataList>\n`,
    },
    { name: 'metadata.zip', data: zipBytes(metadata), store: true },
    { name: 'vib20/payload/stand-in.vib', data: Buffer.alloc(4096, 7) },
  ]);
}

// ---------------------------------------------------------------------------------------------
// A small world: a VMware base bundle and a Dell add-on bundle, with real version strings.
// ---------------------------------------------------------------------------------------------

const BUILD = '8.0.2-0.0.22380479';

export const esxBase: VibSpec = {
  name: 'esx-base',
  version: BUILD,
  vendor: 'VMware',
  depends: ['esx-update = 8.0.2-0.0.22380479'],
  provides: ['vmkapi_2_10_0_0', 'vmkapi_incompat_2_10_0_0', 'esx-version 8.0.2-0.0.22380479'],
};
export const esxUpdate: VibSpec = { name: 'esx-update', version: BUILD, vendor: 'VMware', depends: ['esx-base >= 8.0.2'] };
export const i40en: VibSpec = {
  name: 'i40en',
  version: '2.4.0.0-1vmw.802.0.0.22380479',
  vendor: 'VMW',
  depends: ['vmkapi_2_10_0_0', 'esx-version >= 8.0.0'],
  tags: ['driver', 'module', 'PCIID 80861572'],
};
export const vmkusb: VibSpec = {
  name: 'vmkusb',
  version: '0.1-7vmw.802.0.0.22380479',
  vendor: 'VMW',
  depends: ['vmkapi_2_9_0_0'],
  live: true,
};
export const dellIsm: VibSpec = {
  name: 'dcism',
  version: '5.2.0.0-3307.DEL.800',
  vendor: 'DEL',
  depends: ['esx-version >= 8.0.3'],
  conflicts: ['vmkusb'],
  replaces: ['dcism << 5.0'],
  live: true,
  maintenance: false,
};
export const bnxtnet: VibSpec = {
  name: 'bnxtnet',
  version: '228.0.49.0-1OEM.800.1.0.20613240',
  vendor: 'BCM',
  depends: ['vmkapi_2_10_0_0', 'esx-version = 8.0.2'],
  tags: ['driver', 'module', 'PCIID 14e416d714e41402'],
};

export const baseComponents: ComponentSpec[] = [
  {
    name: 'ESXi',
    version: BUILD,
    display: 'ESXi',
    displayVersion: '8.0 U2 - 22380479',
    vendor: 'VMware, Inc.',
    vibs: [esxBase, esxUpdate],
  },
  { name: 'Intel-i40en', version: i40en.version, display: 'Intel i40en', vendor: 'VMware, Inc.', vibs: [i40en] },
  { name: 'VMware-vmkusb', version: vmkusb.version, display: 'USB driver', vendor: 'VMware, Inc.', vibs: [vmkusb] },
];

export const addonComponents: ComponentSpec[] = [
  { name: 'Dell-ISM', version: dellIsm.version, display: 'iDRAC Service Module', vendor: 'Dell Inc.', vibs: [dellIsm] },
  { name: 'Broadcom-bnxt-Net-RoCE', version: bnxtnet.version, display: 'Broadcom NetXtreme-E', vendor: 'Broadcom', vibs: [bnxtnet] },
  // lists a VIB whose descriptor no depot carries: this component must stay out
  {
    name: 'Dell-perccli',
    version: '007.2313.0000.0000-01',
    vendor: 'Dell Inc.',
    vibs: [],
    missingVibs: ['DEL_bootbank_vmware-perccli-007_007.2313.0000.0000-01'],
  },
];

export const baseImageUnit = {
  releaseID: 'ESXi:8.0.2-0.0.22380479',
  releaseType: 'baseImage',
  category: 'enhancement',
  vendor: 'VMware, Inc.',
  description: 'ESXi 8.0 Update 2',
  summary: 'ESXi 8.0 Update 2',
  releaseDate: '2023-09-21T00:00:00',
  nameSpec: { name: 'ESXi', uiString: 'ESXi' },
  versionSpec: { version: BUILD, uiString: '8.0 U2 - 22380479' },
  components: { ESXi: BUILD, 'Intel-i40en': i40en.version, 'VMware-vmkusb': vmkusb.version },
  schemaVersion: '1.0',
};

export const addonUnit = {
  releaseID: 'DEL-ESXi:802.0.0.11.4.0-14',
  releaseType: 'addon',
  vendor: 'Dell Inc.',
  releaseDate: '2023-10-02T00:00:00',
  nameSpec: { name: 'DEL-ESXi', uiString: 'Dell ESXi add-on' },
  versionSpec: { version: '802.0.0.11.4.0-14', uiString: '802.0.0.11.4.0-14' },
  components: { 'Dell-ISM': dellIsm.version, 'Broadcom-bnxt-Net-RoCE': bnxtnet.version },
  removedComponents: [],
  supportedBaseImageVersions: ['8.0.2'],
  schemaVersion: '1.0',
};

export const baseBundle = (): Buffer =>
  bundleBytes(metadataEntries(baseComponents, { 'baseimages/ESXi-8.0.2-0.0.22380479.json': baseImageUnit }));
export const addonBundle = (): Buffer =>
  bundleBytes(metadataEntries(addonComponents, { 'addons/DEL-ESXi-802.0.0.11.4.0-14.json': addonUnit }), 'Dell Inc.');
