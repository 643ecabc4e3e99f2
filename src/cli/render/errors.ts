// Errors for people: software errors first, then per group of hosts that share exactly the same
// errors ("esx-01, esx-02, esx-03 (3 hosts): …"), each host's errors ordered host-wide first,
// then device by device.
import type { ImageError } from '../../model/types.js';
import { plural, wrap } from './table.js';

/** The message without its leading "host NAME: " (the group heading names the hosts). */
export function withoutHost(e: ImageError): string {
  if (!e.host) return e.message;
  return e.message.split(`host ${e.host}: `).join('');
}

/** The parts of a host error's message (the validator joins same-key errors with "; host X: "). */
export function messageParts(e: ImageError): string[] {
  if (!e.host) return [e.message];
  const prefix = `host ${e.host}: `;
  return e.message.split(`; ${prefix}`).map((part) => (part.startsWith(prefix) ? part.slice(prefix.length) : part));
}

/** "esx-01, esx-02 (2 hosts)"; "all 8 hosts"; long lists are shortened. */
export function hostsLabel(hosts: readonly string[], clusterSize: number): string {
  if (hosts.length === 1) return hosts[0]!;
  if (hosts.length === clusterSize && clusterSize > 2) return `all ${clusterSize} hosts`;
  const shown = hosts.length > 6 ? [...hosts.slice(0, 5), `… ${hosts[hosts.length - 1]}`] : hosts;
  return `${shown.join(', ')} (${plural(hosts.length, 'host')})`;
}

export interface HostGroup {
  hosts: string[];
  /** one per distinct error, messages without the host prefix */
  messages: string[];
}

export interface GroupedErrors {
  software: string[];
  hosts: HostGroup[];
}

/**
 * Groups errors: software errors (no host) as they come; host errors merged when several hosts
 * have the same error (same code, device, item and words), then hosts with the same set of
 * errors merged into one group. Groups keep the order of the cluster's hosts.
 */
export function groupErrors(errors: readonly ImageError[], hostOrder: readonly string[]): GroupedErrors {
  const software: string[] = [];
  const rank = new Map(hostOrder.map((h, i) => [h, i]));
  // distinct error → the hosts having it
  const distinct = new Map<string, { error: ImageError; message: string; hosts: string[] }>();
  for (const e of errors) {
    if (!e.host) {
      software.push(e.message);
      continue;
    }
    // errors of one host merged by the validator (two identical cards) read as one each
    for (const message of messageParts(e)) {
      const key = JSON.stringify([e.code, e.device ?? '', e.item ?? '', message]);
      let d = distinct.get(key);
      if (!d) distinct.set(key, (d = { error: e, message, hosts: [] }));
      if (!d.hosts.includes(e.host)) d.hosts.push(e.host);
    }
  }
  // host set → its distinct errors
  const groups = new Map<string, { hosts: string[]; items: { error: ImageError; message: string }[] }>();
  const perHost = new Map<string, string[]>();
  for (const [key, d] of distinct) {
    for (const h of d.hosts) {
      let list = perHost.get(h);
      if (!list) perHost.set(h, (list = []));
      list.push(key);
    }
  }
  const byRank = (a: string, b: string) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0);
  for (const host of [...perHost.keys()].sort(byRank)) {
    const keys = perHost.get(host)!;
    const signature = keys.join('\n');
    let g = groups.get(signature);
    if (!g) {
      groups.set(signature, (g = { hosts: [], items: keys.map((k) => distinct.get(k)!) }));
    }
    g.hosts.push(host);
  }
  const hosts = [...groups.values()].map((g) => {
    // host-wide errors first, then by device (in the order the devices first appear)
    const devices: string[] = [];
    for (const it of g.items) if (it.error.device && !devices.includes(it.error.device)) devices.push(it.error.device);
    const order = (it: { error: ImageError }) => (it.error.device ? 1 + devices.indexOf(it.error.device) : 0);
    const items = [...g.items].sort((a, b) => order(a) - order(b));
    return { hosts: g.hosts, messages: items.map((it) => it.message) };
  });
  return { software, hosts };
}

/**
 * Reasons name their first host in `host` and every host they concern in `hosts`; this repeats
 * each for the other hosts, so the report can group hosts by the errors they share.
 */
export function expandHosts(errors: readonly ImageError[]): ImageError[] {
  const out: ImageError[] = [];
  const seen = new Set<string>();
  const keyOf = (e: ImageError) => JSON.stringify([e.code, e.host ?? '', e.device ?? '', e.item ?? '']);
  for (const e of errors) seen.add(keyOf(e));
  for (const e of errors) {
    out.push(e);
    if (!e.host) continue;
    for (const other of e.hosts ?? []) {
      if (other === e.host) continue;
      const copy: ImageError = {
        ...e,
        host: other,
        message: e.message.split(`host ${e.host}: `).join(`host ${other}: `),
      };
      if (seen.has(keyOf(copy))) continue;
      seen.add(keyOf(copy));
      out.push(copy);
    }
  }
  return out;
}

export interface ErrorListOptions {
  indent: string;
  width: number;
  clusterSize: number;
  hostOrder: readonly string[];
  /** heading of the software errors */
  softwareHeading?: string;
  bullet?: string;
}

/** Lines: software errors, then each host group with its errors, wrapped and indented. */
export function errorLines(errors: readonly ImageError[], opts: ErrorListOptions): string[] {
  const { software, hosts } = groupErrors(errors, opts.hostOrder);
  const bullet = opts.bullet ?? '- ';
  const lines: string[] = [];
  const item = (msg: string, indent: string) => lines.push(...wrap(msg, opts.width, indent + bullet, indent + ' '.repeat(bullet.length)));
  if (software.length) {
    lines.push(`${opts.indent}${opts.softwareHeading ?? 'Software (every host)'}:`);
    for (const m of software) item(m, opts.indent + '  ');
  }
  for (const g of hosts) {
    lines.push(`${opts.indent}${hostsLabel(g.hosts, opts.clusterSize)}:`);
    for (const m of g.messages) item(m, opts.indent + '  ');
  }
  return lines;
}
