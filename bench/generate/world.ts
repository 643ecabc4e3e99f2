// Synthetic world generator for the Strata benchmarks: a depot, an HCL and a fleet of clusters
// that look like a vLCM deployment (ESXi base images in several series with updates and patches,
// OEM add-ons and hardware support packages, vSAN/NSX-like solutions, drivers with vmkapi
// dependencies, an HCL with per-release driver and firmware rows) and leave a planner real work:
// a good fraction of combinations is invalid for varied reasons, while most clusters keep valid
// images. Everything is drawn from a seeded PRNG: the same (params, seed) gives the same world.

import type {
  AddOn,
  BaseImage,
  Cluster,
  Component,
  ComponentMap,
  Constraint,
  Depot,
  Device,
  FirmwareEntry,
  HardwareSupportPackage,
  Hcl,
  HclDevice,
  HclRow,
  HclServer,
  Host,
  Provide,
  Solution,
  SoftwareSpec,
} from '../../src/model/types.js';
import { Rng } from './rng.js';

// ───────────────────────────────────────────── parameters ──

export interface FleetParams {
  /** base images in the depot (spread over series 7.0, 8.0, … and their updates and patches) */
  baseImages: number;
  /** add-ons in the depot, over all vendors */
  addOns: number;
  /** add-ons per server vendor; the number of vendors is ceil(addOns / addOnsPerVendor) */
  addOnsPerVendor: number;
  /** hardware support packages, over all vendors */
  hardwareSupportPackages: number;
  /** solutions (vSAN, NSX, vSphere HA, …) */
  solutions: number;
  /** versions per solution */
  versionsPerSolution: number;
  /** component versions in the depot, in total (hit exactly unless the structure needs more) */
  componentVersions: number;
  /** average versions per component name; the number of names is derived from it */
  versionsPerComponent: number;
  /** HCL device entries (distinct vid:did:svid:ssid) */
  hclDevices: number;
  /** clusters in the fleet */
  clusters: number;
  /** hosts per cluster */
  hostsPerCluster: number;
  /** hardware profiles (server model + device set) per cluster */
  profilesPerCluster: number;
  /**
   * the first cluster mixes hardware (for `strata groups`): its profiles are two generations of
   * one vendor and two models of another, and it desires an add-on of the first vendor
   */
  mixedFirst?: boolean;
}

export type PresetName = 'small' | 'vendor' | 'large' | 'mixed';

/** A vendor's whole depot and HCL, one cluster of 96 hosts. */
const VENDOR: FleetParams = {
  baseImages: 60,
  addOns: 200,
  addOnsPerVendor: 40,
  hardwareSupportPackages: 100,
  solutions: 4,
  versionsPerSolution: 10,
  componentVersions: 5000,
  versionsPerComponent: 10,
  hclDevices: 5000,
  clusters: 1,
  hostsPerCluster: 96,
  profilesPerCluster: 3,
};

export const PRESETS: Record<PresetName, FleetParams> = {
  small: {
    baseImages: 8,
    addOns: 12,
    addOnsPerVendor: 4,
    hardwareSupportPackages: 6,
    solutions: 2,
    versionsPerSolution: 4,
    componentVersions: 300,
    versionsPerComponent: 6,
    hclDevices: 100,
    clusters: 1,
    hostsPerCluster: 8,
    profilesPerCluster: 2,
  },
  vendor: VENDOR,
  // the vendor preset with its hosts split over 4 hardware classes (Dell and HPE, two generations)
  mixed: { ...VENDOR, profilesPerCluster: 4, mixedFirst: true },
  large: {
    baseImages: 500,
    addOns: 2000,
    addOnsPerVendor: 50,
    hardwareSupportPackages: 1000,
    solutions: 8,
    versionsPerSolution: 20,
    componentVersions: 50000,
    versionsPerComponent: 20,
    hclDevices: 50000,
    clusters: 500,
    hostsPerCluster: 96,
    profilesPerCluster: 3,
  },
};

export interface Fleet {
  depot: Depot;
  hcl: Hcl;
  clusters: Cluster[];
}

// ───────────────────────────────────────────── small helpers ──

const DAY0 = Date.UTC(2020, 0, 15);
function isoDay(day: number): string {
  return new Date(DAY0 + day * 86_400_000).toISOString().slice(0, 10);
}
function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : Math.min(x, hi);
}
/** The version part of a version string (before the first `-`). */
function versionPart(v: string): string {
  const i = v.indexOf('-');
  return i < 0 ? v : v.slice(0, i);
}

const CONS = 'bdfgklmnprstvxz';
const VOWELS = 'aeiou';
function syllables(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += CONS[r.int(0, CONS.length - 1)]! + VOWELS[r.int(0, VOWELS.length - 1)]!;
  return s;
}

type DevClass = 'nic' | 'storage_controller' | 'ssd' | 'fc_hba';
const CLASSES: DevClass[] = ['nic', 'storage_controller', 'ssd', 'fc_hba'];

// ───────────────────────────────────────────── timeline ──

interface Update {
  idx: number;
  major: number;
  u: number;
  /** "8.0.2" */
  prefix: string;
  /** "8.0" */
  series: string;
  seriesIdx: number;
  /** "802" */
  tag: string;
  /** "ESXi 8.0 U2" */
  release: string;
  /** "vmkapi_2_12_0_0": the capability drivers built for this update depend on */
  vmkapi: string;
  /** what esx-base of this update provides */
  provides: Provide[];
  gaDay: number;
  gaBuild: number;
  bases: BaseInfo[];
}

interface BaseInfo {
  image: BaseImage;
  update: Update;
  patch: number;
  build: number;
  rel: number;
  day: number;
}

function buildUpdates(r: Rng, baseImages: number): { updates: Update[]; firstSeriesEnd: number } {
  const count = clamp(Math.round(2.2 * Math.sqrt(baseImages)), 2, Math.max(2, baseImages));
  const perSeries = Math.max(4, Math.ceil(count / 6));
  const firstU = perSeries - (count % perSeries || perSeries);
  const updates: Update[] = [];
  let major = 7;
  let u = firstU;
  let seriesIdx = 0;
  let day = r.int(0, 40);
  for (let i = 0; i < count; i++) {
    if (u >= perSeries) {
      major++;
      u = 0;
      seriesIdx++;
    }
    const prefix = `${major}.0.${u}`;
    updates.push({
      idx: i,
      major,
      u,
      prefix,
      series: `${major}.0`,
      seriesIdx,
      tag: `${major}0${u}`,
      release: u === 0 ? `ESXi ${major}.0` : `ESXi ${major}.0 U${u}`,
      vmkapi: `vmkapi_2_${9 + i}_0_0`,
      provides: [],
      gaDay: day,
      gaBuild: 0,
      bases: [],
    });
    day += r.int(95, 150);
    u++;
  }
  // esx-base of an update provides the vmkapi levels of its series up to itself, plus the last
  // level of the previous series (drivers built for the previous series' last update still load).
  for (const up of updates) {
    const names: string[] = [];
    const prevSeriesLast = updates.filter((x) => x.seriesIdx === up.seriesIdx - 1).pop();
    if (prevSeriesLast) names.push(prevSeriesLast.vmkapi);
    for (const x of updates) if (x.seriesIdx === up.seriesIdx && x.idx <= up.idx) names.push(x.vmkapi);
    up.provides = [...names.map((name) => ({ name })), { name: 'esx-platform', version: up.prefix }];
  }
  let firstSeriesEnd = 0;
  while (firstSeriesEnd + 1 < updates.length && updates[firstSeriesEnd + 1]!.seriesIdx === 0) firstSeriesEnd++;
  return { updates, firstSeriesEnd };
}

// ───────────────────────────────────────────── component catalogue ──

class Catalog {
  readonly byName = new Map<string, Component[]>();
  private readonly ids = new Set<string>();
  count = 0;

  add(c: Component): Component {
    const id = `${c.name}@${c.version}`;
    if (this.ids.has(id)) throw new Error(`generator bug: duplicate component ${id}`);
    this.ids.add(id);
    let list = this.byName.get(c.name);
    if (!list) {
      list = [];
      this.byName.set(c.name, list);
    }
    list.push(c);
    this.count++;
    return c;
  }

  all(): Component[] {
    const out: Component[] = [];
    for (const list of this.byName.values()) for (const c of list) out.push(c);
    return out;
  }
}

function component(
  name: string,
  version: string,
  vendor: string,
  extra: Partial<Omit<Component, 'name' | 'version' | 'vendor'>> = {},
): Component {
  return {
    name,
    version,
    display_version: versionPart(version),
    vendor,
    depends: extra.depends ?? [],
    conflicts: extra.conflicts ?? [],
    provides: extra.provides ?? [],
    reboot_required: extra.reboot_required ?? true,
    ...(extra.display_name !== undefined ? { display_name: extra.display_name } : {}),
    ...(extra.release_date !== undefined ? { release_date: extra.release_date } : {}),
  };
}

// ───────────────────────────────────────────── drivers and inbox components ──

interface Driver {
  name: string;
  vendor: string;
  cls: DevClass | null;
  vids: string[];
  inbox: boolean;
  real: boolean;
  /** alive window over update indices (start may be negative: it predates the timeline) */
  start: number;
  end: number;
  major: number;
  baseDep: boolean;
  reboot: boolean;
  vmw: Map<number, string[]>;
  oem: Map<number, string[]>;
  /** inbox builds in the base images of each update (new ones and ones carried over) */
  inboxAt: Map<number, string[]>;
  /** for a legacy driver: the native driver that replaces it */
  replacedBy?: string;
  /** for a native driver: the legacy driver its OEM builds conflict with */
  replaces?: string;
}

interface ChipVendor {
  prefix: string;
  display: string;
  vid: string;
  classes: DevClass[];
}

