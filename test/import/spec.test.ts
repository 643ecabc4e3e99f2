// export-spec / import-spec: the vSphere SoftwareSpec shape and the round trip through it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { desiredToVsphere, fromVsphereSpec } from '../../src/import/spec/software-spec.js';
import { loadCluster } from '../../src/load/cluster.js';
import { run } from '../support/run-cli.js';

const world = fileURLToPath(new URL('../../examples/dell-r750/', import.meta.url));
const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'strata-spec-'));

describe('SoftwareSpec', () => {
  it('desired → vSphere → desired is the identity', () => {
    const desired = loadCluster(path.join(world, 'cluster.json')).desired;
    const spec = desiredToVsphere(desired);
    expect(Object.keys(spec)).toEqual(['base_image', 'add_on', 'components', 'solutions', 'hardware_support', 'removed_components']);
    const back = fromVsphereSpec(JSON.parse(JSON.stringify(spec)), 'spec.json');
    expect(back.base_image).toEqual(desired.base_image);
    expect(back.add_on).toEqual(desired.add_on);
    expect(back.solutions).toEqual(desired.solutions);
    expect(back.components).toEqual(desired.components);
  });

  it('reads SoftwareInfo and drafts (details dropped, solution components dropped)', () => {
    const info = {
      metadata: { owner: 'admin', status: 'VALID', creation_time: '2024-01-01T00:00:00Z' },
      software: {
        base_image: {
          version: '8.0.2-0.0.22380479',
          details: { display_name: 'ESXi', display_version: '8.0 U2', release_date: '2023-09-21' },
        },
        add_on: {
          name: 'DEL-ESXi',
          version: '802.0.0.11.4.0-14',
          details: { display_name: 'Dell', display_version: 'A14', vendor: 'Dell' },
        },
        components: { 'Intel-i40en': { version: '2.5.2.0-1OEM.800.1.0.20613240', details: { display_name: 'i40en', vendor: 'Intel' } } },
        solutions: { 'com.vmware.vsan': { version: '8.0.2', components: [{ component: 'vsan' }], details: { display_name: 'vSAN' } } },
        hardware_support: { packages: {} },
        removed_components: null,
      },
    };
    expect(fromVsphereSpec(info, 'draft.json')).toEqual({
      base_image: { version: '8.0.2-0.0.22380479' },
      add_on: { name: 'DEL-ESXi', version: '802.0.0.11.4.0-14' },
      solutions: { 'com.vmware.vsan': { version: '8.0.2' } },
      components: { 'Intel-i40en': '2.5.2.0-1OEM.800.1.0.20613240' },
    });
  });
});

describe('commands', () => {
  it('export-spec --image desired, then import-spec --cluster, gives the cluster back', async () => {
    const d = tmpDir();
    const e = await run('export', 'spec', '--world', world);
    expect(e.code).toBe(0);
    fs.writeFileSync(path.join(d, 'spec.json'), e.out);
    const out = path.join(d, 'cluster.json');
    const i = await run('import', 'spec', path.join(d, 'spec.json'), '--cluster', path.join(world, 'cluster.json'), '--out', out);
    expect(i.code).toBe(0);
    const original = loadCluster(path.join(world, 'cluster.json'));
    const back = loadCluster(out);
    expect(back.hosts).toEqual(original.hosts);
    expect({ removed_components: [], ...back.desired }).toEqual({ removed_components: [], ...original.desired });
  });

  it('export-spec --image latest prints the recommendation, which reads back as the desired image', async () => {
    const e = await run('export', 'spec', '--world', world, '--image', 'latest', '--engine', 'minisat');
    expect(e.code).toBe(0);
    const spec = JSON.parse(e.out);
    const r = await run('recommend', '--world', world, '--engine', 'minisat', '--json');
    const latest = JSON.parse(r.out).latest;
    expect(spec.base_image).toEqual(latest.base_image);
    expect(spec.add_on).toEqual(latest.add_on);
    expect(spec.components).toEqual(latest.components);
    for (const [name, sol] of Object.entries(latest.solutions as Record<string, { version: string; components: { name: string }[] }>)) {
      expect(spec.solutions[name]).toEqual({ version: sol.version, components: sol.components.map((c) => ({ component: c.name })) });
    }
    const back = fromVsphereSpec(spec, 'spec.json');
    expect(back.base_image).toEqual(latest.base_image);
  }, 60_000);

  it('bad input and usage exit 2', async () => {
    const d = tmpDir();
    const bad = path.join(d, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ base_image: { version: 'not a version' } }));
    const i = await run('import', 'spec', bad);
    expect(i.code).toBe(2);
    expect(i.err).toContain(`${bad}: $.base_image.version:`);
    expect((await run('export', 'spec', '--world', world, '--image', 'newest')).code).toBe(2);
    expect((await run('import', 'spec')).code).toBe(2);
  });
});
