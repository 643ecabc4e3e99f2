// The three world commands run in-process: their --json outputs against the expected answers of
// the fixture worlds (test/fixtures/worlds), and the shipped example worlds of the CLI.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../support/run-cli.js';

const fixtures = fileURLToPath(new URL('../fixtures/worlds/', import.meta.url));
const shipped = fileURLToPath(new URL('../../examples/', import.meta.url));

afterEach(() => vi.restoreAllMocks());

const expected = (world: string) => JSON.parse(fs.readFileSync(`${fixtures}${world}/expected.json`, 'utf8'));

describe('recommend and enumerate --json match expected.json of the fixture worlds', () => {
  for (const world of ['world-b', 'hpe-excluded-newer-bases', 'vsan-shared-component', 'dell-mixed-profiles']) {
    for (const engine of ['minisat', 'z3']) {
      it(`recommend ${world} (${engine})`, async () => {
        const r = await run('recommend', '--world', `${fixtures}${world}`, '--engine', engine, '--json');
        expect(r.code).toBe(0);
        const got = JSON.parse(r.out);
        const want = expected(world);
        expect(Object.keys(got)).toEqual([
          'latest',
          'current_series',
          'same_base',
          'excluded_base_images',
          'hcl_age_days',
          'hcl_freshness',
        ]);
        expect(got.latest).toEqual(want.latest);
        expect(got.current_series).toEqual(want.current_series);
        expect(got.same_base).toEqual(want.same_base);
        expect(got.excluded_base_images.map((x: { version: string }) => x.version)).toEqual(
          want.excluded_base_images.map((x: { version: string }) => x.version),
        );
        for (const ex of got.excluded_base_images) {
          expect(typeof ex.version).toBe('string');
          expect(ex.reasons.length).toBeGreaterThan(0);
          for (const reason of ex.reasons) {
            expect(typeof reason.code).toBe('string');
            expect(typeof reason.message).toBe('string');
          }
        }
      }, 60_000);

      it(`enumerate ${world} (${engine})`, async () => {
        const r = await run('enumerate', '--world', `${fixtures}${world}`, '--engine', engine, '--json');
        expect(r.code).toBe(0);
        const got = JSON.parse(r.out);
        const want = expected(world);
        expect(got.count).toBe(want.count);
        expect(got.combinations).toEqual(want.combos);
        // streamed, yet exactly what JSON.stringify would print (with "count" last)
        expect(r.out).toBe(JSON.stringify({ combinations: got.combinations, count: got.count }, null, 2) + '\n');
      }, 60_000);
    }
  }

  it('recommend accepts --depot/--hcl/--cluster instead of --world', async () => {
    const dir = `${fixtures}world-c/`;
    const r = await run('recommend', '--depot', `${dir}depot.json`, '--hcl', `${dir}hcl.json`, '--cluster', `${dir}cluster.json`, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).latest).toEqual(expected('world-c').latest);
  });

  it('enumerate --limit keeps the first K combinations and the full count', async () => {
    const want = expected('world-b');
    const r = await run('enumerate', '--world', `${fixtures}world-b`, '--limit', '3', '--json');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out);
    expect(got.count).toBe(want.count);
    expect(got.combinations).toEqual(want.combos.slice(0, 3));
  });

  it('enumerate --limit 0 prints only the count', async () => {
    const r = await run('enumerate', '--world', `${fixtures}world-a`, '--limit', '0', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ combinations: [], count: expected('world-a').count });
  });

  it('enumerate without --json prints a numbered table and the full count', async () => {
    const want = expected('world-b');
    const r = await run('enumerate', '--world', `${fixtures}world-b`, '--limit', '5');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^#\s+BASE IMAGE\s+ADD-ON\s+PACKAGE\s+SOLUTIONS\s+COMPONENTS$/m);
    const rows = r.out.split('\n').filter((l) => /^\s*\d+\s{2}/.test(l));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toContain(want.combos[0].base_image.version);
    expect(r.out).toContain(`${want.count} valid combinations (showing the first 5)`);
  });
});

