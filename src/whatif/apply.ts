// Applying a scenario's changes to a copy of the world, copy-on-write: only what a change touches
// is copied (a host-only scenario shares the depot and the HCL with the baseline, an HCL change
// copies the one device entry it edits). A change that cannot apply (an unknown host, a
// duplicate, removing what is not there, dangling references) makes the scenario bad: the
// error names the JSON path of the change's field, as the loaders do.
import type { Catalog } from '../catalog/catalog.js';
import { pciString } from '../catalog/catalog.js';
import { Collector } from '../load/check.js';
import { checkComponentReferences } from '../load/depot.js';
import { childPath } from '../load/errors.js';
import type {
  AddOn,
  BaseImage,
  Cluster,
  Component,
  ComponentMap,
  Depot,
  HardwareSupportPackage,
  Hcl,
  HclDevice,
  HclRow,
  Host,
  Solution,
  World,
} from '../model/types.js';
import { compareVersions, versionKey, versionsEqual } from '../version/version.js';
import type { Change, DepotKind } from './types.js';

/** A change that cannot apply to the world as the earlier changes left it. */
export class ApplyError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApplyError';
  }
}

export interface AppliedScenario {
  world: World;
  depotChanged: boolean;
  hclChanged: boolean;
  hostsChanged: boolean;
  desiredChanged: boolean;
  /**
   * The depot's changes, when every one removed a base image, add-on, package or solution (the
   * components untouched): a line per item removed, in order. Undefined after any other depot change.
   */
  depotRemovals: string[] | undefined;
}

const show = (items: readonly string[], max = 6) =>
  items.length === 0 ? 'none' : items.slice(0, max).join(', ') + (items.length > max ? `, … (${items.length} in all)` : '');

const entryIndexes = new WeakMap<readonly HclDevice[], Map<string, number>>();

/** HCL device id → position in the list, built once per list. */
function entryIndex(devices: readonly HclDevice[]): Map<string, number> {
  let m = entryIndexes.get(devices);
  if (!m) {
    m = new Map();
    devices.forEach((d, i) => m!.set(pciString(d), i));
    entryIndexes.set(devices, m);
  }
  return m;
}

/** The world being edited: every part is the baseline's until a change first writes to it. */
class Draft {
  depot: Depot;
  hcl: Hcl;
  cluster: Cluster;
  depotChanged = false;
  hclChanged = false;
  hostsChanged = false;
  desiredChanged = false;
  /** see AppliedScenario.depotRemovals */
  depotRemovals: string[] | undefined = [];
  private readonly ownDepotLists = new Set<DepotKind>();
  private ownHclDevices = false;
  private ownServers = false;
  private readonly ownHclEntries = new Set<HclDevice>();
  private ownHosts = false;
  private readonly ownHostObjects = new Set<Host>();
  private componentIndex: Map<string, Set<string>> | undefined;

  constructor(
    readonly base: World,
    private readonly catalog: Catalog | undefined,
  ) {
    this.depot = base.depot;
    this.hcl = base.hcl;
    this.cluster = base.cluster;
  }

  // ---- hosts ----

  hosts(): Host[] {
    if (!this.ownHosts) {
      this.cluster = { ...this.cluster, hosts: [...this.cluster.hosts] };
      this.ownHosts = true;
    }
    this.hostsChanged = true;
    return this.cluster.hosts;
  }

  hostIndex(name: string, path: string): number {
    const i = this.cluster.hosts.findIndex((h) => h.name === name);
    if (i < 0) {
      throw new ApplyError(
        path,
        `no host named ${JSON.stringify(name)} in cluster ${this.cluster.name} (hosts: ${show(this.cluster.hosts.map((h) => h.name))})`,
      );
    }
    return i;
  }

  /** The host at `index`, copied (with its device list) the first time it is edited. */
  editHost(index: number): Host {
    const hosts = this.hosts();
    let host = hosts[index]!;
    if (!this.ownHostObjects.has(host)) {
      host = { ...host, devices: [...host.devices] };
      hosts[index] = host;
      this.ownHostObjects.add(host);
    }
    return host;
  }

  // ---- HCL ----

  private hclRoot(): Hcl {
    if (!this.hclChanged) {
      this.hcl = { ...this.hcl };
      this.hclChanged = true;
    }
    return this.hcl;
  }

  hclEntryIndex(id: string, path: string): number {
    // entries are only ever replaced in place, so the baseline's positions hold for the copy
    const i = entryIndex(this.base.hcl.devices).get(id) ?? -1;
    if (i < 0) {
      const [vid, did] = id.split(':');
      const near = this.hcl.devices.filter((d) => d.vid === vid && d.did === did).map(pciString);
      const hint = near.length ? ` (entries for ${vid}:${did}: ${show(near)})` : '';
      throw new ApplyError(path, `the HCL has no device entry ${id}${hint}`);
    }
    return i;
  }