const CHIP_VENDORS: ChipVendor[] = [
  { prefix: 'Intel', display: 'Intel', vid: '8086', classes: ['nic', 'storage_controller', 'ssd'] },
  { prefix: 'Broadcom', display: 'Broadcom', vid: '14e4', classes: ['nic'] },
  { prefix: 'Broadcom', display: 'Broadcom / LSI', vid: '1000', classes: ['storage_controller'] },
  { prefix: 'Mellanox', display: 'Mellanox', vid: '15b3', classes: ['nic'] },
  { prefix: 'Marvell', display: 'QLogic', vid: '1077', classes: ['nic', 'fc_hba'] },
  { prefix: 'Cisco', display: 'Cisco', vid: '1137', classes: ['nic', 'fc_hba'] },
  { prefix: 'Emulex', display: 'Emulex', vid: '10df', classes: ['fc_hba'] },
  { prefix: 'Microchip', display: 'Microchip', vid: '9005', classes: ['storage_controller'] },
  { prefix: 'Solarflare', display: 'Solarflare', vid: '1924', classes: ['nic'] },
  { prefix: 'Pensando', display: 'Pensando', vid: '1dd8', classes: ['nic'] },
  { prefix: 'Samsung', display: 'Samsung', vid: '144d', classes: ['ssd'] },
  { prefix: 'Micron', display: 'Micron', vid: '1344', classes: ['ssd'] },
  { prefix: 'Kioxia', display: 'Kioxia', vid: '1e0f', classes: ['ssd'] },
  { prefix: 'SKhynix', display: 'SK hynix', vid: '1c5c', classes: ['ssd'] },
  { prefix: 'WDC', display: 'Western Digital', vid: '1b96', classes: ['ssd'] },
];
const SSD_VIDS = CHIP_VENDORS.filter((c) => c.classes.includes('ssd')).map((c) => c.vid);
const CHIP_VIDS = new Set(CHIP_VENDORS.map((c) => c.vid));

// [name, vendor display, class, vids]
const REAL_DRIVERS: [string, string, DevClass, string[]][] = [
  ['Intel-i40en', 'Intel', 'nic', ['8086']],
  ['Intel-icen', 'Intel', 'nic', ['8086']],
  ['Intel-ixgben', 'Intel', 'nic', ['8086']],
  ['Intel-igbn', 'Intel', 'nic', ['8086']],
  ['Broadcom-bnxt-Net-RoCE', 'Broadcom', 'nic', ['14e4']],
  ['Broadcom-ntg3', 'Broadcom', 'nic', ['14e4']],
  ['Mellanox-nmlx5', 'Mellanox', 'nic', ['15b3']],
  ['Mellanox-nmlx4', 'Mellanox', 'nic', ['15b3']],
  ['Marvell-qedentv', 'QLogic', 'nic', ['1077']],
  ['Cisco-nenic', 'Cisco', 'nic', ['1137']],
  ['Solarflare-sfvmk', 'Solarflare', 'nic', ['1924']],
  ['Pensando-ionic-en', 'Pensando', 'nic', ['1dd8']],
  ['Broadcom-lsi-mr3', 'Broadcom / LSI', 'storage_controller', ['1000']],
  ['Broadcom-lsi-msgpt35', 'Broadcom / LSI', 'storage_controller', ['1000']],
  ['Broadcom-lsi-msgpt3', 'Broadcom / LSI', 'storage_controller', ['1000']],
  ['Broadcom-bcm-mpi3', 'Broadcom / LSI', 'storage_controller', ['1000']],
  ['Microchip-smartpqi', 'Microchip', 'storage_controller', ['9005']],
  ['Intel-iavmd', 'Intel', 'storage_controller', ['8086']],
  ['VMware-ahci', 'VMware', 'storage_controller', ['8086']],
  ['VMware-NVMe-PCIe', 'VMware', 'ssd', SSD_VIDS],
  ['Marvell-qlnativefc', 'QLogic', 'fc_hba', ['1077']],
  ['Emulex-lpfc', 'Emulex', 'fc_hba', ['10df']],
  ['Cisco-nfnic', 'Cisco', 'fc_hba', ['1137']],
];

// legacy (vmklinux-era) drivers, inbox only in the first series; [legacy, replacement, vendor, class, vid]
const LEGACY_DRIVERS: [string, string, string, DevClass, string][] = [
  ['net-ixgbe', 'Intel-ixgben', 'Intel', 'nic', '8086'],
  ['net-bnx2x', 'Broadcom-bnxt-Net-RoCE', 'Broadcom', 'nic', '14e4'],
  ['net-mlx4-en', 'Mellanox-nmlx4', 'Mellanox', 'nic', '15b3'],
  ['scsi-megaraid-sas', 'Broadcom-lsi-mr3', 'Broadcom / LSI', 'storage_controller', '1000'],
  ['scsi-mpt2sas', 'Broadcom-lsi-msgpt3', 'Broadcom / LSI', 'storage_controller', '1000'],
];

const PLATFORM_COMPONENTS = [
  'VMware-vmkusb',
  'VMware-pvscsi',
  'VMware-vmxnet3',
  'VMware-nvmxnet3',
  'VMware-iser',
  'VMware-vmkfcoe',
  'VMware-NVMeoF-RDMA',
  'VMware-NVMeoF-TCP',
  'VMware-elxiscsi',
  'VMware-ilo',
  'VMware-oem-dell-plugin',
  'VMware-oem-hp-plugin',
  'VMware-oem-lenovo-plugin',
  'VMware-rste',
  'VMware-vmkata',
  'VMware-TPM',
  'esxio-combiner',
  'native-misc-drivers',
  'esx-dvfilter-generic-fastpath',
  'esx-xserver',
  'cpu-microcode',
  'bmcal',
  'loadesx',
  'vmware-esx-esxcli-nvme-plugin',
  'trx',
  'crx',
  'esx-ui',
  'gc',
];

const CLASS_SUFFIX: Record<DevClass, string> = { nic: 'en', storage_controller: 'sas', ssd: 'nvme', fc_hba: 'fc' };

// ───────────────────────────────────────────── solutions, user components, vendors ──

interface SolutionDef {
  name: string;
  display: string;
  /** versions follow the ESXi update they belong to (8.0.2, 8.0.2.1) */
  aligned: boolean;
  /** solution pins its component exactly (`=`) */
  exact?: boolean;
  major: number;
  comps: string[];
}

const SOLUTION_DEFS: SolutionDef[] = [
  { name: 'com.vmware.vsan', display: 'vSAN', aligned: true, major: 0, comps: ['vsan', 'vsanhealth'] },
  { name: 'com.vmware.nsx', display: 'NSX', aligned: false, major: 3, comps: ['nsx-lcp-bundle'] },
  { name: 'com.vmware.vcenter.vmware-fdm', display: 'vSphere HA', aligned: true, exact: true, major: 0, comps: ['vmware-fdm'] },
  { name: 'com.vmware.wcp', display: 'vSphere with Tanzu', aligned: false, major: 1, comps: ['spherelet'] },
  { name: 'com.vmware.vsan.fs', display: 'vSAN File Service', aligned: true, major: 0, comps: ['vsan', 'vdfs'] },
  { name: 'com.vmware.trustedinfra', display: 'vSphere Trust Authority', aligned: false, major: 2, comps: ['vmware-tia'] },
  { name: 'com.vmware.hcx', display: 'HCX', aligned: false, major: 4, comps: ['hcx-mobility-agent'] },
  {
    name: 'com.vmware.vsphere-replication',
    display: 'vSphere Replication',
    aligned: false,
    major: 8,
    comps: ['vr2c-firewall', 'vmware-hbr-agent'],
  },
];

const USER_COMPONENTS: [string, string][] = [
  ['BCM-perccli', 'Broadcom'],
  ['BCM-storcli', 'Broadcom'],
  ['HPE-ssacli', 'HPE'],
  ['Mellanox-mft-tools', 'Mellanox'],
  ['Intel-intelcli', 'Intel'],
  ['Marvell-qlfc-cli', 'QLogic'],
  ['Emulex-hbacmd', 'Emulex'],
];

interface VendorDef {
  name: string;
  svid: string;
  addOn: string;
  addOnMajor: number;
  manager: string;
  pkg: string;
  tool: string;
  toolBase: number;
  gen0: number;
  family: (g: number) => string;
  model: (g: number, i: number) => string;
}

