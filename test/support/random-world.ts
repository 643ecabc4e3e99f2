// Seeded random small worlds for property tests: few items, many interactions (overrides,
// downgrades, removals, provides, conflicts, wildcards, firmware from packages, uncertified
// servers), so every rule of SPEC §3 fires somewhere while brute force stays cheap.
import type {
  AddOn,
  BaseImage,
  Cluster,
  Component,
  Constraint,
  Depot,
  Device,
  HardwareSupportPackage,
  Hcl,
  HclDevice,
  Host,
  Relation,
  Solution,
  SoftwareSpec,
  World,
} from '../../src/model/types.js';

export { mulberry32, Rng } from '../../bench/generate/rng.js';
import { parseCluster } from '../../src/load/cluster.js';
import { parseDepot } from '../../src/load/depot.js';
import { parseHcl } from '../../src/load/hcl.js';
import { Rng } from '../../bench/generate/rng.js';

const RELATIONS: Relation[] = ['<<', '<=', '=', '>=', '>>'];
const DRIVERS = ['drv-nic', 'drv-hba'];
const TOOLS = ['tool-a', 'tool-b'];
const PCI = [
  { vid: '8086', did: '1572', class: 'nic' },
  { vid: '1077', did: '2261', class: 'hba' },
];

export function randomWorld(seed: number): World {
  const r = new Rng(seed);
  const components: Component[] = [];
  const versionsOf = new Map<string, string[]>();
  const addComponent = (name: string, version: string, extra: Partial<Component> = {}) => {
    const list = versionsOf.get(name) ?? [];
    if (list.includes(version)) return;
    list.push(version);
    versionsOf.set(name, list);
    components.push({ name, version, depends: [], conflicts: [], provides: [], reboot_required: r.chance(0.5), ...extra });
  };

  // esx-base versions provide an API capability, sometimes with a version
  const baseVersions = ['7.0.3-0.1.100', '8.0.1-0.1.200', '8.0.2-0.1.300', '8.0.2-0.2.310'].filter((_, i) => i === 1 || r.chance(0.7));
  for (const [i, v] of baseVersions.entries()) {
    addComponent('esx-base', v, { provides: [r.chance(0.5) ? { name: 'api', version: `${i + 1}.0` } : { name: 'api' }] });
  }
  for (const d of DRIVERS) for (let i = 1; i <= 3; i++) addComponent(d, `${i}.0-1vmw`);
  for (const d of DRIVERS) if (r.chance(0.6)) addComponent(d, `2.5-1OEM`);
  for (const t of TOOLS) for (let i = 1; i <= r.int(1, 3); i++) addComponent(t, `${i}.0`);
  addComponent('vsan', '8.0.1');
  addComponent('vsan', '8.0.2');

  // random depends / conflicts
  const randomConstraint = (): Constraint => {
    const name = r.pick(['esx-base', 'api', ...DRIVERS, ...TOOLS, 'vsan']);
    if (r.chance(0.5)) return { name };
    const pool = versionsOf.get(name) ?? ['1.0', '2.0'];
    const v = r.pick(pool);
    // a bound without its release part compares version parts only (`= 8.0.2` meets `8.0.2-0.1.300`)
    return { name, relation: r.pick(RELATIONS), version: r.chance(0.3) ? v.split('-')[0]! : v };
  };
  for (const c of components) {
    if (c.name === 'esx-base') continue;
    if (r.chance(0.2)) c.depends.push(randomConstraint());
    if (r.chance(0.08)) c.conflicts.push(randomConstraint());
    if (r.chance(0.1)) c.provides.push(r.chance(0.5) ? { name: 'api' } : { name: 'cap-x', version: '1.0' });
  }

  const pickVersion = (name: string) => r.pick(versionsOf.get(name)!);
  const base_images: BaseImage[] = baseVersions.map((v, i) => {
    const comps: Record<string, string> = { 'esx-base': v };
    for (const d of DRIVERS) if (r.chance(0.8)) comps[d] = `${Math.min(3, i + 1)}.0-1vmw`;
    if (r.chance(0.3)) comps[r.pick(TOOLS)] = '1.0';
    return { version: v, components: comps };
  });

  const vendors = ['Dell Inc.', 'HPE'];
  const families = ['Gen14', 'Gen15'];
  const scope = () =>
    r.chance(0.3) ? undefined : { vendor: r.chance(0.8) ? vendors[0]! : vendors[1]!, families: r.chance(0.5) ? [] : [r.pick(families)] };
  const supported = () => r.subset(['7.0.3', '8.0.1', '8.0.2', '8.0'], 0.4);
  const overrides = (): Record<string, string> => {
    const m: Record<string, string> = {};
    for (const name of [...DRIVERS, ...TOOLS]) if (r.chance(0.3)) m[name] = pickVersion(name);
    return m;
  };
  const removed = () => (r.chance(0.15) ? [r.pick([...DRIVERS, ...TOOLS])] : []);

  const add_ons: AddOn[] = [];
  for (const name of ['DEL-ESXi', 'HPE-AddOn'].slice(0, r.int(0, 2))) {
    for (let i = 1; i <= r.int(1, 2); i++) {
      const hw = scope();
      add_ons.push({
        name,
        version: `80${i}.0.0-${r.int(1, 9)}`,
        supported_base_image_versions: supported(),
        components: overrides(),
        removed_components: removed(),
        ...(hw ? { hardware: hw } : {}),
      });
    }
  }
  const hardware_support_packages: HardwareSupportPackage[] = [];
  for (let i = 1; i <= r.int(0, 2); i++) {
    const hw = scope();
    const firmware = r.subset(PCI, 0.6).map((p) => ({
      vid: p.vid,
      did: p.did,
      svid: r.chance(0.3) ? '*' : '1028',
      ssid: r.chance(0.5) ? '*' : '0001',
      version: r.pick(['9.10', '9.20', '10.0']),
    }));
    hardware_support_packages.push({
      manager: 'com.dell.omivv',
      pkg: 'DEL-FW',
      version: `2023.0${i}.00`,
      supported_base_image_versions: supported(),
      components: overrides(),
      removed_components: removed(),
      firmware,
      ...(hw ? { hardware: hw } : {}),
    });
  }
  const solutions: Solution[] = [];
  if (r.chance(0.6)) {
    for (const v of ['8.0.1', '8.0.2'].filter(() => r.chance(0.7))) {
      const components: Constraint[] = [{ name: 'vsan', relation: '>=', version: r.chance(0.8) ? v : '9.0' }];
      if (r.chance(0.2)) components.push({ name: r.pick(TOOLS) });
      solutions.push({ name: 'com.vmware.vsan', version: v, supported_base_image_versions: r.chance(0.7) ? [v] : [], components });
    }
  }
  const depot: Depot = { components, base_images, add_ons, hardware_support_packages, solutions };

  // HCL
  const releases = [
    { name: 'ESXi 7.0 U3', base_image_versions: ['7.0.3'] },
    { name: 'ESXi 8.0 U1', base_image_versions: ['8.0.1'] },
    { name: 'ESXi 8.0 U2', base_image_versions: r.chance(0.8) ? ['8.0.2'] : ['8.0.2-0.1'] },
  ].filter((_, i) => i !== 0 || r.chance(0.7));
  const servers = [
    {
      vendor: 'Dell Inc.',
      model: 'R750',
      releases: r.subset(
        releases.map((x) => x.name),
        0.9,
      ),
    },
    {
      vendor: 'HPE',
      model: 'DL380',
      releases: r.subset(
        releases.map((x) => x.name),
        0.8,
      ),
    },
  ];
  const devices: HclDevice[] = [];
  for (const p of PCI) {
    const driver = p.class === 'nic' ? DRIVERS[0]! : DRIVERS[1]!;
    const entry = (svid: string, ssid: string): HclDevice => ({
      vid: p.vid,
      did: p.did,
      svid,
      ssid,
      class: p.class,
      releases: Object.fromEntries(
        r.subset(releases, 0.9).map((rel) => [
          rel.name,
          [
            {
              driver,
              driver_versions: r.subset(versionsOf.get(driver)!, 0.85),
              firmware_versions: r.chance(0.5) ? [] : r.subset(['9.10', '9.20', '10.0'], 0.7),
            },
          ],
        ]),
      ),
    });
    if (r.chance(0.85)) devices.push(entry('1028', '0001'));
    if (r.chance(0.4)) devices.push(entry('*', '*'));
  }
  const hcl: Hcl = { releases, servers, devices };

  // cluster
  const hosts: Host[] = [];
  const nHosts = r.int(1, 3);
  for (let h = 0; h < nHosts; h++) {
    const vendor = r.chance(0.85) ? 'Dell Inc.' : 'HPE';
    const devs: Device[] = [];
    for (const [i, p] of PCI.entries()) {
      if (!r.chance(0.5)) continue;
      devs.push({
        id: `dev${i}`,
        vid: p.vid,
        did: p.did,
        svid: r.chance(0.9) ? '1028' : '1590',
        ssid: '0001',
        class: p.class,
        firmware_version: r.chance(0.15) ? '8.0' : r.pick(['9.10', '9.20', '10.0']),
      });
    }
    if (r.chance(0.3))
      devs.push({ id: 'mem0', vid: '8086', did: '0998', svid: '8086', ssid: '0000', class: 'memory', firmware_version: '1.0' });
    hosts.push({ name: `esx-0${h + 1}`, vendor, model: vendor === 'HPE' ? 'DL380' : 'R750', family: r.pick(families), devices: devs });
  }
  const desired: SoftwareSpec = {};
  if (r.chance(0.85)) desired.base_image = { version: r.pick(baseVersions) };
  if (add_ons.length && r.chance(0.3)) {
    const a = r.pick(add_ons);
    desired.add_on = { name: a.name, version: a.version };
  }
  if (hardware_support_packages.length && r.chance(0.3)) {
    const p = r.pick(hardware_support_packages);
    desired.hardware_support = { packages: { [p.manager]: { pkg: p.pkg, version: p.version } } };
  }
  if (solutions.length && r.chance(0.6)) desired.solutions = { 'com.vmware.vsan': r.chance(0.5) ? { version: '8.0.1' } : {} };
  if (r.chance(0.4)) {
    desired.components = {};
    for (const t of r.subset(TOOLS, 0.6)) desired.components[t] = r.chance(0.5) ? null : pickVersion(t);
  }
  if (r.chance(0.1)) desired.removed_components = [r.pick([...TOOLS, DRIVERS[1]!])];
  const cluster: Cluster = { name: `random-${seed}`, hosts, desired };
  return { depot, hcl, cluster };
}

/** A random world passed through the loaders, so it is a legal input (defaults filled in). */
export function loadedRandomWorld(seed: number): World {
  return asLoaded(randomWorld(seed));
}

/** A world as the loaders would read it from its JSON files (defaults filled, everything checked). */
export function asLoaded(w: World): World {
  const json = (x: unknown) => JSON.parse(JSON.stringify(x));
  return {
    depot: parseDepot(json(w.depot), 'depot.json'),
    hcl: parseHcl(json(w.hcl), 'hcl.json'),
    cluster: parseCluster(json(w.cluster), 'cluster.json'),
  };
}
