// The what-if scenario mixes the benchmarks answer (bench/run.ts, bench/whatif/): seeded, so every
// run asks the same questions of the same world.
import { Rng } from '../generate/rng.js';
import type { Device, World } from '../../src/model/types.js';
import type { Change } from '../../src/whatif/types.js';
import type { ScenarioLine } from '../../src/whatif/scenario.js';

/**
 * `n` scenarios of the kinds operators ask: hosts, devices, firmware, HCL rows and servers; a
 * `depotShare` of them (0.05: 5%) remove a depot item or change the desired base image instead.
 */
export function scenarioMix(world: World, n: number, seed: number, depotShare: number): ScenarioLine[] {
  const r = new Rng(seed);
  const hosts = world.cluster.hosts;
  const entries = world.hcl.devices;
  const clusterPci = new Set(hosts.flatMap((h) => h.devices.map((d) => `${d.vid}:${d.did}`)));
  const relevant = entries.filter((e) => clusterPci.has(`${e.vid}:${e.did}`));
  const firmwareOf = (d: Device) => {
    const e = relevant.find((x) => x.vid === d.vid && x.did === d.did);
    const fws = e ? Object.values(e.releases).flatMap((rows) => rows.flatMap((row) => row.firmware_versions)) : [];
    return fws.length ? r.pick(fws) : d.firmware_version;
  };
  const change = (k: number): Change[] => {
    const roll = r.float();
    const h = r.pick(hosts);
    if (roll < 0.2) return [{ op: 'remove_host', host: h.name }];
    if (roll < 0.35) return [{ op: 'add_host', host: { ...structuredClone(r.pick(hosts)), name: `new-${k}` } }];
    if (roll < 0.55 && h.devices.length) {
      const d = r.pick(h.devices);
      return [{ op: 'set_firmware', host: h.name, device: d.id, version: firmwareOf(d) }];
    }
    if (roll < 0.6 && h.devices.length) return [{ op: 'remove_device', host: h.name, device: r.pick(h.devices).id }];
    if (roll < 0.8) {
      const e = r.chance(0.7) && relevant.length ? r.pick(relevant) : r.pick(entries);
      const options = Object.entries(e.releases).flatMap(([rel, rows]) =>
        rows.flatMap((row) => row.driver_versions.map((v) => ({ rel, driver: row.driver, v }))),
      );
      if (options.length) {
        const o = r.pick(options);
        return [
          {
            op: 'hcl_remove_driver_version',
            device: `${e.vid}:${e.did}:${e.svid}:${e.ssid}`,
            release: o.rel,
            driver: o.driver,
            version: o.v,
          },
        ];
      }
    }
    if (roll < 0.9) {
      const s = r.pick(world.hcl.servers);
      return [{ op: 'hcl_set_server_releases', vendor: s.vendor, model: s.model, releases: s.releases.filter(() => r.chance(0.8)) }];
    }
    return [];
  };
  const depotChange = (): Change[] => {
    const roll = r.float();
    if (roll < 0.4 && world.depot.add_ons.length) {
      const a = r.pick(world.depot.add_ons);
      return [{ op: 'depot_remove', kind: 'add_ons', name: a.name, version: a.version }];
    }
    if (roll < 0.7) {
      const b = r.pick(world.depot.base_images);
      return [{ op: 'depot_remove', kind: 'base_images', version: b.version }];
    }
    const d = world.cluster.desired;
    return [{ op: 'set_desired', spec: { ...d, base_image: { version: r.pick(world.depot.base_images).version } } }];
  };
  return Array.from({ length: n }, (_, k) => ({
    line: k + 1,
    text: JSON.stringify({ name: `s${k}`, changes: depotShare > 0 && r.chance(depotShare) ? depotChange() : change(k) }),
  }));
}
