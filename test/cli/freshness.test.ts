// `strata validate` and `strata recommend` say how old the HCL is: a line for people, and
// hcl_age_days / hcl_freshness with --json, against --hcl-warn-days / --hcl-error-days.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../support/run-cli.js';

const example = fileURLToPath(new URL('../../examples/dell-r750/', import.meta.url));
const dir = fs.mkdtempSync(join(tmpdir(), 'strata-fresh-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000 - 3_600_000).toISOString();

/** A copy of the example world whose HCL was updated `days` ago (undefined: no date). */
function worldUpdated(days: number | undefined): string {
  const w = join(dir, String(days ?? 'none'));
  fs.mkdirSync(w, { recursive: true });
  for (const f of ['depot.json', 'cluster.json']) fs.copyFileSync(join(example, f), join(w, f));
  const { updated: _drop, ...hcl } = JSON.parse(fs.readFileSync(join(example, 'hcl.json'), 'utf8'));
  fs.writeFileSync(join(w, 'hcl.json'), JSON.stringify(days === undefined ? hcl : { ...hcl, updated: daysAgo(days) }));
  return w;
}

describe('HCL freshness on the command line', () => {
  it('--json adds hcl_age_days and hcl_freshness and keeps every other field', async () => {
    const w = worldUpdated(100);
    const v = await run('validate', '--world', w, '--json');
    expect(v.code).toBe(0);
    const vj = JSON.parse(v.out);
    expect(vj).toMatchObject({ hcl_age_days: 100, hcl_freshness: 'WARNING' });
    expect(Object.keys(vj)).toEqual(expect.arrayContaining(['valid', 'effective_components', 'errors']));

    const r = await run('recommend', '--world', w, '--json', '--repairs', '0', '--hcl-error-days', '99', '--hcl-warn-days', '50');
    expect(r.code).toBe(0);
    const rj = JSON.parse(r.out);
    expect(rj).toMatchObject({ hcl_age_days: 100, hcl_freshness: 'ERROR' });
    expect(Object.keys(rj)).toEqual(expect.arrayContaining(['latest', 'current_series', 'same_base', 'excluded_base_images']));
  });

  it('is UNKNOWN without a date', async () => {
    const r = await run('validate', '--world', worldUpdated(undefined), '--json');
    expect(JSON.parse(r.out)).toMatchObject({ hcl_age_days: null, hcl_freshness: 'UNKNOWN' });
  });

  it('shows one line near the top, with a hint to refresh an old list', async () => {
    const ok = await run('validate', '--world', worldUpdated(24));
    const lines = ok.out.split('\n');
    expect(lines.slice(0, 4).some((l) => /^HCL updated \d{4}-\d{2}-\d{2} \(24 days ago\): OK$/.test(l))).toBe(true);
    const old = await run('recommend', '--world', worldUpdated(200), '--repairs', '0');
    expect(old.out.split('\n').slice(0, 5).join('\n')).toMatch(/HCL updated .* \(200 days ago\): ERROR, .*strata import hcl/);
  });

  it('refuses a warning limit past the error limit (exit 2)', async () => {
    const r = await run('validate', '--world', worldUpdated(1), '--hcl-warn-days', '200');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--hcl-warn-days');
    const s = await run('serve', '--data', ':memory:', '--hcl-warn-days', '30', '--hcl-error-days', '7');
    expect(s.code).toBe(2);
    expect(s.err).toContain('--hcl-error-days');
  });
});
