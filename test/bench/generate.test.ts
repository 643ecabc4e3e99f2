import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeWorld } from '../../bench/generate/cli.js';
import { mulberry32, Rng } from '../../bench/generate/rng.js';
import { generateFleet, PRESETS, type Fleet } from '../../bench/generate/world.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { shutdownEngines } from '../../src/sat/registry.js';
import { compareVersions } from '../../src/version/version.js';

// SPEC §1: only [0-9A-Za-z.] and at most one '-', no empty segment or part
const VERSION = /^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*(-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?$/;
const HEX4 = /^[0-9a-f]{4}$/;
const RELATIONS = new Set(['<<', '<=', '=', '>=', '>>']);

/** Every internal-consistency problem of a fleet (SPEC §2), as readable strings. */
function problems(fleet: Fleet): string[] {
  const out: string[] = [];
  const { depot, hcl, clusters } = fleet;
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  const version = (v: unknown, where: string) => check(typeof v === 'string' && VERSION.test(v), `${where}: bad version ${String(v)}`);
  const unique = (keys: string[], what: string) => {
    const seen = new Set<string>();
    for (const k of keys) {
      check(!seen.has(k), `duplicate ${what} ${k}`);
      seen.add(k);
    }
  };

  // depot
  const comps = new Set<string>();
  const compNames = new Set<string>();
  for (const c of depot.components) {
    version(c.version, `component ${c.name}`);
    comps.add(`${c.name}@${c.version}`);
    compNames.add(c.name);
    for (const k of [...c.depends, ...c.conflicts]) {
      check(k.relation === undefined || (RELATIONS.has(k.relation) && k.version !== undefined), `${c.name}@${c.version}: bad constraint`);
      if (k.version !== undefined) version(k.version, `constraint of ${c.name}`);
    }
    for (const p of c.provides) if (p.version !== undefined) version(p.version, `provide of ${c.name}`);
  }
  unique(
    depot.components.map((c) => `${c.name}@${c.version}`),
    'component',
  );
  unique(
    depot.base_images.map((b) => b.version),
    'base image',
  );
  unique(
    depot.add_ons.map((a) => `${a.name}@${a.version}`),
    'add-on',
  );
  unique(
    depot.hardware_support_packages.map((p) => `${p.manager}/${p.pkg}@${p.version}`),
    'package',
  );
  unique(
    depot.solutions.map((s) => `${s.name}@${s.version}`),
    'solution',
  );
  const refs = (map: Record<string, string>, where: string) => {
    for (const [n, v] of Object.entries(map)) check(comps.has(`${n}@${v}`), `${where}: ${n}@${v} not in depot`);
  };
  for (const b of depot.base_images) {
    version(b.version, 'base image');
    refs(b.components, `base image ${b.version}`);
    check(b.components['esx-base'] === b.version, `base image ${b.version} without its esx-base`);
  }
  for (const a of depot.add_ons) {
    version(a.version, `add-on ${a.name}`);
    refs(a.components, `add-on ${a.name}@${a.version}`);
    for (const p of a.supported_base_image_versions) version(p, `add-on ${a.name} prefix`);
  }
  for (const p of depot.hardware_support_packages) {
    version(p.version, `package ${p.pkg}`);
    refs(p.components, `package ${p.pkg}@${p.version}`);
    unique(
      p.firmware.map((f) => `${f.vid}:${f.did}:${f.svid}:${f.ssid}`),
      `firmware entry of ${p.pkg}@${p.version}`,
    );
    for (const f of p.firmware) {
      check(HEX4.test(f.vid) && HEX4.test(f.did), `package ${p.pkg} firmware ids ${f.vid}:${f.did}`);
      check(
        (HEX4.test(f.svid) && HEX4.test(f.ssid)) || (f.svid === '*' && f.ssid === '*'),
        `package ${p.pkg} firmware subsystem ${f.svid}:${f.ssid}`,
      );
    }
  }
  for (const s of depot.solutions) {
    version(s.version, `solution ${s.name}`);
    for (const k of s.components) {
      check(compNames.has(k.name), `solution ${s.name}@${s.version} names unknown component ${k.name}`);
      if (k.version !== undefined) version(k.version, `solution ${s.name} constraint`);
    }
  }

  // HCL
  const releases = new Set(hcl.releases.map((r) => r.name));
  unique(
    hcl.releases.map((r) => r.name),
    'release',
  );
  for (const r of hcl.releases) for (const p of r.base_image_versions) version(p, `release ${r.name}`);
  unique(
    hcl.servers.map((s) => `${s.vendor}/${s.model}`),
    'server',
  );
  for (const s of hcl.servers) for (const r of s.releases) check(releases.has(r), `server ${s.model}: unknown release ${r}`);
  unique(
    hcl.devices.map((d) => `${d.vid}:${d.did}:${d.svid}:${d.ssid}`),
    'HCL device',
  );
  for (const d of hcl.devices) {
    const id = `${d.vid}:${d.did}:${d.svid}:${d.ssid}`;
    check(HEX4.test(d.vid) && HEX4.test(d.did), `HCL device ${id}: bad ids`);
    check((HEX4.test(d.svid) && HEX4.test(d.ssid)) || (d.svid === '*' && d.ssid === '*'), `HCL device ${id}: bad subsystem`);
    for (const [rel, rows] of Object.entries(d.releases)) {
      check(releases.has(rel), `HCL device ${id}: unknown release ${rel}`);
      for (const row of rows) {
        check(row.driver_versions.length > 0, `HCL device ${id} ${rel}: no driver versions`);
        for (const v of row.driver_versions)
          check(comps.has(`${row.driver}@${v}`), `HCL device ${id} ${rel}: ${row.driver}@${v} not in depot`);
      }
    }
  }

  // clusters
  const bases = new Set(depot.base_images.map((b) => b.version));
  const addOns = new Set(depot.add_ons.map((a) => `${a.name}@${a.version}`));
  const pkgs = new Set(depot.hardware_support_packages.map((p) => `${p.manager}/${p.pkg}@${p.version}`));
  const sols = new Set(depot.solutions.map((s) => s.name));
  const servers = new Set(hcl.servers.map((s) => `${s.vendor}/${s.model}`));
  unique(
    clusters.map((c) => c.name),
    'cluster',
  );
  for (const c of clusters) {
    unique(
      c.hosts.map((h) => h.name),
      `host of ${c.name}`,
    );
    const d = c.desired;
    check(d.base_image !== undefined && bases.has(d.base_image.version), `${c.name}: desired base image not in depot`);
    if (d.add_on) check(addOns.has(`${d.add_on.name}@${d.add_on.version}`), `${c.name}: desired add-on not in depot`);
    if (d.hardware_support) {
      const entries = Object.entries(d.hardware_support.packages);
      check(entries.length <= 1, `${c.name}: more than one package`);
      for (const [m, p] of entries) check(pkgs.has(`${m}/${p.pkg}@${p.version}`), `${c.name}: desired package not in depot`);
    }
    for (const [name, s] of Object.entries(d.solutions ?? {})) {
      check(sols.has(name), `${c.name}: unknown solution ${name}`);
      if (s.version != null)
        check(
          depot.solutions.some((x) => x.name === name && x.version === s.version),
          `${c.name}: ${name}@${s.version} not in depot`,
        );
    }
    for (const [n, v] of Object.entries(d.components ?? {})) {
      if (v === null) check(compNames.has(n), `${c.name}: unknown user component ${n}`);
      else check(comps.has(`${n}@${v}`), `${c.name}: user component ${n}@${v} not in depot`);
    }
    for (const h of c.hosts) {
      check(servers.has(`${h.vendor}/${h.model}`), `${h.name}: server not in HCL`);
      unique(
        h.devices.map((x) => x.id),
        `device of ${h.name}`,
      );
      for (const x of h.devices) {
        for (const part of [x.vid, x.did, x.svid, x.ssid]) check(HEX4.test(part), `${h.name} ${x.id}: bad PCI id ${part}`);
        check(x.firmware_version.length > 0, `${h.name} ${x.id}: no firmware`);
      }
      if (h.installed) {
        check(bases.has(h.installed.base_image.version), `${h.name}: installed base not in depot`);
        for (const [n, v] of Object.entries(h.installed.components))
          check(comps.has(`${n}@${v}`), `${h.name}: installed ${n}@${v} not in depot`);
      }
    }
  }
  return out;
}

describe('rng', () => {
  it('is deterministic and uniform enough', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    const r = new Rng(7);
    for (let i = 0; i < 200; i++) {
      const n = r.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
      expect(r.hex4()).toMatch(HEX4);
    }
    expect(new Rng(1).fork('x').next()).toBe(new Rng(1).fork('x').next());
    expect(new Rng(1).fork('x').next()).not.toBe(new Rng(1).fork('y').next());
  });
});

