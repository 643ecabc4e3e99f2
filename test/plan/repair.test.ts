// Reasons name every host, and repair plans do what they promise, against the brute-force
// reference on random worlds:
// - `hosts` of a reason are exactly the hosts with the named host's hardware (grouped here
//   independently of src/catalog/profiles.ts);
// - every plan, applied by this file's own reading of the three change ops, gives its base image
//   a valid combination, and `image` is the best one on that base;
// - no change of a plan can be dropped;
// - the cheapest plan has no more devices removed, then no more host visits, than the cheapest a
//   brute force over firmware and removals alone finds (desired-image edits can only do better).
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import type { Cluster, Device, Host, Image, Repair, World } from '../../src/model/types.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { referencePlan } from '../../src/plan/reference.js';
import { shutdownEngines } from '../../src/sat/registry.js';
import { versionsEqual } from '../../src/version/version.js';
import { loadedRandomWorld } from '../support/random-world.js';

const WORLDS = Number(process.env.STRATA_REPAIR_WORLDS ?? 150);

const world = loadedRandomWorld;

const pci = (d: Device) => `${d.vid}:${d.did}:${d.svid}:${d.ssid}`;

/** Hosts with identical hardware: vendor, model, family and the set of (PCI id, class, firmware). */
function sameHardware(hosts: readonly Host[], name: string): string[] {
  const sig = (h: Host) =>
    JSON.stringify([h.vendor, h.model, h.family, [...new Set(h.devices.map((d) => `${pci(d)}|${d.class}|${d.firmware_version}`))].sort()]);
  const me = hosts.find((h) => h.name === name)!;
  return hosts.filter((h) => sig(h) === sig(me)).map((h) => h.name);
}

/** The three ops a repair uses, applied to a copy of the cluster without the project's what-if code. */
function applyRepair(cluster: Cluster, changes: Repair['changes']): Cluster {
  const c: Cluster = structuredClone(cluster);
  for (const ch of changes) {
    if (ch.op === 'set_desired') c.desired = structuredClone(ch.spec);
    else if (ch.op === 'set_firmware')
      c.hosts.find((h) => h.name === ch.host)!.devices.find((d) => d.id === ch.device)!.firmware_version = ch.version;
    else if (ch.op === 'remove_device') {
      const h = c.hosts.find((x) => x.name === ch.host)!;
      h.devices = h.devices.filter((d) => d.id !== ch.device);
    } else throw new Error(`a repair used ${ch.op}`);
  }
  return c;
}

/** The reference's best image on `base`, or null when that base has none. */
function bestOn(w: World, cluster: Cluster, base: string): Image | null {
  const ref = referencePlan(new Catalog(w.depot, w.hcl), cluster);
  return ref.combinations.find((img) => versionsEqual(img.base_image.version, base)) ?? null;
}

/** Removals and host visits of a plan. */
function cost(changes: Repair['changes']): [number, number] {
  const removals = changes.filter((c) => c.op === 'remove_device').length;
  const visits = new Set(changes.flatMap((c) => (c.op === 'set_firmware' ? [c.host] : []))).size;
  return [removals, visits];
}

const lexLess = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/**
 * The cheapest (removals, visits) over firmware and removals alone: every host device whose
 * class has rules may keep its firmware, take any firmware the HCL names for it, or go.
 */
function hardwareOnlyOptimum(w: World, base: string): [number, number] | undefined {
  const catalog = new Catalog(w.depot, w.hcl);
  const devices = w.cluster.hosts.flatMap((h) =>
    h.devices.filter((d) => catalog.classesWithRules.has(d.class)).map((d) => ({ host: h.name, id: d.id, device: d })),
  );
  if (devices.length > 6) return undefined; // keep the brute force small
  const options = devices.map(({ device }) => {
    const entry = catalog.hclDevice(device);
    const firmware = new Set(Object.values(entry?.releases ?? {}).flatMap((rows) => rows.flatMap((r) => r.firmware_versions)));
    firmware.delete(device.firmware_version);
    return ['keep', 'remove', ...firmware];
  });
  let best: [number, number] | undefined;
  const walk = (i: number, changes: Repair['changes']) => {
    if (best && !lexLess(cost(changes), best)) return;
    if (i === devices.length) {
      if (bestOn(w, applyRepair(w.cluster, changes), base)) best = cost(changes);
      return;
    }
    const { host, id } = devices[i]!;
    for (const o of options[i]!) {
      if (o === 'keep') walk(i + 1, changes);
      else if (o === 'remove') walk(i + 1, [...changes, { op: 'remove_device', host, device: id }]);
      else walk(i + 1, [...changes, { op: 'set_firmware', host, device: id, version: o }]);
    }
  };
  walk(0, []);
  return best;
}

