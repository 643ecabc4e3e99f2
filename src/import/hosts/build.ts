// A cluster's hosts from what operators collect on each host (docs/import.md):
// vendor and model, PCI devices with class and ids, driver and firmware versions where shown,
// and the installed image.
import * as fs from 'node:fs';
import type { Cluster, Device, Host, InstalledImage } from '../../model/types.js';
import { compareVersions, parseVersion } from '../../version/version.js';
import { classCode, deviceClass } from './classes.js';
import { hexId, keyValues, pciRecords, table, type Field } from './esxcli.js';
import { BUILTIN_FAMILY_RULES, familyOf, type FamilyRule } from './families.js';
import { lspciDevices } from './lspci.js';
import { ProblemList, type LineProblem } from './problems.js';
import { splitHosts, type HostText, type Section, type SectionKind } from './sections.js';

/** A device as imported: the model's fields plus what the inputs said of its driver and address. */
export interface ImportedDevice extends Device {
  pci_address: string;
  driver?: string;
  driver_version?: string;
}

/** Firmware of a device the inputs show none for (storage adapters, lspci): no HCL row matches it. */
export const UNKNOWN_FIRMWARE = 'unknown';

export interface ImportHostsOptions {
  cluster?: string;
  /** rules tried before the built-in ones */
  families?: readonly FamilyRule[];
}

export interface ImportedHosts {
  cluster: Cluster;
  /** facts worth telling the user that do not stop the import */
  notes: string[];
}

interface DeviceDraft {
  device: ImportedDevice;
  line: number;
}