const DELL_MODELS: [string, string][] = [
  ['R6', '0'],
  ['R7', '0'],
  ['R4', '0'],
  ['R9', '0'],
  ['T5', '0'],
  ['C6', '20'],
  ['MX7', '0c'],
  ['R8', '0'],
];
const REAL_VENDORS: VendorDef[] = [
  {
    name: 'Dell Inc.',
    svid: '1028',
    addOn: 'DEL-ESXi',
    addOnMajor: 11,
    manager: 'com.dell.omivv',
    pkg: 'DEL-FW',
    tool: 'Dell-ISM',
    toolBase: 5,
    gen0: 13,
    family: (g) => `PowerEdge ${g}G`,
    model: (g, i) => {
      const [p, s] = DELL_MODELS[i % DELL_MODELS.length]!;
      return `PowerEdge ${p}${g - 10}${s}${i >= DELL_MODELS.length ? 'xd' : ''}`;
    },
  },
  {
    name: 'HPE',
    svid: '1590',
    addOn: 'HPE-Custom-AddOn',
    addOnMajor: 11,
    manager: 'com.hpe.oneview',
    pkg: 'HPE-SPP',
    tool: 'HPE-agents',
    toolBase: 4,
    gen0: 9,
    family: (g) => `ProLiant Gen${g}`,
    model: (g, i) => `ProLiant ${['DL360', 'DL380', 'DL325', 'DL385', 'ML350', 'DL560', 'DL20', 'BL460c', 'DL345'][i % 9]} Gen${g}`,
  },
  {
    name: 'Lenovo',
    svid: '17aa',
    addOn: 'LVO',
    addOnMajor: 10,
    manager: 'com.lenovo.xclarity',
    pkg: 'LNV-XCC-FW',
    tool: 'LVO-imm-agent',
    toolBase: 3,
    gen0: 1,
    family: (g) => `ThinkSystem V${g}`,
    model: (g, i) =>
      `ThinkSystem ${['SR650', 'SR630', 'SR850', 'ST550', 'SR665', 'SD530', 'SR645', 'SR950', 'ST650'][i % 9]}${g > 1 ? ` V${g}` : ''}`,
  },
  {
    name: 'Cisco Systems Inc',
    svid: '1137',
    addOn: 'Cisco-UCS-Addon-ESXi',
    addOnMajor: 4,
    manager: 'com.cisco.intersight',
    pkg: 'UCS-HSP',
    tool: 'Cisco-ucs-tool-esxi',
    toolBase: 1,
    gen0: 4,
    family: (g) => `UCS M${g}`,
    model: (g, i) =>
      `${['UCSC-C220', 'UCSC-C240', 'UCSB-B200', 'UCSX-210C', 'UCSC-C225', 'UCSC-C245', 'UCSX-410C', 'UCSB-B480', 'UCSC-C480'][i % 9]}-M${g}`,
  },
  {
    name: 'FUJITSU',
    svid: '1734',
    addOn: 'FJT-Addon-for-FujitsuCustomImage',
    addOnMajor: 5,
    manager: 'com.fujitsu.ism',
    pkg: 'FJT-FW',
    tool: 'Fujitsu-svs',
    toolBase: 9,
    gen0: 4,
    family: (g) => `PRIMERGY M${g}`,
    model: (g, i) => `PRIMERGY ${['RX2530', 'RX2540', 'RX4770', 'TX2550', 'RX1330', 'CX2560', 'RX2520', 'TX1330', 'RX8770'][i % 9]} M${g}`,
  },
  {
    name: 'Supermicro',
    svid: '15d9',
    addOn: 'SMC-Addon',
    addOnMajor: 2,
    manager: 'com.supermicro.ssm',
    pkg: 'SMC-FW',
    tool: 'SMC-sum',
    toolBase: 2,
    gen0: 10,
    family: (g) => `SuperServer X${g}`,
    model: (g, i) => `SYS-${['110', '120', '220', '620', '510', '210', '420', '740', '610'][i % 9]}U-X${g}TR`,
  },
  {
    name: 'Hitachi Vantara',
    svid: '1054',
    addOn: 'HTI-Addon',
    addOnMajor: 3,
    manager: 'com.hitachi.uci',
    pkg: 'HTI-FW',
    tool: 'Hitachi-ucp-agent',
    toolBase: 2,
    gen0: 2,
    family: (g) => `Advanced Server DS${g}00`,
    model: (g, i) => `DS${g}${['20', '25', '40', '70', '10', '50', '60', '80', '90'][i % 9]}`,
  },
  {
    name: 'Inspur',
    svid: '1bd4',
    addOn: 'INS-Addon',
    addOnMajor: 2,
    manager: 'com.inspur.ism',
    pkg: 'INS-FW',
    tool: 'Inspur-ism-agent',
    toolBase: 1,
    gen0: 5,
    family: (g) => `NF M${g}`,
    model: (g, i) => `NF${['5280', '5180', '8480', '5270', '5468', '3180', '8260', '5466', '2180'][i % 9]}M${g}`,
  },
];

function syntheticVendor(i: number, svid: string): VendorDef {
  const n = i + 1;
  return {
    name: `Vendor${n} Systems`,
    svid,
    addOn: `V${n}-ESXi`,
    addOnMajor: 1 + (i % 7),
    manager: `com.vendor${n}.hsm`,
    pkg: `V${n}-FW`,
    tool: `V${n}-agent`,
    toolBase: 1 + (i % 5),
    gen0: 1 + (i % 4),
    family: (g) => `V${n} Gen${g}`,
    model: (g, k) => `V${n}-${'SRTXCDEFG'[k % 9]}${g}${k}0`,
  };
}

// ───────────────────────────────────────────── HCL entities ──

interface Chip {
  vid: string;
  did: string;
  cls: DevClass;
  driver: Driver;
  vendor: string;
  model: string;
  start: number;
  end: number;
  firmware: string[];
}

interface Variant {
  chip: Chip;
  svid: string;
  ssid: string;
  start: number;
  end: number;
  entry: HclDevice;
}

interface Family {
  name: string;
  start: number;
  end: number;
  models: { model: string; start: number; end: number }[];
}

interface VendorState {
  def: VendorDef;
  families: Family[];
  addOns: { addOn: AddOn; k: number }[];
  /** src: the update the package's drivers were built for */
  packages: { pkg: HardwareSupportPackage; k: number; src: number }[];
  /** variants with this vendor's subsystem id */
  variants: Variant[];
  /** names of drivers of this vendor's variants */
  drivers: Set<string>;
}

/** index of the firmware (in chip.firmware) that is "current" at update k */
function fwIndex(chip: Chip, k: number): number {
  return clamp(k - chip.start + 1, 0, chip.firmware.length - 1);
}

// ───────────────────────────────────────────── the generator ──