describe('generateFleet', () => {
  it('gives the same world for the same seed and a different one for another seed', () => {
    const a = generateFleet(PRESETS.small, 1234);
    const b = generateFleet(PRESETS.small, 1234);
    const c = generateFleet(PRESETS.small, 1235);
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(c).not.toEqual(a);
  });

  for (const seed of [1, 2, 3, 17, 99]) {
    it(`small world (seed ${seed}) hits its sizes and is consistent`, () => {
      const fleet = generateFleet(PRESETS.small, seed);
      const p = PRESETS.small;
      expect(fleet.depot.base_images).toHaveLength(p.baseImages);
      expect(fleet.depot.add_ons).toHaveLength(p.addOns);
      expect(fleet.depot.hardware_support_packages).toHaveLength(p.hardwareSupportPackages);
      expect(fleet.depot.components).toHaveLength(p.componentVersions);
      expect(new Set(fleet.depot.solutions.map((s) => s.name)).size).toBe(p.solutions);
      expect(fleet.depot.solutions).toHaveLength(p.solutions * p.versionsPerSolution);
      expect(fleet.hcl.devices).toHaveLength(p.hclDevices);
      expect(fleet.clusters).toHaveLength(p.clusters);
      for (const c of fleet.clusters) {
        expect(c.hosts).toHaveLength(p.hostsPerCluster);
        expect(new Set(c.hosts.map((h) => h.model)).size).toBeLessThanOrEqual(p.profilesPerCluster);
      }
      expect(problems(fleet)).toEqual([]);
    });
  }

  it('vendor world hits its sizes and is consistent', () => {
    const fleet = generateFleet(PRESETS.vendor, 5);
    const p = PRESETS.vendor;
    expect(fleet.depot.base_images).toHaveLength(p.baseImages);
    expect(fleet.depot.add_ons).toHaveLength(p.addOns);
    expect(new Set(fleet.depot.add_ons.map((a) => a.vendor)).size).toBe(Math.ceil(p.addOns / p.addOnsPerVendor));
    expect(fleet.depot.hardware_support_packages).toHaveLength(p.hardwareSupportPackages);
    expect(fleet.depot.components).toHaveLength(p.componentVersions);
    expect(fleet.depot.solutions).toHaveLength(p.solutions * p.versionsPerSolution);
    expect(fleet.hcl.devices).toHaveLength(p.hclDevices);
    expect(fleet.clusters).toHaveLength(1);
    expect(fleet.clusters[0]!.hosts).toHaveLength(96);
    expect(problems(fleet)).toEqual([]);
  });

  it('mixed world: a first cluster of 96 hosts in 4 classes of two vendors, desiring an add-on of one', () => {
    const fleet = generateFleet(PRESETS.mixed, 1);
    const cluster = fleet.clusters[0]!;
    expect(cluster.hosts).toHaveLength(96);
    const classes = new Set(cluster.hosts.map((h) => `${h.vendor}|${h.model}`));
    expect(classes.size).toBe(4);
    expect(new Set(cluster.hosts.map((h) => h.vendor)).size).toBe(2);
    const addOn = fleet.depot.add_ons.find((a) => a.name === cluster.desired.add_on?.name);
    expect(addOn?.hardware?.vendor).toBe(cluster.hosts[0]!.vendor);
    expect(problems(fleet)).toEqual([]);
  });

  it('makes realistic, varied worlds', () => {
    const { depot, hcl, clusters } = generateFleet(PRESETS.vendor, 11);
    // several series, updates and patches
    const series = new Set(depot.base_images.map((b) => b.version.split('.').slice(0, 2).join('.')));
    expect(series.size).toBeGreaterThanOrEqual(3);
    for (const b of depot.base_images) {
      const n = Object.keys(b.components).length;
      expect(n).toBeGreaterThanOrEqual(30);
      expect(n).toBeLessThanOrEqual(80);
      expect(b.version).toMatch(/^\d+\.0\.\d+-0\.\d+\.\d{8,9}$/);
    }
    // esx-base provides vmkapi levels; drivers depend on them; OEM builds exist; conflicts exist
    const all = depot.components;
    expect(all.some((c) => c.name === 'esx-base' && c.provides.some((p) => p.name.startsWith('vmkapi_')))).toBe(true);
    expect(all.some((c) => c.depends.some((d) => d.name === 'esx-base' && d.relation === '>='))).toBe(true);
    expect(all.some((c) => c.version.includes('OEM'))).toBe(true);
    expect(all.some((c) => c.conflicts.length > 0)).toBe(true);
    expect(depot.add_ons.some((a) => a.removed_components.length > 0)).toBe(true);
    expect(depot.add_ons[0]!.version).toMatch(/^\d{3,4}\.0\.0\.\d+\.\d+\.\d+-\d+$/);
    expect(depot.hardware_support_packages[0]!.version).toMatch(/^20\d\d\.\d\d\.\d\d$/);
    expect(depot.solutions.some((s) => s.name === 'com.vmware.vsan')).toBe(true);
    // HCL: wildcard entries and empty firmware lists exist; releases look like "ESXi 8.0 U2"
    expect(hcl.devices.some((d) => d.svid === '*')).toBe(true);
    expect(hcl.releases.every((r) => /^ESXi \d+\.0( U\d+)?$/.test(r.name))).toBe(true);
    // hosts: some devices carry classes without HCL rules
    const classes = new Set(clusters.flatMap((c) => c.hosts.flatMap((h) => h.devices.map((d) => d.class))));
    expect(classes.has('nic')).toBe(true);
  });

  it('desired specs vary over a few clusters', () => {
    const { clusters } = generateFleet({ ...PRESETS.vendor, clusters: 40, hostsPerCluster: 4 }, 3);
    expect(clusters.some((c) => c.desired.add_on)).toBe(true);
    expect(clusters.some((c) => !c.desired.add_on)).toBe(true);
    expect(clusters.some((c) => c.desired.hardware_support)).toBe(true);
    expect(clusters.some((c) => c.desired.solutions)).toBe(true);
    expect(clusters.some((c) => Object.values(c.desired.components ?? {}).includes(null))).toBe(true);
    const bases = new Set(clusters.map((c) => c.desired.base_image!.version));
    expect(bases.size).toBeGreaterThan(5);
  });

  it('large preset has the stated parameters (not generated here)', () => {
    expect(PRESETS.large).toMatchObject({
      baseImages: 500,
      addOns: 2000,
      hardwareSupportPackages: 1000,
      componentVersions: 50000,
      hclDevices: 50000,
      clusters: 500,
      hostsPerCluster: 96,
      profilesPerCluster: 3,
    });
    expect(PRESETS.small).toMatchObject({
      baseImages: 8,
      addOns: 12,
      hardwareSupportPackages: 6,
      componentVersions: 300,
      hclDevices: 100,
      clusters: 1,
      hostsPerCluster: 8,
      profilesPerCluster: 2,
    });
    expect(PRESETS.vendor).toMatchObject({
      baseImages: 60,
      addOns: 200,
      hardwareSupportPackages: 100,
      componentVersions: 5000,
      hclDevices: 5000,
      clusters: 1,
      hostsPerCluster: 96,
      profilesPerCluster: 3,
    });
  });
});