  editHclEntry(index: number): HclDevice {
    const hcl = this.hclRoot();
    if (!this.ownHclDevices) {
      hcl.devices = [...hcl.devices];
      this.ownHclDevices = true;
    }
    let entry = hcl.devices[index]!;
    if (!this.ownHclEntries.has(entry)) {
      entry = { ...entry, releases: { ...entry.releases } };
      hcl.devices[index] = entry;
      this.ownHclEntries.add(entry);
    }
    return entry;
  }

  servers(): Hcl['servers'] {
    const hcl = this.hclRoot();
    if (!this.ownServers) {
      hcl.servers = [...hcl.servers];
      this.ownServers = true;
    }
    return hcl.servers;
  }

  checkRelease(name: string, path: string): void {
    if (!this.hcl.releases.some((r) => r.name === name)) {
      throw new ApplyError(
        path,
        `release ${JSON.stringify(name)} is not in the HCL's releases (${show(this.hcl.releases.map((r) => JSON.stringify(r.name)))})`,
      );
    }
  }

  // ---- depot ----

  depotList<K extends DepotKind>(kind: K): Depot[K] {
    if (!this.depotChanged) {
      this.depot = { ...this.depot };
      this.depotChanged = true;
    }
    if (!this.ownDepotLists.has(kind)) {
      (this.depot as unknown as Record<DepotKind, unknown[]>)[kind] = [...this.depot[kind]];
      this.ownDepotLists.add(kind);
    }
    if (kind === 'components') this.componentIndex = undefined;
    return this.depot[kind];
  }

  /** name → version keys of the components in the depot as it is now. */
  knownComponents(): Map<string, Set<string>> {
    if (!this.componentIndex) {
      const m = new Map<string, Set<string>>();
      for (const c of this.depot.components) {
        let s = m.get(c.name);
        if (!s) m.set(c.name, (s = new Set()));
        s.add(versionKey(c.version));
      }
      this.componentIndex = m;
    }
    return this.componentIndex;
  }

  hasComponent(name: string, version: string): boolean {
    if (this.depot.components === this.base.depot.components && this.catalog && this.catalog.depot === this.base.depot) {
      return this.catalog.component(name, version) !== undefined;
    }
    return this.knownComponents().get(name)?.has(versionKey(version)) ?? false;
  }

  // ---- desired ----

  setDesired(spec: Cluster['desired']): void {
    this.cluster = { ...this.cluster, desired: spec };
    this.desiredChanged = true;
  }
}

/**
 * Applies `changes` in order to a copy of `base`. `catalog` (of the baseline depot) speeds up
 * component lookups; `path` is the JSON path of the change list in the scenario line.
 */
export function applyChanges(base: World, changes: readonly Change[], catalog?: Catalog, path = '$.changes'): AppliedScenario {
  const d = new Draft(base, catalog);
  changes.forEach((change, i) => applyOne(d, change, childPath(path, i)));
  return {
    world: { depot: d.depot, hcl: d.hcl, cluster: d.cluster },
    depotChanged: d.depotChanged,
    hclChanged: d.hclChanged,
    hostsChanged: d.hostsChanged,
    desiredChanged: d.desiredChanged,
    depotRemovals: d.depotRemovals,
  };
}