export function generateFleet(params: FleetParams, seed: number): Fleet {
  const root = new Rng(seed);
  const cat = new Catalog();

  // ── timeline and base images ─────────────────────────────────────
  const rt = root.fork('timeline');
  const { updates, firstSeriesEnd } = buildUpdates(rt, params.baseImages);
  const U = updates.length;
  const last = U - 1;

  // patches per update
  const patchCounts = updates.map(() => 1);
  for (let i = U; i < params.baseImages; i++) {
    // later updates of a series tend to get more patches
    const k = rt.chance(0.5) ? rt.int(0, last) : rt.int(Math.floor(last / 2), last);
    patchCounts[k]!++;
  }
  // schedule: days, then builds in chronological order
  const schedule: { k: number; p: number; day: number; rel: number; build: number }[] = [];
  for (const up of updates) {
    let day = up.gaDay;
    let rel = 0;
    for (let p = 0; p < patchCounts[up.idx]!; p++) {
      if (p > 0) {
        day += rt.int(18, 55);
        rel += 5 * rt.int(1, 4);
      }
      schedule.push({ k: up.idx, p, day, rel, build: 0 });
    }
  }
  {
    const chrono = schedule.slice().sort((a, b) => a.day - b.day || a.k - b.k || a.p - b.p);
    let build = 15_800_000 + rt.int(0, 400_000);
    for (const s of chrono) {
      build += rt.int(90_000, 480_000);
      s.build = build;
    }
    for (const s of schedule) if (s.p === 0) updates[s.k]!.gaBuild = s.build;
  }

  // inbox lifecycles: real drivers, legacy drivers, platform components, synthetic inbox drivers
  const ri = root.fork('inbox');
  const drivers = new Map<string, Driver>();
  const mkDriver = (d: Omit<Driver, 'vmw' | 'oem' | 'inboxAt'>): Driver => {
    const full: Driver = { ...d, vmw: new Map(), oem: new Map(), inboxAt: new Map() };
    drivers.set(d.name, full);
    return full;
  };
  const INF = Number.MAX_SAFE_INTEGER;
  for (const [name, vendor, cls, vids] of REAL_DRIVERS) {
    mkDriver({
      name,
      vendor,
      cls,
      vids,
      inbox: true,
      real: true,
      start: -ri.int(1, 9),
      end: INF,
      major: ri.int(1, 5),
      baseDep: ri.chance(0.25),
      reboot: true,
    });
  }
  for (const [legacy, repl, vendor, cls, vid] of LEGACY_DRIVERS) {
    mkDriver({
      name: legacy,
      vendor,
      cls,
      vids: [vid],
      inbox: true,
      real: true,
      start: -ri.int(3, 9),
      end: firstSeriesEnd,
      major: ri.int(1, 4),
      baseDep: false,
      reboot: true,
      replacedBy: repl,
    });
    drivers.get(repl)!.replaces = legacy;
  }
  const usedNames = new Set<string>(drivers.keys());
  for (const n of ['esx-base', 'esx-update']) usedNames.add(n);
  const uniqueName = (_r: Rng, make: () => string): string => {
    for (let i = 0; ; i++) {
      const n = i < 20 ? make() : `${make()}${i}`;
      if (!usedNames.has(n)) {
        usedNames.add(n);
        return n;
      }
    }
  };
  let platformNext = 0;
  const newInbox = (k: number): Driver => {
    const start = k === 0 ? -ri.int(1, 6) : k;
    if (ri.chance(0.55)) {
      const name =
        platformNext < PLATFORM_COMPONENTS.length
          ? PLATFORM_COMPONENTS[platformNext++]!
          : uniqueName(ri, () => `VMware-${syllables(ri, 2)}`);
      usedNames.add(name);
      return mkDriver({
        name,
        vendor: 'VMware',
        cls: null,
        vids: [],
        inbox: true,
        real: false,
        start,
        end: INF,
        major: ri.int(1, 4),
        baseDep: ri.chance(0.15),
        reboot: ri.chance(0.6),
      });
    }
    const cls = ri.pick(CLASSES);
    const cv = ri.pick(CHIP_VENDORS.filter((c) => c.classes.includes(cls)));
    const name = uniqueName(ri, () => `${cv.prefix}-${syllables(ri, 2)}${CLASS_SUFFIX[cls]}`);
    return mkDriver({
      name,
      vendor: cv.display,
      cls,
      vids: [cv.vid],
      inbox: true,
      real: false,
      start,
      end: INF,
      major: ri.int(1, 6),
      baseDep: ri.chance(0.2),
      reboot: true,
    });
  };
  const inboxBase = clamp(Math.round(24 + 8 * Math.log10(Math.max(1, params.baseImages))), 26, 60);
  const target = (k: number): number => inboxBase + Math.min(24, Math.floor(k * 0.5));
  {
    const alive: Driver[] = [...drivers.values()].filter((d) => d.end === INF);
    for (let k = 0; k < U; k++) {
      const boundary = k > 0 && updates[k]!.seriesIdx !== updates[k - 1]!.seriesIdx;
      for (let i = alive.length - 1; i >= 0; i--) {
        const d = alive[i]!;
        if (d.real || k === 0) continue;
        if (ri.chance(boundary ? 0.15 : 0.02)) {
          d.end = k - 1;
          alive.splice(i, 1);
        }
      }
      while (alive.length < target(k)) alive.push(newInbox(k));
    }
    for (const d of drivers.values()) if (d.end === INF) d.end = last;
  }
  const aliveAt = (d: Driver, k: number): boolean => d.start <= k && k <= d.end;
  const localIdx = (d: Driver, k: number): number => k - d.start + 1;

  const vmwComponent = (d: Driver, up: Update, version: string, day: number): Component =>
    component(d.name, version, d.vendor, {
      release_date: isoDay(day),
      depends: [{ name: up.vmkapi }, ...(d.baseDep ? [{ name: 'esx-base', relation: '>=' as const, version: up.prefix }] : [])],
      reboot_required: d.reboot,
    });

  const baseInfos: BaseInfo[] = [];
  {
    const rb = root.fork('bases');
    const inboxList = [...drivers.values()].filter((d) => d.inbox);
    const bumps = new Map<string, number>();
    let prevMap: ComponentMap = {};
    for (const s of schedule) {
      const up = updates[s.k]!;
      const version = `${up.prefix}-0.${s.rel}.${s.build}`;
      const display = `${up.series}${up.u > 0 ? ` U${up.u}` : ''}${s.p > 0 ? (s.p <= 26 ? String.fromCharCode(96 + s.p) : ` P${pad(s.p, 2)}`) : ''}`;
      const day = s.day;
      cat.add(
        component('esx-base', version, 'VMware', {
          display_name: 'ESXi Base',
          release_date: isoDay(day),
          depends: [{ name: 'esx-update', relation: '>=', version: up.prefix }],
          provides: up.provides,
          reboot_required: true,
        }),
      );
      cat.add(component('esx-update', version, 'VMware', { display_name: 'ESXi Install/Upgrade', release_date: isoDay(day) }));
      const map: ComponentMap = { 'esx-base': version, 'esx-update': version };
      for (const d of inboxList) {
        if (!aliveAt(d, s.k)) continue;
        let v: string | undefined;
        const carry =
          s.p === 0 && s.k > 0 && prevMap[d.name] !== undefined && updates[s.k - 1]!.seriesIdx === up.seriesIdx && rb.chance(0.45);
        if (s.p === 0 && !carry) {
          v = `${d.major}.${localIdx(d, s.k)}.0.${rb.int(1, 9)}-1vmw.${up.tag}.0.0.${s.build}`;
        } else if (rb.chance(d.cls !== null ? 0.07 : 0.03)) {
          // a patch refreshes the inbox build; it may overtake the update's OEM builds
          const jb = (bumps.get(`${d.name}|${s.k}`) ?? 0) + rb.int(1, 2);
          bumps.set(`${d.name}|${s.k}`, jb);
          v = `${d.major}.${localIdx(d, s.k) + (rb.chance(0.2) ? 1 : 0)}.${jb}.${rb.int(1, 9)}-1vmw.${up.tag}.0.${s.rel}.${s.build}`;
        }
        if (v !== undefined) {
          cat.add(vmwComponent(d, up, v, day));
          let list = d.vmw.get(s.k);
          if (!list) d.vmw.set(s.k, (list = []));
          list.push(v);
          map[d.name] = v;
        } else {
          // an update of the same series often ships the previous update's inbox build unchanged
          map[d.name] = prevMap[d.name]!;
        }
        let at = d.inboxAt.get(s.k);
        if (!at) d.inboxAt.set(s.k, (at = []));
        if (!at.includes(map[d.name]!)) at.push(map[d.name]!);
      }
      prevMap = map;
      const image: BaseImage = { version, display_version: display, release_date: isoDay(day), components: map };
      const info: BaseInfo = { image, update: up, patch: s.p, build: s.build, rel: s.rel, day };
      up.bases.push(info);
      baseInfos.push(info);
    }
  }

  // ── solutions and their components ────────────────────────────────
  const rs = root.fork('solutions');
  const solutions: { def: SolutionDef; list: { sol: Solution; k: number }[] }[] = [];
  {
    const defs: SolutionDef[] = [];
    for (let i = 0; i < params.solutions; i++) {
      defs.push(
        SOLUTION_DEFS[i] ?? {
          name: `com.example.solution${i + 1}`,
          display: `Partner Solution ${i + 1}`,
          aligned: false,
          major: 1 + (i % 5),
          comps: [`partner${i + 1}-agent`],
        },
      );
    }
    // aligned components are shared across solutions (vsan): versions generated once per update
    const alignedBuilds = new Map<string, string[]>();
    const alignedComp = (name: string, solVersion: string, up: Update, capped: boolean): string[] => {
      const key = `${name}|${solVersion}`;
      let list = alignedBuilds.get(key);
      if (list) return list;
      list = [];
      const n = rs.int(1, 2);
      const next = updates[up.idx + 1];
      for (let b = 1; b <= n; b++) {
        const v = `${solVersion}-0.${5 * b + rs.int(0, 4)}.${up.gaBuild + b * rs.int(1000, 90_000)}`;
        const deps: Constraint[] = [{ name: 'esx-base', relation: '>=', version: up.prefix }];
        if (capped && next && b === 1 && rs.chance(0.3)) deps.push({ name: 'esx-base', relation: '<<', version: next.prefix });
        const fixedIn = up.bases[1];
        const conflicts: Constraint[] =
          fixedIn && b === 1 && rs.chance(0.2) ? [{ name: 'esx-base', relation: '<<', version: fixedIn.image.version }] : [];
        cat.add(
          component(name, v, 'VMware', {
            release_date: isoDay(up.gaDay + 7 * b),
            depends: deps,
            conflicts,
            reboot_required: rs.chance(0.5),
          }),
        );
        list.push(v);
      }
      alignedBuilds.set(key, list);
      return list;
    };
    for (const def of defs) {
      const list: { sol: Solution; k: number }[] = [];
      const V = params.versionsPerSolution;
      if (def.aligned) {
        let ks: number[];
        if (V <= U) {
          // a version for the first update of each series (so that every update has one that
          // supports it) and for some others
          const firsts = updates.filter((u) => u.u === 0 || u.idx === 0).map((u) => u.idx);
          const fixed = firsts.length <= V ? firsts : rs.sample(firsts, V);
          const rest = rs.sample(
            updates.map((u) => u.idx).filter((k) => !fixed.includes(k)),
            V - fixed.length,
          );
          ks = [...fixed, ...rest].sort((a, b) => a - b);
        } else {
          ks = updates.map((u) => u.idx);
          while (ks.length < V) ks.push(rs.int(0, last));
          ks.sort((a, b) => a - b);
        }
        const perUpdate = new Map<number, number>();
        for (const k of ks) {
          const up = updates[k]!;
          const m = perUpdate.get(k) ?? 0;
          perUpdate.set(k, m + 1);
          const version = m === 0 ? up.prefix : `${up.prefix}.${m}`;
          // supported: its update, the updates of the series up to the next version's, and often
          // that one (or one more) too
          const supported = [up.prefix];
          const nextK = ks.find((x) => x > k) ?? Math.min(last, k + 1 + (rs.chance(0.5) ? 1 : 0));
          const until = nextK + (rs.chance(0.4) ? 0 : -1);
          for (let j = k + 1; j <= until && j <= last; j++) {
            if (updates[j]!.seriesIdx === up.seriesIdx) supported.push(updates[j]!.prefix);
          }
          const constraints: Constraint[] = [];
          for (const c of def.comps) {
            const builds = alignedComp(c, version, up, supported.length === 1);
            if (def.exact) constraints.push({ name: c, relation: '=', version: builds[0]! });
            else constraints.push({ name: c, relation: '>=', version });
          }
          list.push({
            sol: { name: def.name, version, display_name: def.display, supported_base_image_versions: supported, components: constraints },
            k,
          });
        }
      } else {
        for (let i = 0; i < V; i++) {
          const k = clamp(Math.floor((i * U) / V) + rs.int(0, 1), 0, last);
          const up = updates[k]!;
          const version = `${def.major + Math.floor(i / 4)}.${i % 4}.${rs.int(0, 3)}`;
          const lo = Math.max(0, k - rs.int(0, 1));
          const hi = Math.min(last, k + rs.int(1, 2));
          let supported: string[] = [];
          for (let j = lo; j <= hi; j++) supported.push(updates[j]!.prefix);
          if (rs.chance(0.15)) supported = [up.series];
          const constraints: Constraint[] = [];
          for (const c of def.comps) {
            const n = rs.int(1, 2);
            for (let b = 1; b <= n; b++) {
              const v = `${version}.${b}-${up.tag}.${up.gaBuild + rs.int(1000, 900_000)}`;
              // now and then a build is known not to work with the first builds of its oldest update
              const fixedIn = updates[lo]!.bases[1];
              const conflicts: Constraint[] =
                fixedIn && rs.chance(0.3) ? [{ name: 'esx-base', relation: '<<', version: fixedIn.image.version }] : [];
              cat.add(
                component(c, v, 'VMware', {
                  release_date: isoDay(up.gaDay + 10 * b),
                  depends: [{ name: 'esx-base', relation: '>=', version: updates[lo]!.prefix }, { name: updates[lo]!.vmkapi }],
                  conflicts,
                  reboot_required: false,
                }),
              );
            }
            constraints.push({ name: c, relation: '>=', version });
          }
          list.push({
            sol: { name: def.name, version, display_name: def.display, supported_base_image_versions: supported, components: constraints },
            k,
          });
        }
      }
      solutions.push({ def, list });
    }
  }

  // ── user components (CLI tools users add to the image) ─────────────
  const ru = root.fork('user');
  const namesTarget = Math.max(1, Math.round(params.componentVersions / Math.max(1, params.versionsPerComponent)));
  const userComps: { name: string; versions: { v: string; k: number }[] }[] = [];
  {
    const n = clamp(Math.round(namesTarget * 0.01), 3, 40);
    const per = clamp(Math.round(params.versionsPerComponent * 0.8), 4, 16);
    for (let i = 0; i < n; i++) {
      const [name, vendor] = USER_COMPONENTS[i] ?? [
        uniqueName(ru, () => `${ru.pick(CHIP_VENDORS).prefix}-${syllables(ru, 2)}cli`),
        'Partner',
      ];
      usedNames.add(name);
      const versions: { v: string; k: number }[] = [];
      const base = ru.int(1, 7);
      for (let j = 0; j < per; j++) {
        const k = clamp(Math.floor((j * U) / per) + ru.int(0, 1), 0, last);
        const up = updates[k]!;
        const v = `${pad(base + Math.floor(j / 10), 3)}.${2300 + 10 * j + ru.int(0, 9)}.0000.0000-${pad(ru.int(1, 40), 2)}`;
        const conflicts: Constraint[] = [];
        if (i === 1 && j === 0) conflicts.push({ name: USER_COMPONENTS[0]![0] });
        cat.add(
          component(name, v, vendor, {
            release_date: isoDay(up.gaDay + 20),
            depends: [{ name: up.vmkapi }],
            conflicts,
            reboot_required: false,
          }),
        );
        versions.push({ v, k });
      }
      userComps.push({ name, versions });
    }
  }

  // ── vendors (tools are counted now, generated with the add-ons) ─────
  const nVendors = Math.max(1, Math.ceil(params.addOns / Math.max(1, params.addOnsPerVendor)));
  const rv = root.fork('vendors');
  const vendorDefs: VendorDef[] = [];
  {
    const usedSvid = new Set<string>([...CHIP_VIDS, ...REAL_VENDORS.map((v) => v.svid)]);
    for (let i = 0; i < nVendors; i++) {
      if (i < REAL_VENDORS.length) vendorDefs.push(REAL_VENDORS[i]!);
      else {
        let svid = rv.hex4();
        while (usedSvid.has(svid) || svid === '0000' || svid === 'ffff') svid = rv.hex4();
        usedSvid.add(svid);
        vendorDefs.push(syntheticVendor(i, svid));
      }
      usedNames.add(vendorDefs[i]!.tool);
    }
  }

  // ── async (non-inbox) drivers ──────────────────────────────────────
  const ra = root.fork('async');
  {
    const others = cat.byName.size + nVendors;
    const nAsync = Math.max(4, namesTarget - others);
    const weights = [0.4, 0.25, 0.15, 0.2];
    for (let i = 0; i < nAsync; i++) {
      const cls = ra.weighted(CLASSES, weights);
      const cv = ra.pick(CHIP_VENDORS.filter((c) => c.classes.includes(cls)));
      const name = uniqueName(ra, () => `${cv.prefix}-${syllables(ra, ra.int(1, 2))}${CLASS_SUFFIX[cls]}`);
      const start = clamp(ra.int(-Math.floor(U / 4), last), 0, last);
      const len = Math.max(2, Math.round(U * (0.35 + 0.45 * ra.next())));
      mkDriver({
        name,
        vendor: cv.display,
        cls,
        vids: cls === 'ssd' && ra.chance(0.3) ? ra.sample(SSD_VIDS, 2) : [cv.vid],
        inbox: false,
        real: false,
        start,
        end: Math.min(last, start + len - 1),
        major: ra.int(1, 9),
        baseDep: ra.chance(0.2),
        reboot: true,
      });
    }
  }

  // ── OEM driver builds: the rest of the component budget ────────────
  {
    const ro = root.fork('oem');
    const remaining = params.componentVersions - cat.count - params.addOns;
    const slots: { d: Driver; k: number; n: number }[] = [];
    for (const d of drivers.values()) {
      if (d.cls === null) continue;
      for (let k = Math.max(0, d.start); k <= Math.min(last, d.end); k++) slots.push({ d, k, n: 0 });
    }
    ro.shuffle(slots);
    // async drivers first so that most of them get at least one build per update they live in
    slots.sort((a, b) => Number(a.d.inbox) - Number(b.d.inbox));
    let left = Math.max(0, remaining);
    while (left > 0 && slots.length > 0) {
      for (const s of slots) {
        if (left === 0) break;
        // later rounds spread unevenly: popular drivers get more builds
        if (s.n > 0 && !ro.chance(s.d.real ? 0.9 : 0.5)) continue;
        s.n++;
        left--;
      }
    }
    slots.sort((a, b) => (a.d.name < b.d.name ? -1 : a.d.name > b.d.name ? 1 : a.k - b.k));
    for (const s of slots) {
      if (s.n === 0) continue;
      const up = updates[s.k]!;
      const d = s.d;
      const list: string[] = [];
      const next = updates.find((x) => x.seriesIdx === up.seriesIdx + 1);
      for (let j = 1; j <= s.n; j++) {
        // OEM builds run one minor ahead of the inbox build of their update: they stay newer than
        // the next update's inbox build unless that one is refreshed (then a DOWNGRADE)
        const v = `${d.major}.${localIdx(d, s.k) + 1}.${j}.0-1OEM.${up.tag}.0.0.${up.gaBuild - ro.int(1000, 2_000_000)}`;
        const depends: Constraint[] = [{ name: up.vmkapi }];
        if (d.baseDep) depends.push({ name: 'esx-base', relation: '>=', version: up.prefix });
        if (next && ro.chance(0.08)) depends.push({ name: 'esx-base', relation: '<<', version: next.series });
        const conflicts: Constraint[] = d.replaces ? [{ name: d.replaces }] : [];
        cat.add(component(d.name, v, d.vendor, { release_date: isoDay(up.gaDay + ro.int(10, 200)), depends, conflicts }));
        list.push(v);
      }
      d.oem.set(s.k, list);
    }
  }

  // ── HCL: releases, servers, devices ────────────────────────────────
  const rh = root.fork('hcl');
  const releases = updates.map((up) => ({ name: up.release, base_image_versions: [up.prefix] }));
  const vendors: VendorState[] = vendorDefs.map((def) => ({
    def,
    families: [],
    addOns: [],
    packages: [],
    variants: [],
    drivers: new Set(),
  }));
  const servers: HclServer[] = [];
  for (const vs of vendors) {
    const F = 2 + Math.floor(U / 8);
    const maxModels = Math.min(9, 2 + Math.floor(U / 6));
    for (let j = 0; j < F; j++) {
      const start = clamp(Math.floor(((j - 1) * U) / F) + rh.int(0, 1), 0, last);
      const end = j === F - 1 ? last : clamp(Math.floor(((j + 3) * U) / F) - 1 - rh.int(0, 1), start, last);
      const g = vs.def.gen0 + j;
      const fam: Family = { name: vs.def.family(g), start, end, models: [] };
      const nm = rh.int(2, maxModels);
      for (let i = 0; i < nm; i++) {
        const ms = clamp(start + (rh.chance(0.3) ? 1 : 0), start, end);
        const me = clamp(end - (rh.chance(0.25) ? 1 : 0), ms, end);
        const model = vs.def.model(g, i);
        fam.models.push({ model, start: ms, end: me });
        const rels: string[] = [];
        for (let k = ms; k <= me; k++) rels.push(updates[k]!.release);
        servers.push({ vendor: vs.def.name, model, releases: rels });
      }
      vs.families.push(fam);
    }
  }

  const chips: Chip[] = [];
  const variants: Variant[] = [];
  const hclDevices: HclDevice[] = [];
  const usedDid = new Map<string, Set<string>>();
  const deviceKeys = new Set<string>();
  {
    const byClass = new Map<DevClass, { inbox: Driver[]; async: Driver[] }>();
    for (const c of CLASSES) byClass.set(c, { inbox: [], async: [] });
    for (const d of drivers.values()) {
      if (d.cls === null) continue;
      if (d.start > last || d.end < 0) continue;
      const e = byClass.get(d.cls)!;
      (d.inbox ? e.inbox : e.async).push(d);
    }
    const avgVariants = params.hclDevices < 500 ? 5 : params.hclDevices < 10_000 ? 6 : 8;
    const classWeights = [0.35, 0.2, 0.3, 0.15];
    const driverVersionsAt = (d: Driver, k: number, mode: number): string[] => {
      const vmw = d.inboxAt.get(k) ?? [];
      const oem = (d.oem.get(k) ?? []).slice();
      // OEM builds for earlier updates of the series still load (their vmkapi level is provided)
      for (let j = k - 1; j >= Math.max(0, k - 2); j--) {
        if (updates[j]!.seriesIdx === updates[k]!.seriesIdx && rh.chance(0.6)) oem.push(...(d.oem.get(j) ?? []));
      }
      if (mode < 0.86) return [...vmw, ...oem];
      if (mode < 0.93) return oem.length > 0 ? oem : vmw.slice();
      return vmw.length > 0 ? vmw.slice() : oem;
    };
    while (variants.length < params.hclDevices) {
      const cls = rh.weighted(CLASSES, classWeights);
      const pool = byClass.get(cls)!;
      const useInbox = pool.async.length === 0 || (pool.inbox.length > 0 && rh.chance(0.55));
      const driver = rh.pick(useInbox ? pool.inbox : pool.async);
      const vid = rh.pick(driver.vids);
      let dids = usedDid.get(vid);
      if (!dids) usedDid.set(vid, (dids = new Set()));
      let did = rh.hex4();
      while (dids.has(did) || did === '0000' || did === 'ffff') did = rh.hex4();
      dids.add(did);
      const ds = Math.max(0, driver.start);
      const de = Math.min(last, driver.end);
      let cs = rh.int(ds, de);
      if (rh.chance(0.4)) cs = Math.max(ds, cs - rh.int(1, 4));
      const ce = Math.min(de, cs + rh.int(6, 14) - 1);
      const fwLen = ce - cs + 5;
      const fwMajor = rh.int(1, 30);
      const firmware: string[] = [];
      for (let i = 0; i < fwLen; i++) firmware.push(`${fwMajor + Math.floor(i / 3)}.${(i % 3) * 10 + rh.int(0, 9)}`);
      const chipVendor = CHIP_VENDORS.find((c) => c.vid === vid)!;
      const chip: Chip = {
        vid,
        did,
        cls,
        driver,
        vendor: chipVendor.display,
        model: chipModel(rh, chipVendor, cls),
        start: cs,
        end: ce,
        firmware,
      };
      chips.push(chip);
      const nv = Math.min(params.hclDevices - variants.length, rh.int(1, 2 * avgVariants - 1));
      let wildcard = false;
      for (let i = 0; i < nv; i++) {
        let svid: string;
        let ssid: string;
        const x = rh.next();
        if (x < 0.05 && !wildcard) {
          wildcard = true;
          svid = '*';
          ssid = '*';
        } else {
          svid = x < 0.75 ? rh.pick(vendors).def.svid : vid;
          ssid = rh.hex4();
        }
        let key = `${vid}:${did}:${svid}:${ssid}`;
        while (deviceKeys.has(key)) {
          ssid = rh.hex4();
          key = `${vid}:${did}:${svid}:${ssid}`;
        }
        deviceKeys.add(key);
        const vsStart = clamp(cs + (rh.chance(0.15) ? 1 : 0), cs, ce);
        const vsEnd = clamp(ce - (rh.chance(0.1) ? 1 : 0), vsStart, ce);
        const rels: Record<string, HclRow[]> = {};
        // whether the entry lists inbox builds, OEM builds or both is mostly a property of the entry
        const entryMode = rh.next();
        for (let k = vsStart; k <= vsEnd; k++) {
          const mode = rh.chance(0.05) ? rh.next() : entryMode;
          const rows: HclRow[] = [];
          const dv = driverVersionsAt(driver, k, mode);
          const idx = fwIndex(chip, k);
          const fw = rh.chance(0.3) ? [] : firmware.slice(Math.max(0, idx - rh.int(3, 5)), idx + 4);
          if (dv.length > 0) rows.push({ driver: driver.name, driver_versions: dv, firmware_versions: fw });
          if (driver.replacedBy) {
            const repl = drivers.get(driver.replacedBy)!;
            const rv2 = driverVersionsAt(repl, k, 0);
            if (rv2.length > 0) rows.push({ driver: repl.name, driver_versions: rv2, firmware_versions: fw.slice() });
          }
          if (rows.length > 0) rels[updates[k]!.release] = rows;
        }
        const vendorOf = vendors.find((v) => v.def.svid === svid);
        const entry: HclDevice = {
          vid,
          did,
          svid,
          ssid,
          class: cls,
          vendor: chip.vendor,
          model: vendorOf ? `${chip.model} (${vendorOf.def.name.split(' ')[0]})` : chip.model,
          releases: rels,
        };
        hclDevices.push(entry);
        const variant: Variant = { chip, svid, ssid, start: vsStart, end: vsEnd, entry };
        variants.push(variant);
        if (vendorOf) {
          vendorOf.variants.push(variant);
          vendorOf.drivers.add(driver.name);
          if (driver.replacedBy) vendorOf.drivers.add(driver.replacedBy);
        }
      }
    }
  }
  const certifiedAt = (v: Variant, k: number): boolean => v.entry.releases[updates[k]!.release] !== undefined;

  // ── add-ons ────────────────────────────────────────────────────────
  const rA = root.fork('addons');
  const addOns: AddOn[] = [];
  const perVendor = (total: number, i: number): number => Math.floor(total / nVendors) + (i < total % nVendors ? 1 : 0);
  const familiesAt = (vs: VendorState, k: number): Family[] => vs.families.filter((f) => f.start <= k && k <= f.end);
  const spreadOverTimeline = (r: Rng, n: number): number[] => {
    const ks: number[] = [];
    for (let i = 0; i < n; i++) ks.push(clamp(Math.floor(((i + r.next()) * U) / n), 0, last));
    return ks.sort((a, b) => a - b);
  };
  vendors.forEach((vs, vi) => {
    const n = perVendor(params.addOns, vi);
    const ks = spreadOverTimeline(rA, n);
    const toolCount = new Map<number, number>();
    let prevK = -1;
    let x = 0;
    const vendorDrivers = [...vs.drivers].map((name) => drivers.get(name)!);
    const allClassful = [...drivers.values()].filter((d) => d.cls !== null);
    for (const k of ks) {
      const up = updates[k]!;
      x = k === prevK ? x + rA.int(1, 3) : rA.int(1, 5);
      prevK = k;
      const version = `${up.tag}.0.0.${vs.def.addOnMajor}.${x}.${rA.int(0, 2)}-${rA.int(1, 40)}`;
      // the vendor's management tool
      const tc = (toolCount.get(up.seriesIdx) ?? 0) + 1;
      toolCount.set(up.seriesIdx, tc);
      const toolVersion = `${vs.def.toolBase + up.seriesIdx}.${tc}.0.0-${rA.int(1000, 9999)}`;
      const toolDeps: Constraint[] = rA.chance(0.35)
        ? [{ name: 'esx-platform', relation: '>=', version: up.prefix }]
        : rA.chance(0.5)
          ? [{ name: 'esx-base', relation: '>=', version: up.prefix }]
          : [{ name: up.vmkapi }];
      cat.add(
        component(vs.def.tool, toolVersion, vs.def.name, {
          release_date: isoDay(up.gaDay + rA.int(5, 90)),
          depends: toolDeps,
          reboot_required: false,
        }),
      );
      const components: ComponentMap = { [vs.def.tool]: toolVersion };
      const removed: string[] = [];
      // OEM driver overrides
      let cands = vendorDrivers.filter((d) => (d.oem.get(k)?.length ?? 0) > 0);
      if (cands.length < 2) cands = cands.concat(allClassful.filter((d) => (d.oem.get(k)?.length ?? 0) > 0 && !vs.drivers.has(d.name)));
      const nd = Math.min(cands.length, params.addOns <= 20 ? rA.int(1, 3) : rA.int(2, 6));
      for (const d of rA.sample(cands, nd)) {
        const list = d.oem.get(k)!;
        const j = Math.max(0, list.length - 1 - rA.int(0, 1));
        components[d.name] = list[j]!;
        if (d.replaces && aliveAt(drivers.get(d.replaces)!, k) && rA.chance(0.8)) removed.push(d.replaces);
      }
      if (rA.chance(0.1)) {
        const plat = [...drivers.values()].filter((d) => d.cls === null && aliveAt(d, k));
        if (plat.length > 0) removed.push(rA.pick(plat).name);
      }
      const fams = familiesAt(vs, k);
      let famNames = fams.map((f) => f.name);
      if (famNames.length > 1 && rA.chance(0.2)) famNames = famNames.slice(1);
      if (rA.chance(0.1)) famNames = [];
      // an add-on supports its update and often the next ones of the series (then an update whose
      // inbox drivers overtook its OEM builds is a DOWNGRADE); an x.0 add-on may claim the series
      let supported = [up.prefix];
      for (let j = k + 1, r = rA.weighted([0, 1, 2, 3], [0.15, 0.3, 0.35, 0.2]); j <= Math.min(last, k + r); j++) {
        if (updates[j]!.seriesIdx === up.seriesIdx) supported.push(updates[j]!.prefix);
      }
      if (up.u === 0 && rA.chance(0.3)) supported = [up.series];
      const addOn: AddOn = {
        name: vs.def.addOn,
        version,
        display_name: `${vs.def.name.split(' ')[0]} add-on for ESXi ${up.series}${up.u > 0 ? ` U${up.u}` : ''}`,
        vendor: vs.def.name,
        hardware: { vendor: vs.def.name, families: famNames },
        supported_base_image_versions: supported,
        components,
        removed_components: removed,
      };
      addOns.push(addOn);
      vs.addOns.push({ addOn, k });
    }
  });

  // ── hardware support packages ──────────────────────────────────────
  const rP = root.fork('packages');
  const packages: HardwareSupportPackage[] = [];
  vendors.forEach((vs, vi) => {
    const n = perVendor(params.hardwareSupportPackages, vi);
    const items = spreadOverTimeline(rP, n).map((k) => ({ k, day: updates[k]!.gaDay + rP.int(0, 100) }));
    items.sort((a, b) => a.day - b.day || a.k - b.k);
    let prevYm = '';
    let nn = 0;
    for (const { k, day } of items) {
      const ym = isoDay(day).slice(0, 7).replace('-', '.');
      nn = ym === prevYm ? nn + 1 : 0;
      prevYm = ym;
      const version = `${ym}.${pad(nn, 2)}`;
      const lo = Math.max(0, k - rP.int(1, 2));
      const supported: string[] = [];
      for (let j = lo; j <= k; j++) supported.push(updates[j]!.prefix);
      if (k < last && rP.chance(0.5)) {
        supported.push(updates[k + 1]!.prefix);
        if (k + 1 < last && rP.chance(0.4)) supported.push(updates[k + 2]!.prefix);
      }
      const components: ComponentMap = {};
      const removed: string[] = [];
      // drivers mostly built for the oldest supported update (so they load on all of them)
      const src = rP.chance(0.2) ? k : lo;
      const cands = [...vs.drivers].map((nm) => drivers.get(nm)!).filter((d) => (d.oem.get(src)?.length ?? 0) > 0);
      for (const d of rP.sample(cands, rP.int(0, 3))) {
        const list = d.oem.get(src)!;
        components[d.name] = list[list.length - 1]!;
        if (d.replaces && rP.chance(0.3)) removed.push(d.replaces);
      }
      const firmware: FirmwareEntry[] = [];
      const alive = vs.variants.filter((v) => v.start <= k && k <= v.end && v.svid !== '*');
      for (const v of rP.sample(alive, rP.int(3, 14))) {
        // a firmware the HCL certifies on every supported update (now and then a too-new one)
        const newest = fwIndex(v.chip, lo) + 2;
        const oldest = Math.min(newest, fwIndex(v.chip, k) - 1);
        const fi = rP.chance(0.06) ? fwIndex(v.chip, k) + 3 : rP.int(oldest, newest);
        const fv = v.chip.firmware[Math.min(fi, v.chip.firmware.length - 1)]!;
        if (rP.chance(0.05)) firmware.push({ vid: v.chip.vid, did: v.chip.did, svid: '*', ssid: '*', version: fv });
        else firmware.push({ vid: v.chip.vid, did: v.chip.did, svid: v.svid, ssid: v.ssid, version: fv });
      }
      // one entry per device id
      const seen = new Set<string>();
      const fwUnique = firmware.filter((f) => {
        const key = `${f.vid}:${f.did}:${f.svid}:${f.ssid}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      const pkg: HardwareSupportPackage = {
        manager: vs.def.manager,
        pkg: vs.def.pkg,
        version,
        hardware: { vendor: vs.def.name, families: rP.chance(0.5) ? [] : familiesAt(vs, k).map((f) => f.name) },
        supported_base_image_versions: supported,
        components,
        removed_components: removed,
        firmware: fwUnique,
      };
      packages.push(pkg);
      vs.packages.push({ pkg, k, src: Object.keys(components).length > 0 ? src : -1 });
    }
  });

  // ── clusters ───────────────────────────────────────────────────────
  const rc = root.fork('clusters');
  const supports = (list: string[], up: Update): boolean => list.length === 0 || list.some((p) => p === up.prefix || p === up.series);
  const covers = (scope: { vendor: string; families: string[] } | undefined, vendor: string, fams: Set<string>): boolean =>
    !scope || (scope.vendor === vendor && (scope.families.length === 0 || [...fams].every((f) => scope.families.includes(f))));
  const byVendorClass = new Map<string, Variant[]>();
  for (const v of variants) {
    const key = `${v.svid === v.chip.vid ? 'retail' : v.svid}|${v.chip.cls}`;
    let l = byVendorClass.get(key);
    if (!l) byVendorClass.set(key, (l = []));
    l.push(v);
  }
  const certCache = new Map<string, Variant[]>();
  const certifiedList = (key: string, k: number): Variant[] => {
    const ck = `${key}#${k}`;
    let l = certCache.get(ck);
    if (!l) {
      l = (byVendorClass.get(key) ?? []).filter((v) => v.start <= k && k <= v.end && certifiedAt(v, k));
      certCache.set(ck, l);
    }
    return l;
  };
  const vendorWeights = vendors.map((_, i) => (i < 3 ? 3 : 1));
  const clusters: Cluster[] = [];
  const clusterPad = Math.max(2, String(params.clusters).length);
  const hostPad = Math.max(2, String(params.hostsPerCluster).length);

  for (let ci = 0; ci < params.clusters; ci++) {
    const clusterName = `cl-${pad(ci + 1, clusterPad)}`;
    const vs = rc.weighted(vendors, vendorWeights);
    // (the first cluster, the one benchmarks plan, is never mixed: its planner has add-ons to choose)
    const mixedFirst = !!params.mixedFirst && ci === 0 && vendors.length > 1;
    const mixed = mixedFirst || (ci > 0 && vendors.length > 1 && params.profilesPerCluster > 1 && rc.chance(0.08));
    // server models for each profile
    const fam0 = rc.pick(vs.families);
    const profiles: { vs: VendorState; family: Family; model: { model: string; start: number; end: number } }[] = [];
    const other = mixedFirst ? rc.pick(vendors.filter((v) => v !== vs)) : vs;
    for (let p = 0; p < params.profilesPerCluster; p++) {
      let pvs = vs;
      let fam = fam0;
      if (p > 0 && mixedFirst) {
        // a second generation of the first vendor, then two models of another vendor
        if (p >= 2) pvs = other;
        const near = pvs.families.filter((f) => f !== fam0 && f.start <= fam0.end && fam0.start <= f.end);
        fam = near.length > 0 ? rc.pick(near) : rc.pick(pvs.families);
      } else if (p > 0 && mixed) {
        pvs = rc.pick(vendors.filter((v) => v !== vs));
        fam = pvs.families.find((f) => f.start <= fam0.end && fam0.start <= f.end) ?? rc.pick(pvs.families);
      } else if (p > 0 && rc.chance(0.3)) {
        const near = vs.families.filter((f) => f !== fam0 && f.start <= fam0.end && fam0.start <= f.end);
        if (near.length > 0) fam = rc.pick(near);
      }
      profiles.push({ vs: pvs, family: fam, model: rc.pick(fam.models) });
    }
    // the releases every profile's server is certified for
    let lo = Math.max(...profiles.map((p) => p.model.start));
    let hi = Math.min(...profiles.map((p) => p.model.end));
    if (lo > hi) {
      lo = profiles[0]!.model.start;
      hi = profiles[0]!.model.end;
    }
    const kd = clamp(lo + Math.floor((hi - lo + 1) * (0.15 + 0.45 * rc.next())), lo, hi);
    const upd = updates[kd]!;
    const base = rc.pick(upd.bases.length > 2 ? upd.bases.slice(0, -1) : upd.bases);
    const fams = new Set(profiles.filter((p) => p.vs === vs).map((p) => p.family.name));

    // desired spec
    const desired: SoftwareSpec = { base_image: { version: base.image.version } };
    let addOn: AddOn | undefined;
    let pkg: HardwareSupportPackage | undefined;
    if ((!mixed || mixedFirst) && (mixedFirst || rc.chance(0.65))) {
      const ok = vs.addOns.filter(
        (a) => supports(a.addOn.supported_base_image_versions, upd) && covers(a.addOn.hardware, vs.def.name, fams),
      );
      if (ok.length > 0) {
        addOn = (rc.chance(0.5) ? ok[0]! : rc.pick(ok)).addOn;
        desired.add_on = { name: addOn.name, version: addOn.version };
      }
    }
    if (!mixed && rc.chance(0.4)) {
      const ok = vs.packages.filter((p) => supports(p.pkg.supported_base_image_versions, upd) && covers(p.pkg.hardware, vs.def.name, fams));
      const fit = ok.filter((p) => p.src === -1 || p.src === kd);
      const from = fit.length > 0 ? fit : rc.chance(0.2) ? ok : [];
      if (from.length > 0) {
        pkg = rc.pick(from).pkg;
        desired.hardware_support = { packages: { [pkg.manager]: { pkg: pkg.pkg, version: pkg.version } } };
      }
    }
    solutions.forEach((s, si) => {
      if (!rc.chance(si === 0 ? 0.6 : si === 1 ? 0.3 : 0.12)) return;
      const ok = s.list.filter((x) => supports(x.sol.supported_base_image_versions, upd));
      if (ok.length === 0) return;
      desired.solutions ??= {};
      // the newest version for the desired base, or one a user kept since an older base
      const keep = rc.chance(0.5) ? ok[0]! : ok[ok.length - 1]!;
      desired.solutions[s.def.name] = rc.chance(0.08) ? { version: null } : { version: keep.sol.version };
    });
    const userPinned: ComponentMap = {};
    if (rc.chance(0.35)) {
      desired.components = {};
      for (const uc of rc.sample(userComps, rc.chance(0.7) ? 1 : 2)) {
        const older = uc.versions.filter((x) => x.k <= kd);
        if (older.length === 0 || rc.chance(0.3)) {
          desired.components[uc.name] = null;
        } else {
          const v = (rc.chance(0.7) ? older[older.length - 1]! : rc.pick(older)).v;
          desired.components[uc.name] = v;
          userPinned[uc.name] = v;
        }
      }
    }
    // drivers the desired image brings beyond the base image
    // driver builds a valid image on the desired base can have: the desired effective image's,
    // and without a desired add-on, those of any add-on the planner may pick
    const effective = { ...base.image.components, ...installedExtras(base.image.components, addOn, pkg, userPinned) };
    const reachable = new Map<string, Set<string>>();
    const reach = (n: string, v: string) => {
      let set = reachable.get(n);
      if (!set) reachable.set(n, (set = new Set()));
      set.add(v);
    };
    for (const [n, v] of Object.entries(effective)) reach(n, v);
    if (!addOn && !mixed) {
      for (const a of vs.addOns) {
        if (supports(a.addOn.supported_base_image_versions, upd) && covers(a.addOn.hardware, vs.def.name, fams)) {
          for (const [n, v] of Object.entries(a.addOn.components)) reach(n, v);
        }
      }
    }
    const drivableMemo = new Map<Variant, boolean>();
    const drivable = (v: Variant): boolean => {
      let ok = drivableMemo.get(v);
      if (ok === undefined) {
        ok = (v.entry.releases[upd.release] ?? []).some((row) => {
          const set = reachable.get(row.driver);
          return set !== undefined && row.driver_versions.some((dv) => set.has(dv));
        });
        drivableMemo.set(v, ok);
      }
      return ok;
    };
    const usedDrivers = new Set<string>();
    const extras = installedExtras(base.image.components, addOn, pkg, userPinned);

    // device sets per profile
    const pickDevice = (pvs: VendorState, cls: DevClass): Variant | undefined => {
      const all = [...certifiedList(`${pvs.def.svid}|${cls}`, kd), ...certifiedList(`retail|${cls}`, kd), ...certifiedList(`*|${cls}`, kd)];
      if (all.length === 0) return undefined;
      const usable = all.filter(drivable);
      // most devices stay certified for a few more updates, so that upgrades exist
      const lasting = usable.filter((v) => v.end >= Math.min(last, kd + rc.int(4, 9)));
      // and most run an inbox driver, so that the base image alone can drive them
      const inbox = lasting.filter((v) => v.chip.driver.inbox);
      const pool =
        inbox.length > 0 && rc.chance(0.7)
          ? inbox
          : lasting.length > 0 && rc.chance(0.95)
            ? lasting
            : usable.length > 0 && rc.chance(0.97)
              ? usable
              : all;
      if (pkg && rc.chance(0.5)) {
        const inPkg = pool.filter((v) => pkg!.firmware.some((f) => f.vid === v.chip.vid && f.did === v.chip.did));
        if (inPkg.length > 0) return rc.pick(inPkg);
      }
      return rc.pick(pool);
    };
    const hosts: Host[] = [];
    const sizes: number[] = profiles.map(
      (_, p) => Math.floor(params.hostsPerCluster / profiles.length) + (p < params.hostsPerCluster % profiles.length ? 1 : 0),
    );
    for (let p = 0; p + 1 < sizes.length; p++) {
      const d = rc.int(0, Math.floor((sizes[p]! - 1) / 3));
      sizes[p]! -= d;
      sizes[p + 1]! += d;
    }
    let hostNo = 0;
    profiles.forEach((prof, pi) => {
      type Slot = { v: Variant | null; cls: string; vid: string; did: string; svid: string; ssid: string; fwIdx: number; fw: string };
      const slots: Slot[] = [];
      const add = (cls: DevClass, count: number) => {
        const v = pickDevice(prof.vs, cls);
        if (!v) return;
        usedDrivers.add(v.chip.driver.name);
        const svid = v.svid === '*' ? prof.vs.def.svid : v.svid;
        const ssid = v.svid === '*' ? rc.hex4() : v.ssid;
        const fwIdx = clamp(fwIndex(v.chip, kd) + rc.int(-1, 1), 0, v.chip.firmware.length - 1);
        for (let i = 0; i < count; i++)
          slots.push({ v, cls, vid: v.chip.vid, did: v.chip.did, svid, ssid, fwIdx, fw: v.chip.firmware[fwIdx]! });
      };
      add('nic', 1);
      if (rc.chance(0.7)) add('nic', rc.int(1, 2));
      add('storage_controller', 1);
      add('ssd', rc.int(1, 4));
      if (rc.chance(0.4)) add('fc_hba', 2);
      if (rc.chance(0.015)) {
        // a NIC the HCL does not know
        const dids = usedDid.get('8086') ?? new Set<string>();
        let did = rc.hex4();
        while (dids.has(did)) did = rc.hex4();
        slots.push({
          v: null,
          cls: 'nic',
          vid: '8086',
          did,
          svid: prof.vs.def.svid,
          ssid: rc.hex4(),
          fwIdx: 0,
          fw: `${rc.int(1, 9)}.${rc.int(0, 99)}`,
        });
      }
      if (rc.chance(0.5))
        slots.push({ v: null, cls: 'memory', vid: '8086', did: '0998', svid: prof.vs.def.svid, ssid: '0000', fwIdx: 0, fw: '1.0' });
      if (rc.chance(0.3))
        slots.push({
          v: null,
          cls: 'usb_controller',
          vid: '8086',
          did: rc.hex4(),
          svid: prof.vs.def.svid,
          ssid: rc.hex4(),
          fwIdx: 0,
          fw: '0.0',
        });
      for (let h = 0; h < sizes[pi]!; h++) {
        hostNo++;
        const counters: Record<string, number> = { vmnic: 0, vmhba: 0, pmem: 0, usb: 0 };
        const devices: Device[] = slots.map((s) => {
          const prefix = s.cls === 'nic' ? 'vmnic' : s.cls === 'memory' ? 'pmem' : s.cls === 'usb_controller' ? 'usb' : 'vmhba';
          const id = `${prefix}${counters[prefix]!++}`;
          let fw = s.fw;
          // firmware drift: an older build, still certified on the desired base but not later
          if (s.v && rc.chance(0.03)) fw = s.v.chip.firmware[Math.max(0, fwIndex(s.v.chip, kd) - 1)]!;
          return { id, vid: s.vid, did: s.did, svid: s.svid, ssid: s.ssid, class: s.cls, firmware_version: fw };
        });
        const host: Host = {
          name: `${clusterName}-esx-${pad(hostNo, hostPad)}`,
          vendor: prof.vs.def.name,
          model: prof.model.model,
          family: prof.family.name,
          devices,
        };
        const x = rc.next();
        if (x < 0.75) {
          host.installed = { base_image: { version: base.image.version }, components: {} };
          if (rc.chance(0.6)) host.installed.components = { ...extras };
        } else if (x < 0.95) {
          const older = baseInfos.filter((b) => b.update.idx <= kd && b.update.idx >= kd - 2 && b.image.version !== base.image.version);
          const b = older.length > 0 ? rc.pick(older) : base;
          host.installed = { base_image: { version: b.image.version }, components: {} };
        } else if (x < 0.97) {
          const newer = baseInfos.filter((b) => b.update.idx === kd && b.patch > base.patch);
          host.installed = { base_image: { version: (newer.length > 0 ? rc.pick(newer) : base).image.version }, components: {} };
        }
        hosts.push(host);
      }
    });
    if (rc.chance(0.06)) {
      // one host with firmware the HCL never certified for the desired base (a package may fix it)
      const host = rc.pick(hosts);
      const listed = host.devices.filter((d) => CLASSES.includes(d.class as DevClass));
      if (listed.length > 0) {
        const dev = rc.pick(listed);
        const v = variants.find((x) => x.chip.vid === dev.vid && x.chip.did === dev.did);
        if (v) dev.firmware_version = v.chip.firmware[Math.max(0, fwIndex(v.chip, kd) - 3)]!;
      }
    }
    if (rc.chance(0.05)) {
      const plat = Object.keys(base.image.components).filter((n) => drivers.get(n)?.cls === null && !usedDrivers.has(n));
      if (plat.length > 0) desired.removed_components = [rc.pick(plat)];
    }
    clusters.push({ name: clusterName, hosts, desired });
  }

  const lastDay = Math.max(...baseInfos.map((b) => b.day));
  const depot: Depot = {
    components: cat.all(),
    base_images: baseInfos.map((b) => b.image),
    add_ons: addOns,
    hardware_support_packages: packages,
    solutions: solutions.flatMap((s) => s.list.map((x) => x.sol)),
  };
  const hcl: Hcl = {
    updated: `${isoDay(lastDay + 30)}T00:00:00Z`,
    releases,
    servers,
    devices: hclDevices,
  };
  return { depot, hcl, clusters };
}

/** What a host that runs the desired image has on top of its base image. */
function installedExtras(
  baseMap: ComponentMap,
  addOn: AddOn | undefined,
  pkg: HardwareSupportPackage | undefined,
  user: ComponentMap,
): ComponentMap {
  const eff: ComponentMap = { ...baseMap };
  for (const layer of [addOn, pkg]) {
    if (!layer) continue;
    Object.assign(eff, layer.components);
    for (const n of layer.removed_components) delete eff[n];
  }
  Object.assign(eff, user);
  const out: ComponentMap = {};
  for (const [n, v] of Object.entries(eff)) if (baseMap[n] !== v) out[n] = v;
  return out;
}

function chipModel(r: Rng, cv: ChipVendor, cls: DevClass): string {
  const speed = r.pick(['10', '25', '40', '50', '100', '200']);
  const n3 = r.int(100, 999);
  switch (cls) {
    case 'nic':
      switch (cv.prefix) {
        case 'Intel':
          return `Ethernet Controller ${r.pick(['X', 'XL', 'E', 'XXV'])}${n3} for ${speed}GbE ${r.pick(['SFP+', 'SFP28', 'QSFP28', 'BASE-T'])}`;
        case 'Broadcom':
          return `BCM57${n3} NetXtreme-E ${speed}Gb Ethernet Controller`;
        case 'Mellanox':
          return `ConnectX-${r.int(4, 7)} ${speed}GbE ${r.pick(['Adapter', 'OCP 3.0', 'Dual Port'])}`;
        case 'Marvell':
          return `FastLinQ QL41${n3} ${speed}GbE Adapter`;
        case 'Cisco':
          return `VIC 1${n3} ${speed}Gb mLOM`;
        default:
          return `${cv.display} ${speed}GbE Adapter ${n3}`;
      }
    case 'storage_controller':
      switch (cv.prefix) {
        case 'Broadcom':
          return r.chance(0.5)
            ? `MegaRAID SAS 9${n3}-${r.pick(['8i', '16i', '24i'])}`
            : `HBA 9${n3}-${r.pick(['8i', '16e'])} SAS${r.int(3, 4)}`;
        case 'Microchip':
          return `SmartRAID 3${n3} ${r.pick(['8i', '16i'])}`;
        case 'Intel':
          return r.chance(0.5) ? `Volume Management Device NVMe RAID ${n3}` : `SATA AHCI Controller C${n3}`;
        default:
          return `${cv.display} Storage Controller ${n3}`;
      }
    case 'ssd':
      return `${cv.display} ${r.pick(['PM', 'DC', 'CD', 'P', 'SN'])}${r.int(1000, 9999)} NVMe ${r.pick(['0.96', '1.92', '3.84', '7.68', '15.36'])}TB`;
    case 'fc_hba':
      switch (cv.prefix) {
        case 'Emulex':
          return `LPe3${r.int(1000, 9999)} ${r.pick(['32', '64'])}Gb FC HBA`;
        case 'Marvell':
          return `QLE27${r.int(10, 99)} ${r.pick(['16', '32', '64'])}Gb FC HBA`;
        case 'Cisco':
          return `VIC 1${n3} FC`;
        default:
          return `${cv.display} FC HBA ${n3}`;
      }
  }
}
