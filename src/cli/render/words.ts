// Reasons and repairs in words for people: devices by the vendor and model the HCL gives them
// (PCI id or device name in parentheses), items by name and version, hosts grouped.
import type { Catalog } from '../../catalog/catalog.js';
import type { Cluster, Repair, SoftwareSpec } from '../../model/types.js';
import type { ReasonExample } from '../../whatif/types.js';
import { plural } from './table.js';

type Change = Repair['changes'][number];

/** Where device names come from: the catalog on the command line, the service's device names in the console. */
export type DeviceNames = Pick<Catalog, 'hclDevice'>;

/** "esx-05 and esx-06", "a, b and c", "all 8 hosts" (when every host of a cluster of more than two). */
export function hostList(hosts: readonly string[], clusterSize: number): string {
  if (hosts.length === clusterSize && clusterSize > 2) return `all ${clusterSize} hosts`;
  const shown = hosts.length > 6 ? [...hosts.slice(0, 5), `${hosts.length - 5} more`] : [...hosts];
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** "Intel Ethernet Controller X710" for a vid:did:svid:ssid, or the id when the HCL has no name. */
export function deviceName(catalog: DeviceNames | undefined, pci: string): string {
  const [vid, did, svid, ssid] = pci.split(':');
  const entry = catalog && vid && did && svid && ssid ? catalog.hclDevice({ vid, did, svid, ssid }) : undefined;
  const name = entry ? [entry.vendor, entry.model].filter(Boolean).join(' ') : '';
  return name || `device ${pci}`;
}

const item = (r: ReasonExample) => (r.item ?? '').replace('@', ' ');

/** A short phrase for a reason, e.g. "Intel Ethernet Controller X710 (8086:1572:1028:1f99) not certified". */
export function reasonWords(r: ReasonExample, catalog?: DeviceNames): string {
  const device = r.device ? `${deviceName(catalog, r.device)} (${r.device})` : '';
  switch (r.code) {
    case 'DEVICE_NOT_CERTIFIED':
      return `${device}: no certified driver and firmware`;
    case 'DEVICE_NOT_LISTED':
      return `${device} is not in the HCL`;
    case 'SERVER_NOT_CERTIFIED':
      return `server of ${r.host} not certified`;
    case 'HARDWARE_NOT_COVERED':
      return `${item(r)} is not for the hardware of ${r.host}`;
    case 'UNSUPPORTED_BASE_IMAGE':
      return `${item(r)} does not support the base image`;
    case 'MISSING_DEPENDENCY':
      return `${item(r)} misses a dependency`;
    case 'CONFLICT':
      return `${item(r)} conflicts with the image`;
    case 'DOWNGRADE':
      return `${item(r)} would downgrade a component`;
    case 'NOT_IN_DEPOT':
      return `${item(r)} is not in the depot`;
  }
}

/** What a set_desired change edits, in words, against the desired image it replaces. */
function desiredEdits(before: SoftwareSpec, after: SoftwareSpec): string[] {
  const out: string[] = [];
  const ref = (x?: { name: string; version: string } | null) => (x ? `${x.name} ${x.version}` : 'none');
  if (JSON.stringify(before.add_on ?? null) !== JSON.stringify(after.add_on ?? null))
    out.push(`use add-on ${ref(after.add_on)} (instead of ${ref(before.add_on)})`);
  const pkgOf = (s: SoftwareSpec) =>
    Object.entries(s.hardware_support?.packages ?? {}).map(([, p]) => ({ name: p.pkg, version: p.version }))[0];
  if (JSON.stringify(pkgOf(before) ?? null) !== JSON.stringify(pkgOf(after) ?? null))
    out.push(`use hardware support package ${ref(pkgOf(after))} (instead of ${ref(pkgOf(before))})`);
  for (const name of Object.keys(before.solutions ?? {})) if (!after.solutions?.[name]) out.push(`drop solution ${name}`);
  for (const [name, version] of Object.entries(after.components ?? {})) {
    const had = before.components?.[name];
    if (had === undefined) out.push(`add component ${name} ${version}`);
    else if (had !== version) out.push(`pin component ${name} at ${version} (instead of ${had ?? 'any version'})`);
  }
  for (const name of before.removed_components ?? []) if (!after.removed_components?.includes(name)) out.push(`stop removing ${name}`);
  return out;
}

/** One line per kind of change: desired-image edits, firmware by device and version, removals. */
export function repairWords(repair: Repair, cluster: Cluster, catalog?: DeviceNames): string[] {
  const lines: string[] = [];
  const hostOf = new Map(cluster.hosts.map((h) => [h.name, h]));
  const pciOf = (host: string, id: string) => {
    const d = hostOf.get(host)?.devices.find((x) => x.id === id);
    return d ? `${d.vid}:${d.did}:${d.svid}:${d.ssid}` : '';
  };
  const grouped = (changes: Change[], key: (c: Change) => string) => {
    const groups = new Map<string, Change[]>();
    for (const c of changes) {
      const k = key(c);
      groups.set(k, [...(groups.get(k) ?? []), c]);
    }
    return [...groups.values()];
  };
  for (const c of repair.changes)
    if (c.op === 'set_desired') lines.push(`change the desired image: ${desiredEdits(cluster.desired, c.spec).join('; ')}`);
  const onHosts = (cs: Change[]) => {
    const hosts = [...new Set(cs.map((c) => ('host' in c ? (c.host as string) : '')))];
    const ids = [...new Set(cs.map((c) => ('device' in c ? String(c.device) : '')))];
    return { hosts, ids };
  };
  const firmware = repair.changes.filter((c) => c.op === 'set_firmware');
  for (const g of grouped(firmware, (c) => (c.op === 'set_firmware' ? `${pciOf(c.host, c.device)}|${c.version}` : ''))) {
    const first = g[0]! as Extract<Change, { op: 'set_firmware' }>;
    const { hosts, ids } = onHosts(g);
    lines.push(
      `update firmware of ${deviceName(catalog, pciOf(first.host, first.device))} (${ids.join(', ')}) to ${first.version} on ${hostList(hosts, cluster.hosts.length)}`,
    );
  }
  const visits = new Set(firmware.map((c) => (c.op === 'set_firmware' ? c.host : ''))).size;
  if (visits) lines[lines.length - 1] += ` (${plural(visits, 'host visit')})`;
  const removals = repair.changes.filter((c) => c.op === 'remove_device');
  for (const g of grouped(removals, (c) => (c.op === 'remove_device' ? pciOf(c.host, c.device) : ''))) {
    const first = g[0]! as Extract<Change, { op: 'remove_device' }>;
    const { hosts, ids } = onHosts(g);
    lines.push(
      `remove ${deviceName(catalog, pciOf(first.host, first.device))} (${ids.join(', ')}) from ${hostList(hosts, cluster.hosts.length)}`,
    );
  }
  return lines;
}