describe('shipped example worlds', () => {
  it('every shipped example world loads and validates', async () => {
    const worlds = fs.readdirSync(shipped).filter((d) => fs.existsSync(`${shipped}${d}/depot.json`));
    expect(worlds).toEqual(expect.arrayContaining(['dell-r750', 'hpe-gen11']));
    for (const w of worlds) {
      const r = await run('validate', '--world', `${shipped}${w}`, '--json');
      expect(r.code, `${w}: ${r.err}`).toBe(0);
      const report = JSON.parse(r.out);
      expect(Object.keys(report)).toEqual(['valid', 'effective_components', 'errors', 'hcl_age_days', 'hcl_freshness']);
      for (const c of Object.values(report.effective_components) as { version: string; source: string }[]) {
        expect(Object.keys(c)).toEqual(['version', 'source']);
      }
    }
  });

  it('dell-r750: the desired image is valid', async () => {
    const r = await run('validate', '--world', `${shipped}dell-r750`, '--json');
    const report = JSON.parse(r.out);
    expect(report.valid).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.effective_components['Intel-i40en']).toEqual({ version: '2.5.2.0-1OEM.800.1.0.20613240', source: 'ADD_ON' });
    expect(report.effective_components.vsan.source).toBe('SOLUTION');
  });

  it('hpe-gen11: the desired image is not valid, and the report says why', async () => {
    const r = await run('validate', '--world', `${shipped}hpe-gen11`, '--json');
    const report = JSON.parse(r.out);
    expect(report.valid).toBe(false);
    const codes = new Set(report.errors.map((e: { code: string }) => e.code));
    expect(codes).toContain('DOWNGRADE');
    expect(codes).toContain('DEVICE_NOT_CERTIFIED');
    const human = await run('validate', '--world', `${shipped}hpe-gen11`);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/^NOT VALID/);
    expect(human.out).toContain('gen11-esx01, gen11-esx02, gen11-esx03 (3 hosts):');
    expect(human.out).toContain('gen11-esx04, gen11-esx05 (2 hosts):');
    expect(human.out).toContain('Effective components');
  });

  it('dell-r750: 8.0 U3 is excluded for the add-on and the NIC firmware of two hosts', async () => {
    const r = await run('recommend', '--world', `${shipped}dell-r750`, '--json');
    const recs = JSON.parse(r.out);
    expect(recs.latest.base_image.version).toBe('8.0.2-0.40.23825572');
    expect(recs.same_base.base_image.version).toBe('8.0.2-0.30.23305546');
    expect(recs.excluded_base_images.map((e: { version: string }) => e.version)).toEqual(['8.0.3-0.35.24280767', '8.0.3-0.0.24022510']);
    for (const ex of recs.excluded_base_images) {
      const codes = ex.reasons.map((x: { code: string }) => x.code).sort();
      expect(codes).toEqual(['DEVICE_NOT_CERTIFIED', 'UNSUPPORTED_BASE_IMAGE', 'UNSUPPORTED_BASE_IMAGE']);
    }
    const human = await run('recommend', '--world', `${shipped}dell-r750`);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/LATEST\s+CURRENT SERIES \(8\.0\)\s+SAME BASE/);
    expect(human.out).toMatch(/add-on DEL-ESXi\s+802\.0\.0\.11\.8\.0-16 \*/);
    expect(human.out).toContain('esx-05.lab.local, esx-06.lab.local (2 hosts):');
    expect(human.out).toContain('* differs from the desired image');
  });

  it('hpe-gen11: three different recommendations, 8.0 U3 excluded by the DL360 certification', async () => {
    const r = await run('recommend', '--world', `${shipped}hpe-gen11`, '--json');
    const recs = JSON.parse(r.out);
    expect(recs.latest.base_image.version).toBe('8.0.2-0.30.23305546');
    expect(recs.current_series.base_image.version).toBe('7.0.3-0.125.23794027');
    expect(recs.same_base.base_image.version).toBe('7.0.3-0.105.22348816');
    for (const ex of recs.excluded_base_images) {
      expect(ex.reasons.map((x: { code: string }) => x.code)).toEqual(['SERVER_NOT_CERTIFIED']);
    }
    const human = await run('recommend', '--world', `${shipped}hpe-gen11`);
    expect(human.out).toContain('gen11-esx04, gen11-esx05 (2 hosts):');
    expect(human.out).toContain('server HPE ProLiant DL360 Gen11 is not certified for ESXi 8.0 U3');
  });
});
