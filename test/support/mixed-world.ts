// Seeded random small mixed-hardware worlds for the image-group tests: a random world's depot and
// HCL (random-world.ts) with hosts of two to four classes — Dell and HPE, each in two generations —
// and vendor add-ons scoped to a vendor or to one generation, so one image often cannot serve all.
import type { AddOn, Device, Host, World } from '../../src/model/types.js';
import { Rng } from '../../bench/generate/rng.js';
import { parseCluster } from '../../src/load/cluster.js';
import { parseDepot } from '../../src/load/depot.js';
import { parseHcl } from '../../src/load/hcl.js';
import { randomWorld } from './random-world.js';

const CLASSES = [
  { vendor: 'Dell Inc.', model: 'R750', family: 'Gen14' },
  { vendor: 'Dell Inc.', model: 'R760', family: 'Gen15' },
  { vendor: 'HPE', model: 'DL380', family: 'Gen14' },
  { vendor: 'HPE', model: 'DL360', family: 'Gen15' },
];
const PCI = [
  { vid: '8086', did: '1572', class: 'nic' },
  { vid: '1077', did: '2261', class: 'hba' },
];

export function randomMixedWorld(seed: number): World {
  const w = randomWorld(seed);
  const r = new Rng(seed).fork('mixed');
  const versions = (name: string) => w.depot.components.filter((c) => c.name === name).map((c) => c.version);
  const overrides = (): Record<string, string> => {
    const m: Record<string, string> = {};
    for (const name of ['drv-nic', 'drv-hba', 'tool-a']) if (r.chance(0.3) && versions(name).length) m[name] = r.pick(versions(name));
    return m;
  };
  // fewer software rules than a random world has, so that more classes have images to group
  if (r.chance(0.6)) for (const c of w.depot.components) (c.depends = c.depends.filter((d) => d.name === 'esx-base')), (c.conflicts = []);
  // vendor add-ons: per vendor a name, scoped to the vendor or to one of its generations
  const add_ons: AddOn[] = [];
  for (const [name, vendor] of [
    ['DEL-ESXi', 'Dell Inc.'],
    ['HPE-AddOn', 'HPE'],
  ] as const) {
    for (let i = 1; i <= r.int(1, 3); i++) {
      add_ons.push({
        name,
        version: `80${i}.0.0-${r.int(1, 9)}`,
        supported_base_image_versions: r.subset(['8.0.1', '8.0.2', '8.0'], 0.4),
        components: overrides(),
        removed_components: [],
        hardware: { vendor, families: r.chance(0.5) ? [] : [r.pick(['Gen14', 'Gen15'])] },
      });
    }
  }
  if (r.chance(0.15))
    add_ons.push({
      name: 'GEN-ESXi',
      version: '800.0.0-1',
      supported_base_image_versions: [],
      components: overrides(),
      removed_components: [],
    });
  w.depot.add_ons = add_ons;

  const releases = w.hcl.releases.map((x) => x.name);
  w.hcl.servers = CLASSES.map((c) => ({ vendor: c.vendor, model: c.model, releases: r.subset(releases, 0.97) }));

  const classes = r.subset(CLASSES, 0.6);
  while (classes.length < 2) classes.push(CLASSES.find((c) => !classes.includes(c))!);
  const hosts: Host[] = [];
  const nHosts = r.int(classes.length, 5);
  for (let h = 0; h < nHosts; h++) {
    const c = h < classes.length ? classes[h]! : r.pick(classes);
    const devs: Device[] = [];
    for (const [i, p] of PCI.entries()) {
      if (!r.chance(0.2)) continue;
      devs.push({ id: `dev${i}`, ...p, svid: '1028', ssid: '0001', firmware_version: r.pick(['9.10', '9.20', '10.0']) });
    }
    hosts.push({ name: `esx-0${h + 1}`, ...c, devices: devs });
  }
  // shuffle so class order is not host-generation order
  for (let i = hosts.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [hosts[i], hosts[j]] = [hosts[j]!, hosts[i]!];
  }
  w.cluster.hosts = hosts;
  const desired = { ...w.cluster.desired };
  delete desired.add_on;
  if (r.chance(0.6)) delete desired.hardware_support;
  if (r.chance(0.6)) delete desired.solutions;
  if (r.chance(0.7)) {
    const a = r.pick(add_ons);
    desired.add_on = { name: a.name, version: a.version };
  }
  w.cluster.desired = desired;
  const json = (x: unknown) => JSON.parse(JSON.stringify(x));
  return {
    depot: parseDepot(json(w.depot), 'depot.json'),
    hcl: parseHcl(json(w.hcl), 'hcl.json'),
    cluster: parseCluster(json(w.cluster), 'cluster.json'),
  };
}
