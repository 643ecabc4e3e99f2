// Random scenarios for random worlds, and a naive (deep-copying, obviously right) way to apply
// them, independent of src/whatif/apply.ts.
import type { Change } from '../../src/whatif/types.js';
import type { Component, ComponentMap, Device, Host, SoftwareSpec, World } from '../../src/model/types.js';
import { compareVersions, versionsEqual } from '../../src/version/version.js';
import type { Rng } from '../support/random-world.js';

/** A random world, passed through the loader so it is a legal input. */
export { loadedRandomWorld as loadedWorld } from '../support/random-world.js';

const pciString = (d: { vid: string; did: string; svid: string; ssid: string }) => `${d.vid}:${d.did}:${d.svid}:${d.ssid}`;

/** Applies changes to a deep copy, the plain way. Assumes every change is valid. */
export function naiveApply(world: World, changes: readonly Change[]): World {
  const w = structuredClone(world);
  for (const ch of changes) {
    switch (ch.op) {
      case 'add_host':
        w.cluster.hosts.push(structuredClone(ch.host));
        break;
      case 'remove_host':
        w.cluster.hosts = w.cluster.hosts.filter((h) => h.name !== ch.host);
        break;
      case 'add_device':
        w.cluster.hosts.find((h) => h.name === ch.host)!.devices.push(structuredClone(ch.device));
        break;
      case 'remove_device': {
        const h = w.cluster.hosts.find((x) => x.name === ch.host)!;
        h.devices = h.devices.filter((d) => d.id !== ch.device);
        break;
      }
      case 'set_firmware':
        w.cluster.hosts.find((h) => h.name === ch.host)!.devices.find((d) => d.id === ch.device)!.firmware_version = ch.version;
        break;
      case 'hcl_remove_driver_version': {
        const e = w.hcl.devices.find((d) => pciString(d) === ch.device)!;
        for (const row of e.releases[ch.release]!) {
          if (row.driver === ch.driver) row.driver_versions = row.driver_versions.filter((v) => !versionsEqual(v, ch.version));
        }
        break;
      }
      case 'hcl_add_row': {
        const e = w.hcl.devices.find((d) => pciString(d) === ch.device)!;
        (e.releases[ch.release] ??= []).push(structuredClone(ch.row));
        break;
      }
      case 'hcl_set_server_releases': {
        const s = w.hcl.servers.find((x) => x.vendor === ch.vendor && x.model === ch.model);
        if (s) s.releases = [...ch.releases];
        else w.hcl.servers.push({ vendor: ch.vendor, model: ch.model, releases: [...ch.releases] });
        break;
      }
      case 'depot_add':
        (w.depot[ch.kind] as unknown[]).push(structuredClone(ch.item));
        break;
      case 'depot_remove': {
        const same = (v: string) => compareVersions(v, ch.version) === 0;
        const d = w.depot;
        if (ch.kind === 'base_images') d.base_images = d.base_images.filter((x) => !same(x.version));
        else if (ch.kind === 'components') d.components = d.components.filter((x) => !(x.name === ch.name && same(x.version)));
        else if (ch.kind === 'add_ons') d.add_ons = d.add_ons.filter((x) => !(x.name === ch.name && same(x.version)));
        else if (ch.kind === 'solutions') d.solutions = d.solutions.filter((x) => !(x.name === ch.name && same(x.version)));
        else d.hardware_support_packages = d.hardware_support_packages.filter((x) => !(x.pkg === ch.name && same(x.version)));
        break;
      }
      case 'set_desired':
        w.cluster.desired = structuredClone(ch.spec);
        break;
    }
  }
  return w;
}

const PCI = [
  { vid: '8086', did: '1572', class: 'nic' },
  { vid: '1077', did: '2261', class: 'hba' },
  { vid: '8086', did: '0998', class: 'memory' },
];
const FIRMWARE = ['8.0', '9.10', '9.20', '10.0'];

function randomDevice(r: Rng, id: string): Device {
  const p = r.pick(PCI);
  return {
    id,
    vid: p.vid,
    did: p.did,
    svid: r.chance(0.85) ? '1028' : '1590',
    ssid: '0001',
    class: p.class,
    firmware_version: r.pick(FIRMWARE),
  };
}