function applyOne(d: Draft, change: Change, p: string): void {
  const at = (key: string | number, ...more: (string | number)[]) => [key, ...more].reduce<string>((acc, k) => childPath(acc, k), p);
  switch (change.op) {
    case 'add_host': {
      if (d.cluster.hosts.some((h) => h.name === change.host.name)) {
        throw new ApplyError(at('host', 'name'), `host ${change.host.name} is already in cluster ${d.cluster.name}`);
      }
      d.hosts().push(change.host);
      return;
    }
    case 'remove_host': {
      const i = d.hostIndex(change.host, at('host'));
      d.hosts().splice(i, 1);
      return;
    }
    case 'add_device': {
      const host = d.editHost(d.hostIndex(change.host, at('host')));
      if (host.devices.some((x) => x.id === change.device.id)) {
        throw new ApplyError(at('device', 'id'), `host ${host.name} already has a device ${change.device.id}`);
      }
      host.devices.push(change.device);
      return;
    }
    case 'remove_device':
    case 'set_firmware': {
      const hi = d.hostIndex(change.host, at('host'));
      const di = d.cluster.hosts[hi]!.devices.findIndex((x) => x.id === change.device);
      if (di < 0) {
        const ids = d.cluster.hosts[hi]!.devices.map((x) => x.id);
        throw new ApplyError(
          at('device'),
          `host ${change.host} has no device ${JSON.stringify(change.device)} (its devices: ${show(ids)})`,
        );
      }
      const host = d.editHost(hi);
      if (change.op === 'remove_device') host.devices.splice(di, 1);
      else host.devices[di] = { ...host.devices[di]!, firmware_version: change.version };
      return;
    }
    case 'hcl_remove_driver_version': {
      const ei = d.hclEntryIndex(change.device, at('device'));
      d.checkRelease(change.release, at('release'));
      const rows = d.hcl.devices[ei]!.releases[change.release];
      if (!rows || rows.length === 0) {
        throw new ApplyError(at('release'), `HCL device ${change.device} lists nothing for release ${JSON.stringify(change.release)}`);
      }
      const ofDriver = rows.filter((r) => r.driver === change.driver);
      if (ofDriver.length === 0) {
        const drivers = [...new Set(rows.map((r) => r.driver))];
        throw new ApplyError(
          at('driver'),
          `HCL device ${change.device} has no row for driver ${change.driver} in ${change.release} (drivers: ${show(drivers)})`,
        );
      }
      if (!ofDriver.some((r) => r.driver_versions.some((v) => versionsEqual(v, change.version)))) {
        const versions = [...new Set(ofDriver.flatMap((r) => r.driver_versions))];
        throw new ApplyError(
          at('version'),
          `HCL device ${change.device} does not list ${change.driver} ${change.version} for ${change.release} (listed: ${show(versions)})`,
        );
      }
      const entry = d.editHclEntry(ei);
      entry.releases[change.release] = rows.map(
        (r): HclRow =>
          r.driver === change.driver ? { ...r, driver_versions: r.driver_versions.filter((v) => !versionsEqual(v, change.version)) } : r,
      );
      return;
    }
    case 'hcl_add_row': {
      const ei = d.hclEntryIndex(change.device, at('device'));
      d.checkRelease(change.release, at('release'));
      const entry = d.editHclEntry(ei);
      entry.releases[change.release] = [...(entry.releases[change.release] ?? []), change.row];
      return;
    }
    case 'hcl_set_server_releases': {
      change.releases.forEach((r, j) => d.checkRelease(r, at('releases', j)));
      const servers = d.servers();
      const i = servers.findIndex((s) => s.vendor === change.vendor && s.model === change.model);
      const entry = { vendor: change.vendor, model: change.model, releases: [...change.releases] };
      if (i >= 0) servers[i] = entry;
      else servers.push(entry);
      return;
    }
    case 'depot_add':
      d.depotRemovals = undefined;
      return depotAdd(d, change.kind, change.item, p);
    case 'depot_remove':
      return depotRemove(d, change, p);
    case 'set_desired':
      d.setDesired(change.spec);
      return;
  }
}

const sameVersion = (a: string, b: string) => compareVersions(a, b) === 0;

function checkReferences(d: Draft, components: ComponentMap, path: string): void {
  const c = new Collector('scenario');
  // the loader's own check (and wording), against the depot as the earlier changes left it
  const names = Object.keys(components);
  if (names.every((n) => d.hasComponent(n, components[n]!))) return;
  checkComponentReferences(c, d.knownComponents(), components, path);
  const first = c.problems[0];
  if (first) throw new ApplyError(first.path, first.message);
}

function depotAdd(d: Draft, kind: DepotKind, item: unknown, p: string): void {
  const ip = childPath(p, 'item');
  const dup = (what: string) => new ApplyError(ip, `duplicate ${what} (already in the depot)`);
  switch (kind) {
    case 'components': {
      const c = item as Component;
      if (d.hasComponent(c.name, c.version)) throw dup(`component ${c.name}@${c.version}`);
      d.depotList('components').push(c);
      return;
    }
    case 'base_images': {
      const b = item as BaseImage;
      if (d.depot.base_images.some((x) => sameVersion(x.version, b.version))) throw dup(`base image ${b.version}`);
      checkReferences(d, b.components, childPath(ip, 'components'));
      d.depotList('base_images').push(b);
      return;
    }
    case 'add_ons': {
      const a = item as AddOn;
      if (d.depot.add_ons.some((x) => x.name === a.name && sameVersion(x.version, a.version))) throw dup(`add-on ${a.name}@${a.version}`);
      checkReferences(d, a.components, childPath(ip, 'components'));
      d.depotList('add_ons').push(a);
      return;
    }
    case 'hardware_support_packages': {
      const k = item as HardwareSupportPackage;
      if (d.depot.hardware_support_packages.some((x) => x.manager === k.manager && x.pkg === k.pkg && sameVersion(x.version, k.version))) {
        throw dup(`hardware support package ${k.pkg}@${k.version} of manager ${k.manager}`);
      }
      checkReferences(d, k.components, childPath(ip, 'components'));
      d.depotList('hardware_support_packages').push(k);
      return;
    }
    case 'solutions': {
      const s = item as Solution;
      if (d.depot.solutions.some((x) => x.name === s.name && sameVersion(x.version, s.version)))
        throw dup(`solution ${s.name}@${s.version}`);
      d.depotList('solutions').push(s);
      return;
    }
  }
}

