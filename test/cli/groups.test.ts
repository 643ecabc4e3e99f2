// `strata groups`: the JSON shape and key order of docs/output.md, the human report, --max-groups,
// and usage errors.
import { afterAll, describe, expect, it } from 'vitest';
import { shutdownEngines } from '../../src/sat/registry.js';
import { run } from '../support/run-cli.js';
import { WORLDS_DIR } from '../fixtures/worlds.js';

const world = `${WORLDS_DIR}mixed-dell-hpe`;

afterAll(async () => {
  await shutdownEngines();
});

describe('strata groups', () => {
  it('--json: two groups, one per vendor, in the documented shape', async () => {
    const r = await run('groups', '--world', world, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(Object.keys(out)).toEqual(['groups', 'uncovered', 'max_groups', 'fewest_groups']);
    expect(out.groups.map((g: { classes: unknown }) => g.classes)).toEqual([
      [{ vendor: 'Dell Inc.', model: 'PowerEdge R750' }],
      [{ vendor: 'HPE', model: 'ProLiant DL380 Gen11' }],
    ]);
    expect(Object.keys(out.groups[0])).toEqual(['classes', 'hosts', 'latest', 'current_series', 'same_base', 'excluded_base_images']);
    expect(out.groups[1].hosts).toEqual(['dl380-01', 'dl380-02']);
    expect(out.groups[1].latest.add_on).toEqual({ name: 'HPE-ESXi', version: '802.0.0.11.5.0-6' });
    expect(out).toMatchObject({ uncovered: [], max_groups: 4, fewest_groups: 2 });
  });

  it('the report shows why one image is not enough and the split', async () => {
    const r = await run('groups', '--world', world);
    expect(r.code).toBe(0);
    expect(r.out).toContain('One image is not enough');
    expect(r.out).toContain('is for Dell Inc. hardware, not HPE ProLiant DL380 Gen11');
    expect(r.out).toMatch(/GROUP 1\s+GROUP 2/);
    expect(r.out).toContain('HPE-ESXi 802.0.0.11.5.0-6');
  });

  it('--max-groups 1: no split, every class covered alone, and how many groups it takes', async () => {
    const r = await run('groups', '--world', world, '--json', '--max-groups', '1');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ groups: [], uncovered: [], max_groups: 1, fewest_groups: 2 });
    const human = await run('groups', '--world', world, '--max-groups', '1');
    expect(human.out).toContain('it takes 2 groups');
  });

  it('a one-image cluster is one group equal to recommend', async () => {
    const g = JSON.parse((await run('groups', '--world', `${WORLDS_DIR}dell-mixed-profiles`, '--json')).out);
    const rec = JSON.parse((await run('recommend', '--world', `${WORLDS_DIR}dell-mixed-profiles`, '--json')).out);
    expect(g.groups).toHaveLength(1);
    const { classes, hosts, ...images } = g.groups[0];
    expect(classes).toHaveLength(2);
    expect(images).toEqual({
      latest: rec.latest,
      current_series: rec.current_series,
      same_base: rec.same_base,
      excluded_base_images: rec.excluded_base_images,
    });
  });

  it('usage errors exit 2 without a stack trace; --help teaches', async () => {
    const bad = await run('groups', '--world', world, '--max-groups', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--max-groups');
    expect(bad.err).not.toContain('    at ');
    const help = await run('groups', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('vendor and model');
    expect(help.out).toContain('docs/semantics.md');
    expect(help.out).not.toMatch(/SPEC/);
  });
});