function randomHost(r: Rng, name: string): Host {
  const vendor = r.chance(0.8) ? 'Dell Inc.' : 'HPE';
  const devices: Device[] = [];
  for (let i = 0; i < r.int(0, 3); i++) devices.push(randomDevice(r, `dev${i}`));
  return { name, vendor, model: vendor === 'HPE' ? 'DL380' : r.chance(0.9) ? 'R750' : 'R650', family: r.pick(['Gen14', 'Gen15']), devices };
}

export type ChangeKind = 'host' | 'hcl' | 'depot' | 'desired';

/**
 * One valid random change of the world (which it also applies, naively), or undefined when the
 * world offers nothing to change of that kind.
 */
export function randomChange(r: Rng, w: World, kind: ChangeKind, counter: { n: number }): Change | undefined {
  const hosts = w.cluster.hosts;
  const withDevices = hosts.filter((h) => h.devices.length > 0);
  switch (kind) {
    case 'host': {
      const op = r.pick(['add_host', 'remove_host', 'add_device', 'remove_device', 'set_firmware', 'set_firmware'] as const);
      if (op === 'add_host' || hosts.length === 0) {
        const host =
          r.chance(0.4) && hosts.length
            ? { ...structuredClone(r.pick(hosts)), name: `esx-9${counter.n++}` }
            : randomHost(r, `esx-9${counter.n++}`);
        return { op: 'add_host', host };
      }
      if (op === 'remove_host') return { op, host: r.pick(hosts).name };
      if (op === 'add_device') {
        const h = r.pick(hosts);
        return { op, host: h.name, device: randomDevice(r, `new${counter.n++}`) };
      }
      if (withDevices.length === 0) return undefined;
      const h = r.pick(withDevices);
      const d = r.pick(h.devices);
      if (op === 'remove_device') return { op, host: h.name, device: d.id };
      return { op: 'set_firmware', host: h.name, device: d.id, version: r.pick(FIRMWARE.filter((f) => f !== d.firmware_version)) };
    }
    case 'hcl': {
      const op = r.pick(['hcl_remove_driver_version', 'hcl_add_row', 'hcl_set_server_releases'] as const);
      const releases = w.hcl.releases.map((x) => x.name);
      if (op === 'hcl_set_server_releases') {
        const server = r.chance(0.8) && w.hcl.servers.length ? r.pick(w.hcl.servers) : { vendor: 'Dell Inc.', model: 'R650' };
        return { op, vendor: server.vendor, model: server.model, releases: r.subset(releases, 0.6) };
      }
      if (w.hcl.devices.length === 0) return undefined;
      const e = r.pick(w.hcl.devices);
      if (op === 'hcl_add_row') {
        const driver = e.class === 'nic' ? 'drv-nic' : 'drv-hba';
        const versions = w.depot.components.filter((c) => c.name === driver).map((c) => c.version);
        const row = { driver, driver_versions: r.subset(versions, 0.5), firmware_versions: r.chance(0.5) ? [] : r.subset(FIRMWARE, 0.5) };
        return { op, device: pciString(e), release: r.pick(releases), row };
      }
      const options = Object.entries(e.releases).flatMap(([rel, rows]) =>
        rows.flatMap((row) => row.driver_versions.map((v) => ({ rel, driver: row.driver, v }))),
      );
      if (options.length === 0) return undefined;
      const o = r.pick(options);
      return { op, device: pciString(e), release: o.rel, driver: o.driver, version: o.v };
    }
    case 'depot': {
      const d = w.depot;
      const op = r.pick([
        'add_component',
        'add_base',
        'add_addon',
        'add_solution',
        'remove_component',
        'remove_base',
        'remove_addon',
        'remove_solution',
        'remove_package',
      ] as const);
      const versionsOf = (name: string) => d.components.filter((c) => c.name === name).map((c) => c.version);
      const pickMap = (names: string[]): ComponentMap => {
        const m: ComponentMap = {};
        for (const n of names) {
          const vs = versionsOf(n);
          if (vs.length && r.chance(0.5)) m[n] = r.pick(vs);
        }
        return m;
      };
      switch (op) {
        case 'add_component': {
          const name = r.pick(['tool-a', 'tool-b', 'drv-nic', 'drv-hba', 'vsan']);
          const version = name.startsWith('drv') ? `${r.int(2, 4)}.${r.int(1, 9)}-1OEM` : `${r.int(1, 9)}.${r.int(1, 9)}`;
          if (d.components.some((c) => c.name === name && versionsEqual(c.version, version))) return undefined;
          const c: Component = { name, version, depends: [], conflicts: [], provides: [], reboot_required: false };
          if (r.chance(0.3)) c.depends.push({ name: r.pick(['esx-base', 'api', 'tool-a']) });
          if (r.chance(0.2)) c.conflicts.push({ name: r.pick(['tool-a', 'tool-b']) });
          if (r.chance(0.2)) c.provides.push({ name: 'api' });
          return { op: 'depot_add', kind: 'components', item: c };
        }
        case 'add_base': {
          const version = r.pick(['8.0.3-0.1.400', '8.0.2-0.3.320', '7.0.3-0.2.110', '8.0.1-0.2.210']);
          if (d.base_images.some((b) => versionsEqual(b.version, version))) return undefined;
          const esx = versionsOf('esx-base');
          if (!esx.length) return undefined;
          return {
            op: 'depot_add',
            kind: 'base_images',
            item: { version, components: { 'esx-base': r.pick(esx), ...pickMap(['drv-nic', 'drv-hba', 'tool-a']) } },
          };
        }
        case 'add_addon': {
          const name = r.pick(['DEL-ESXi', 'HPE-AddOn']);
          const version = `80${r.int(3, 6)}.0.0-${r.int(1, 9)}`;
          if (d.add_ons.some((a) => a.name === name && versionsEqual(a.version, version))) return undefined;
          const hw = r.chance(0.5)
            ? { hardware: { vendor: r.chance(0.7) ? 'Dell Inc.' : 'HPE', families: r.chance(0.5) ? [] : [r.pick(['Gen14', 'Gen15'])] } }
            : {};
          return {
            op: 'depot_add',
            kind: 'add_ons',
            item: {
              name,
              version,
              supported_base_image_versions: r.subset(['8.0.1', '8.0.2', '8.0'], 0.4),
              components: pickMap(['drv-nic', 'drv-hba', 'tool-a', 'tool-b']),
              removed_components: [],
              ...hw,
            },
          };
        }
        case 'add_solution': {
          const version = r.pick(['8.0.3', '8.0.4']);
          if (d.solutions.some((s) => s.name === 'com.vmware.vsan' && versionsEqual(s.version, version))) return undefined;
          return {
            op: 'depot_add',
            kind: 'solutions',
            item: {
              name: 'com.vmware.vsan',
              version,
              supported_base_image_versions: r.chance(0.5) ? ['8.0'] : [],
              components: [{ name: 'vsan', relation: '>=', version: '8.0.1' }],
            },
          };
        }
        case 'remove_component': {
          const used = new Set<string>();
          for (const m of [...d.base_images, ...d.add_ons, ...d.hardware_support_packages].map((x) => x.components)) {
            for (const [n, v] of Object.entries(m)) used.add(`${n}@${v}`);
          }
          const free = d.components.filter((c) => !used.has(`${c.name}@${c.version}`));
          if (!free.length) return undefined;
          const c = r.pick(free);
          return { op: 'depot_remove', kind: 'components', name: c.name, version: c.version };
        }
        case 'remove_base':
          if (d.base_images.length === 0) return undefined;
          return { op: 'depot_remove', kind: 'base_images', version: r.pick(d.base_images).version };
        case 'remove_addon': {
          if (!d.add_ons.length) return undefined;
          const a = r.pick(d.add_ons);
          return { op: 'depot_remove', kind: 'add_ons', name: a.name, version: a.version };
        }
        case 'remove_solution': {
          if (!d.solutions.length) return undefined;
          const s = r.pick(d.solutions);
          return { op: 'depot_remove', kind: 'solutions', name: s.name, version: s.version };
        }
        case 'remove_package': {
          if (!d.hardware_support_packages.length) return undefined;
          const p = r.pick(d.hardware_support_packages);
          return { op: 'depot_remove', kind: 'hardware_support_packages', name: p.pkg, version: p.version };
        }
      }
      return undefined;
    }
    case 'desired': {
      const d = w.depot;
      // half the time another version of what the desired image names, the rest unchanged: a
      // higher or equal one narrows the candidate space (answered on the kept encoding), a lower
      // one widens it (planned afresh)
      if (r.chance(0.5)) return otherDesiredVersion(r, w);
      const spec: SoftwareSpec = {};
      if (d.base_images.length && r.chance(0.85)) spec.base_image = { version: r.pick(d.base_images).version };
      if (d.add_ons.length && r.chance(0.3)) {
        const a = r.pick(d.add_ons);
        spec.add_on = { name: a.name, version: a.version };
      }
      if (d.hardware_support_packages.length && r.chance(0.3)) {
        const p = r.pick(d.hardware_support_packages);
        spec.hardware_support = { packages: { [p.manager]: { pkg: p.pkg, version: p.version } } };
      }
      if (d.solutions.length && r.chance(0.5))
        spec.solutions = { 'com.vmware.vsan': r.chance(0.5) ? { version: r.pick(d.solutions).version } : {} };
      if (r.chance(0.4)) spec.components = { 'tool-a': null };
      return { op: 'set_desired', spec };
    }
  }
}