afterAll(async () => {
  await shutdownEngines();
});

describe('reasons and repairs against the reference', () => {
  it(`hold on ${WORLDS} random worlds`, { timeout: 600_000 }, async () => {
    const stats = {
      excluded: 0,
      repaired: 0,
      plans: 0,
      desiredEdits: 0,
      firmware: 0,
      removals: 0,
      noRepair: 0,
      compared: 0,
      hostsChecked: 0,
    };
    for (let seed = 1; seed <= WORLDS; seed++) {
      const w = world(seed);
      const catalog = new Catalog(w.depot, w.hcl);
      const plan = await ClusterPlan.create(catalog, w.cluster, { repairs: 2 });
      let recs: Awaited<ReturnType<ClusterPlan['recommend']>>;
      try {
        recs = await plan.recommend();
      } finally {
        plan.dispose();
      }
      for (const x of recs.excluded_base_images) {
        const at = `seed ${seed} base ${x.version}`;
        stats.excluded++;
        for (const r of x.reasons) {
          if (r.host === undefined) continue;
          expect(r.hosts, `${at}: hosts of ${JSON.stringify(r)}`).toEqual(sameHardware(w.cluster.hosts, r.host));
          expect(r.hosts![0]).toBe(r.host);
          stats.hostsChecked++;
        }
        const repairs = x.repairs ?? [];
        expect(repairs.length > 0 || typeof x.no_repair === 'string', `${at}: neither repairs nor why none`).toBe(true);
        if (repairs.length) stats.repaired++;
        else stats.noRepair++;
        let previous: [number, number] | undefined;
        for (const [k, rep] of repairs.entries()) {
          stats.plans++;
          const after = applyRepair(w.cluster, rep.changes);
          expect(bestOn(w, after, x.version), `${at} plan ${k}: applied, the base's best image`).toEqual(rep.image);
          // minimal: without any one change the base image has no valid combination
          rep.changes.forEach((_, i) => {
            const without = rep.changes.filter((__, j) => j !== i);
            expect(bestOn(w, applyRepair(w.cluster, without), x.version), `${at} plan ${k}: change ${i} can be dropped`).toBeNull();
          });
          // cheapest first
          const c = cost(rep.changes);
          if (previous) expect(lexLess(c, previous), `${at}: plan ${k} is cheaper than an earlier one`).toBe(false);
          previous = c;
          for (const ch of rep.changes) {
            if (ch.op === 'set_desired') stats.desiredEdits++;
            if (ch.op === 'set_firmware') stats.firmware++;
            if (ch.op === 'remove_device') stats.removals++;
          }
        }
        const optimum = hardwareOnlyOptimum(w, x.version);
        if (optimum) {
          stats.compared++;
          expect(repairs.length, `${at}: the brute force repairs it, the engine did not`).toBeGreaterThan(0);
          expect(lexLess(optimum, cost(repairs[0]!.changes)), `${at}: brute force ${optimum} beats ${cost(repairs[0]!.changes)}`).toBe(
            false,
          );
        }
      }
    }
    console.log(`repairs: ${JSON.stringify(stats)}`);
    // the worlds must exercise every lever and both outcomes
    expect(stats.desiredEdits).toBeGreaterThan(0);
    expect(stats.firmware).toBeGreaterThan(0);
    expect(stats.removals).toBeGreaterThan(0);
    expect(stats.noRepair).toBeGreaterThan(0);
    expect(stats.compared).toBeGreaterThan(10);
    expect(stats.hostsChecked).toBeGreaterThan(10);
  });
});