function depotRemove(d: Draft, change: Extract<Change, { op: 'depot_remove' }>, p: string): void {
  const { kind, version } = change;
  const name = 'name' in change ? change.name : undefined;
  const np = childPath(p, 'name');
  const vp = childPath(p, 'version');
  /** Finds the one matching item or explains what is there instead. */
  const find = <T extends { version: string }>(list: readonly T[], what: string, named: (x: T) => boolean): number => {
    const same = list.filter(named);
    if (same.length === 0) throw new ApplyError(kind === 'base_images' ? vp : np, `no ${what} in the depot`);
    const i = list.findIndex((x) => named(x) && sameVersion(x.version, version));
    if (i < 0) {
      throw new ApplyError(vp, `${what} has no version ${version} in the depot (versions: ${show(same.map((x) => x.version))})`);
    }
    return i;
  };
  switch (kind) {
    case 'components': {
      const i = find(d.depot.components, `component ${name}`, (x) => x.name === name);
      const users = componentUsers(d.depot, name!, version);
      if (users.length) {
        throw new ApplyError(vp, `component ${name} ${version} is still used by ${show(users, 3)}: remove or change that first`);
      }
      d.depotList('components').splice(i, 1);
      d.depotRemovals = undefined;
      return;
    }
    case 'base_images': {
      const list = d.depot.base_images;
      const i = list.findIndex((x) => sameVersion(x.version, version));
      if (i < 0) {
        const versions = [...list].sort((a, b) => compareVersions(b.version, a.version)).map((x) => x.version);
        throw new ApplyError(vp, `no base image ${version} in the depot (base images: ${show(versions)})`);
      }
      d.depotRemovals?.push(`base image ${list[i]!.version}`);
      d.depotList('base_images').splice(i, 1);
      return;
    }
    case 'add_ons': {
      const i = find(d.depot.add_ons, `add-on ${name}`, (x) => x.name === name);
      d.depotRemovals?.push(`add-on ${name} ${d.depot.add_ons[i]!.version}`);
      d.depotList('add_ons').splice(i, 1);
      return;
    }
    case 'hardware_support_packages': {
      const named = (x: HardwareSupportPackage) => x.pkg === name && (change.manager === undefined || x.manager === change.manager);
      const what = `hardware support package ${name}${change.manager ? ` of manager ${change.manager}` : ''}`;
      find(d.depot.hardware_support_packages, what, named);
      const matches = d.depot.hardware_support_packages.filter((x) => named(x) && sameVersion(x.version, version));
      if (matches.length > 1) {
        throw new ApplyError(
          np,
          `${matches.length} packages ${name} ${version} exist (managers ${show(matches.map((m) => m.manager))}): give "manager"`,
        );
      }
      const i = d.depot.hardware_support_packages.indexOf(matches[0]!);
      d.depotRemovals?.push(`package ${matches[0]!.manager} ${name} ${matches[0]!.version}`);
      d.depotList('hardware_support_packages').splice(i, 1);
      return;
    }
    case 'solutions': {
      const i = find(d.depot.solutions, `solution ${name}`, (x) => x.name === name);
      d.depotRemovals?.push(`solution ${name} ${d.depot.solutions[i]!.version}`);
      d.depotList('solutions').splice(i, 1);
      return;
    }
  }
}

/** The base images, add-ons and packages that name this component version. */
function componentUsers(depot: Depot, name: string, version: string): string[] {
  const uses = (m: ComponentMap) => Object.hasOwn(m, name) && sameVersion(m[name]!, version);
  return [
    ...depot.base_images.filter((b) => uses(b.components)).map((b) => `base image ${b.version}`),
    ...depot.add_ons.filter((a) => uses(a.components)).map((a) => `add-on ${a.name} ${a.version}`),
    ...depot.hardware_support_packages.filter((k) => uses(k.components)).map((k) => `package ${k.pkg} ${k.version}`),
  ];
}