describe('generated worlds leave the planner work', () => {
  it('small worlds have upgrades and varied reasons for excluded base images', { timeout: 60_000 }, async () => {
    let upgrades = 0;
    let valid = 0;
    const codes = new Set<string>();
    try {
      for (const seed of [1, 2, 3, 4, 5]) {
        const { depot, hcl, clusters } = generateFleet(PRESETS.small, seed);
        const catalog = new Catalog(depot, hcl);
        const cluster = clusters[0]!;
        const plan = await ClusterPlan.create(catalog, cluster, { engine: 'minisat', repairs: 0 });
        try {
          const r = await plan.recommend();
          if (r.latest && compareVersions(r.latest.base_image.version, cluster.desired.base_image!.version) > 0) upgrades++;
        } finally {
          plan.dispose();
        }
        // with nothing pinned but the solutions
        const wide = { ...cluster, desired: { solutions: cluster.desired.solutions ?? {} } };
        const widePlan = await ClusterPlan.create(catalog, wide, { engine: 'minisat' });
        try {
          const r = await widePlan.recommend();
          for (const e of r.excluded_base_images) for (const x of e.reasons) codes.add(x.code);
          valid += (await widePlan.enumerate(1000, undefined, { stopAtLimit: true })).count;
        } finally {
          widePlan.dispose();
        }
      }
    } finally {
      await shutdownEngines();
    }
    expect(upgrades).toBeGreaterThanOrEqual(3);
    expect(valid).toBeGreaterThanOrEqual(30);
    expect(codes.size).toBeGreaterThanOrEqual(3);
  });
});

describe('writeWorld', () => {
  it('writes depot.json, hcl.json and cluster.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-gen-'));
    try {
      const out = writeWorld(dir, 'small', 7);
      const fleet = generateFleet(PRESETS.small, 7);
      expect(JSON.parse(readFileSync(out.depot, 'utf8'))).toEqual(fleet.depot);
      expect(JSON.parse(readFileSync(out.hcl, 'utf8'))).toEqual(fleet.hcl);
      expect(JSON.parse(readFileSync(out.cluster, 'utf8'))).toEqual(fleet.clusters[0]);
      expect(() => writeWorld(dir, 'small', 7, 5)).toThrow(/out of range/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