/** Reads the files (each one host or several, see sections.ts) into one cluster. */
export function importHosts(files: readonly string[], opts: ImportHostsOptions = {}): ImportedHosts {
  const problems = new ProblemList();
  const notes: string[] = [];
  const rules = [...(opts.families ?? []), ...BUILTIN_FAMILY_RULES];
  const hosts: Host[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.add(
        file,
        0,
        code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read the file (${code})`,
      );
      continue;
    }
    const split: LineProblem[] = [];
    const texts = splitHosts(text, file, split);
    problems.addAll(file, split);
    if (texts.length === 0 && split.length === 0) problems.add(file, 0, 'no host in this file (it is empty)');
    for (const ht of texts) {
      const local: LineProblem[] = [];
      const host = buildHost(ht, rules, local, notes);
      problems.addAll(file, local);
      if (!host) continue;
      const where = `${file} line ${ht.line}`;
      const before = seen.get(host.name);
      if (before !== undefined) {
        problems.add(file, ht.line, `host ${JSON.stringify(host.name)} is already defined (${before})`);
        continue;
      }
      seen.set(host.name, where);
      hosts.push(host);
    }
  }
  problems.throwIfAny();
  return { cluster: { name: opts.cluster ?? 'imported', hosts, desired: desiredFrom(hosts, notes) }, notes };
}

function sectionsOf(ht: HostText, kind: SectionKind): Section[] {
  return ht.sections.filter((s) => s.kind === kind);
}

function buildHost(ht: HostText, rules: readonly FamilyRule[], problems: LineProblem[], notes: string[]): Host | undefined {
  const server = platform(ht, problems);
  const devices = pciDevices(ht, problems);
  if (!server || !devices) return undefined;
  const family = familyOf(server.vendor, server.model, rules);
  if (family === undefined) {
    problems.push({
      line: server.line,
      message:
        `no server family is known for vendor ${JSON.stringify(server.vendor)} model ${JSON.stringify(server.model)}: ` +
        'add a rule with --families FILE (see docs/import.md)',
    });
    return undefined;
  }
  const byId = new Map(devices.map((d) => [d.device.id, d]));
  const byAddress = new Map(devices.map((d) => [d.device.pci_address, d]));
  nicDrivers(ht, byId, byAddress, problems);
  adapterDrivers(ht, byId, problems);
  nvmeFirmware(ht, byId, problems);
  for (const { device } of devices) {
    if (device.firmware_version === UNKNOWN_FIRMWARE) {
      notes.push(`${ht.name}: ${device.id} (${device.class}) has no firmware version in the input: "${UNKNOWN_FIRMWARE}" written`);
    }
  }
  const host: Host = { name: ht.name, vendor: server.vendor, model: server.model, family, devices: devices.map((d) => d.device) };
  const inst = installed(ht, problems);
  if (inst) host.installed = inst;
  return host;
}

function platform(ht: HostText, problems: LineProblem[]): { vendor: string; model: string; line: number } | undefined {
  const sec = sectionsOf(ht, 'platform')[0] ?? sectionsOf(ht, 'dmidecode')[0];
  if (!sec) {
    problems.push({
      line: ht.line,
      message: `host ${JSON.stringify(ht.name)} has no "esxcli hardware platform get" section (vendor and model)`,
    });
    return undefined;
  }
  const kv = keyValues(sec.lines);
  const vendor = sec.kind === 'platform' ? kv.get('vendor name') : kv.get('manufacturer');
  const model = kv.get('product name');
  if (!vendor?.value || !model?.value) {
    const missing = !vendor?.value ? (sec.kind === 'platform' ? 'Vendor Name' : 'Manufacturer') : 'Product Name';
    problems.push({ line: sec.line, message: `"${sec.command}" output has no "${missing}:" line` });
    return undefined;
  }
  return { vendor: vendor.value, model: model.value, line: sec.line };
}

function idField(fields: Map<string, Field>, key: string, recordLine: number, problems: LineProblem[]): string | undefined {
  const f = fields.get(key);
  if (!f) {
    problems.push({ line: recordLine, message: `PCI device has no "${titleCase(key)}:" line` });
    return undefined;
  }
  const id = hexId(f.value);
  if (id === undefined) problems.push({ line: f.line, message: `${titleCase(key)} ${JSON.stringify(f.value)} is not a 16-bit hex id` });
  return id;
}

// As esxcli spells them, for messages.
const LABELS: Record<string, string> = {
  'vendor id': 'Vendor ID',
  'device id': 'Device ID',
  'subvendor id': 'SubVendor ID',
  'subdevice id': 'SubDevice ID',
};

function titleCase(key: string): string {
  return LABELS[key] ?? key;
}

/** Devices of the classes Strata imports, from `esxcli hardware pci list`, else from lspci. */
function pciDevices(ht: HostText, problems: LineProblem[]): DeviceDraft[] | undefined {
  const esx = sectionsOf(ht, 'pci')[0];
  const out: DeviceDraft[] = [];
  if (esx) {
    const records = pciRecords(esx.lines);
    if (records.length === 0) {
      problems.push({
        line: esx.line,
        message: 'no PCI device in this section (each starts with its address alone on a line, e.g. 0000:3b:00.0)',
      });
      return undefined;
    }
    for (const r of records) {
      const before = problems.length;
      const vid = idField(r.fields, 'vendor id', r.line, problems);
      const did = idField(r.fields, 'device id', r.line, problems);
      const svid = idField(r.fields, 'subvendor id', r.line, problems);
      const ssid = idField(r.fields, 'subdevice id', r.line, problems);
      const clsField = r.fields.get('device class');
      const code = clsField && classCode(clsField.value);
      if (!clsField) problems.push({ line: r.line, message: 'PCI device has no "Device Class:" line' });
      else if (code === undefined)
        problems.push({
          line: clsField.line,
          message: `Device Class ${JSON.stringify(clsField.value)} is not a hex class code such as 0x0200`,
        });
      if (problems.length > before || !vid || !did || !svid || !ssid || code === undefined) continue;
      const cls = deviceClass(code, vid);
      if (!cls) continue;
      const vmk = r.fields.get('vmkernel name')?.value;
      const device: ImportedDevice = {
        id: vmk || r.address,
        vid,
        did,
        svid,
        ssid,
        class: cls,
        firmware_version: UNKNOWN_FIRMWARE,
        pci_address: r.address,
      };
      const module = r.fields.get('module name')?.value;
      if (module && module !== 'None') device.driver = module;
      out.push({ device, line: r.line });
    }
    return out;
  }
  const lspci = sectionsOf(ht, 'lspci')[0];
  if (!lspci) {
    problems.push({
      line: ht.line,
      message: `host ${JSON.stringify(ht.name)} has no "esxcli hardware pci list" (or "lspci -vvnn") section`,
    });
    return undefined;
  }
  const devices = lspciDevices(lspci.lines);
  if (devices.length === 0) {
    problems.push({ line: lspci.line, message: 'no PCI device in this section (each starts with its address, e.g. 3b:00.0)' });
    return undefined;
  }
  for (const d of devices) {
    if (d.vid === undefined || d.did === undefined || d.classCode === undefined) {
      problems.push({ line: d.line, message: 'cannot read the class and ids of this device: run lspci with -nn (or -n)' });
      continue;
    }
    const cls = deviceClass(d.classCode, d.vid);
    if (!cls) continue;
    if (d.svid === undefined || d.ssid === undefined) {
      problems.push({ line: d.line, message: `${cls} device ${d.address} has no "Subsystem:" line: run lspci with -v (lspci -vvnn)` });
      continue;
    }
    const device: ImportedDevice = {
      id: d.address,
      vid: d.vid,
      did: d.did,
      svid: d.svid,
      ssid: d.ssid,
      class: cls,
      firmware_version: UNKNOWN_FIRMWARE,
      pci_address: d.address,
    };
    if (d.driver) device.driver = d.driver;
    out.push({ device, line: d.line });
  }
  return out;
}

/** The first word of a firmware string ("9.20 0x8000d8b3 22.0.9" → "9.20"), when it is a version. */
function firmwareVersion(text: string): string | undefined {
  const first = text.trim().split(/[\s,]+/)[0] ?? '';
  return first !== '' && parseVersion(first) ? first : undefined;
}

function nicDrivers(ht: HostText, byId: Map<string, DeviceDraft>, byAddress: Map<string, DeviceDraft>, problems: LineProblem[]): void {
  for (const sec of sectionsOf(ht, 'nic')) {
    const kv = keyValues(sec.lines);
    const name = sec.target ?? kv.get('name')?.value;
    let draft = name !== undefined ? byId.get(name) : undefined;
    if (!draft) {
      // "Bus Info: 0000:19:00:0" names the function after a colon.
      const bus = kv.get('bus info')?.value.replace(/:([0-7])$/, '.$1');
      draft = bus ? byAddress.get(bus) : undefined;
    }
    if (!draft) {
      problems.push({
        line: sec.line,
        message: `no network device ${name === undefined ? '' : JSON.stringify(name) + ' '}in this host's PCI list for "${sec.command}"`,
      });
      continue;
    }
    const fw = kv.get('firmware version');
    const driver = kv.get('driver');
    const version = kv.get('version');
    if (driver?.value) draft.device.driver = driver.value;
    if (version?.value) draft.device.driver_version = version.value;
    if (fw?.value) {
      const v = firmwareVersion(fw.value);
      if (v === undefined)
        problems.push({ line: fw.line, message: `firmware version ${JSON.stringify(fw.value)} does not start with a version` });
      else draft.device.firmware_version = v;
    }
  }
  for (const sec of sectionsOf(ht, 'nic_list')) {
    const t = table(sec.lines, problems, sec.command);
    for (const row of t?.rows ?? []) {
      const draft = byId.get(row.cells.get('name') ?? '');
      const driver = row.cells.get('driver');
      if (draft && driver && !draft.device.driver_version) draft.device.driver = driver;
    }
  }
}

