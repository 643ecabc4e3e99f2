// `npm run bench -- --write DIR`: the generated fleet as files the normal loaders read back unchanged.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFleet } from '../../bench/generate/cli.js';
import { generateFleet, PRESETS } from '../../bench/generate/world.js';
import { loadCluster } from '../../src/load/cluster.js';
import { loadDepot } from '../../src/load/depot.js';
import { loadHcl } from '../../src/load/hcl.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench --write', () => {
  it('writes depot.json, hcl.json and one file per cluster, which load back as generated', () => {
    const params = { ...PRESETS.small, clusters: 5, hostsPerCluster: 3 };
    const written = writeFleet(dir, params, 11);
    const fleet = generateFleet(params, 11);
    expect(written).toEqual({ depot: join(dir, 'depot.json'), hcl: join(dir, 'hcl.json'), clusters: join(dir, 'clusters'), count: 5 });
    expect(loadDepot(written.depot)).toEqual(fleet.depot);
    expect(loadHcl(written.hcl)).toEqual(fleet.hcl);
    expect(readdirSync(written.clusters).sort()).toEqual(fleet.clusters.map((c) => `${c.name}.json`).sort());
    for (const c of fleet.clusters) expect(loadCluster(join(written.clusters, `${c.name}.json`))).toEqual(c);
  });

  it('keeps only the first clusters when asked', () => {
    const sub = join(dir, 'three');
    const written = writeFleet(sub, { ...PRESETS.small, clusters: 5, hostsPerCluster: 3 }, 11, 3);
    expect(written.count).toBe(3);
    expect(readdirSync(written.clusters)).toHaveLength(3);
  });

  it('is what npm run bench -- --preset small --write DIR does, and nothing more', () => {
    const out = join(dir, 'cli');
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--preset', 'small', '--write', out], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`--clusters ${join(out, 'clusters')}`);
    for (const f of ['depot.json', 'hcl.json', 'clusters/cl-01.json']) expect(existsSync(join(out, f))).toBe(true);
    expect(r.stdout).not.toContain('## Strata bench');
  }, 60_000);
});