/** A random valid scenario: its changes, and the world they make. */
export function randomScenario(r: Rng, world: World, index: number): { changes: Change[]; world: World } {
  const kinds: ChangeKind[] = [];
  const roll = r.float();
  if (roll < 0.45) kinds.push('host');
  else if (roll < 0.65) kinds.push('hcl');
  else if (roll < 0.75) kinds.push('host', 'hcl');
  else if (roll < 0.78)
    kinds.push(); // no change at all: the baseline again
  else if (roll < 0.93) kinds.push('depot');
  else kinds.push('desired');
  if (r.chance(0.3) && kinds.length) kinds.push(kinds[0]!);
  const changes: Change[] = [];
  let w = world;
  const counter = { n: index * 10 };
  for (const kind of kinds) {
    const ch = randomChange(r, w, kind, counter);
    if (!ch) continue;
    changes.push(ch);
    w = naiveApply(w, [ch]);
  }
  return { changes, world: w };
}

/** The desired image with one of its named versions replaced by another depot version of the same item. */
export function otherDesiredVersion(r: Rng, w: World): Change | undefined {
  const d = w.depot;
  const spec = structuredClone(w.cluster.desired);
  const options: (() => boolean)[] = [];
  if (spec.base_image && d.base_images.length) {
    options.push(() => {
      spec.base_image = { version: r.pick(d.base_images).version };
      return true;
    });
  }
  const addOn = spec.add_on;
  const sameAddOns = addOn ? d.add_ons.filter((a) => a.name === addOn.name) : [];
  if (addOn && sameAddOns.length) {
    options.push(() => {
      spec.add_on = { name: addOn.name, version: r.pick(sameAddOns).version };
      return true;
    });
  }
  const [manager, ref] = Object.entries(spec.hardware_support?.packages ?? {})[0] ?? [];
  const samePkgs = ref ? d.hardware_support_packages.filter((p) => p.manager === manager && p.pkg === ref.pkg) : [];
  if (manager !== undefined && ref && samePkgs.length) {
    options.push(() => {
      spec.hardware_support = { packages: { [manager]: { pkg: ref.pkg, version: r.pick(samePkgs).version } } };
      return true;
    });
  }
  const solutionNames = Object.keys(spec.solutions ?? {}).filter((n) => d.solutions.some((s) => s.name === n));
  if (solutionNames.length) {
    options.push(() => {
      const name = r.pick(solutionNames);
      spec.solutions![name] = { version: r.pick(d.solutions.filter((s) => s.name === name)).version };
      return true;
    });
  }
  if (options.length === 0) return undefined;
  r.pick(options)();
  return { op: 'set_desired', spec };
}