function adapterDrivers(ht: HostText, byId: Map<string, DeviceDraft>, problems: LineProblem[]): void {
  for (const sec of sectionsOf(ht, 'adapters')) {
    const t = table(sec.lines, problems, sec.command);
    for (const row of t?.rows ?? []) {
      const draft = byId.get(row.cells.get('hba name') ?? '');
      const driver = row.cells.get('driver');
      if (draft && driver) draft.device.driver = driver;
    }
  }
}

function nvmeFirmware(ht: HostText, byId: Map<string, DeviceDraft>, problems: LineProblem[]): void {
  for (const sec of sectionsOf(ht, 'nvme')) {
    const draft = sec.target !== undefined ? byId.get(sec.target) : undefined;
    if (!draft) {
      problems.push({
        line: sec.line,
        message: `no device ${JSON.stringify(sec.target ?? '')} in this host's PCI list for "${sec.command}" (name it with -A vmhbaN)`,
      });
      continue;
    }
    const fw = keyValues(sec.lines).get('firmware revision');
    const v = fw && firmwareVersion(fw.value);
    if (fw && v === undefined) problems.push({ line: fw.line, message: `firmware revision ${JSON.stringify(fw.value)} is not a version` });
    if (v) draft.device.firmware_version = v;
  }
}

/** The installed image: the base image from the "ESXi" component (or baseimage get, or esx-base), and the other components. */
function installed(ht: HostText, problems: LineProblem[]): InstalledImage | undefined {
  let base: string | undefined;
  const components: Record<string, string> = {};
  for (const sec of sectionsOf(ht, 'components')) {
    const t = table(sec.lines, problems, sec.command);
    if (t && !t.header.includes('name')) problems.push({ line: sec.line, message: 'the component table has no "Name" column' });
    for (const row of t?.rows ?? []) {
      const name = row.cells.get('name') ?? '';
      const version = row.cells.get('version') ?? '';
      if (!name || !parseVersion(version)) {
        problems.push({ line: row.line, message: `cannot read a component name and version from this row` });
        continue;
      }
      if (name === 'ESXi') base = version;
      else components[name] = version;
    }
  }
  const bi = sectionsOf(ht, 'baseimage')[0];
  if (base === undefined && bi) {
    const v = keyValues(bi.lines).get('version');
    if (v && parseVersion(v.value)) base = v.value;
    else problems.push({ line: bi.line, message: '"esxcli software baseimage get" output has no "Version:" line with a version' });
  }
  for (const sec of base === undefined ? sectionsOf(ht, 'vibs') : []) {
    const t = table(sec.lines, problems, sec.command);
    const esxBase = t?.rows.find((r) => r.cells.get('name') === 'esx-base');
    const v = esxBase?.cells.get('version');
    if (v && parseVersion(v)) base = v;
  }
  return base === undefined ? undefined : { base_image: { version: base }, components };
}

/** The desired image: the oldest installed base image (recommendations look at it and newer). */
function desiredFrom(hosts: readonly Host[], notes: string[]): Cluster['desired'] {
  const bases = [...new Set(hosts.flatMap((h) => (h.installed ? [h.installed.base_image.version] : [])))];
  if (bases.length === 0) return {};
  bases.sort(compareVersions);
  if (bases.length > 1)
    notes.push(`hosts run different base images (${bases.join(', ')}): the desired base image is the oldest, ${bases[0]}`);
  return { base_image: { version: bases[0]! } };
}
