// `strata import depot` end to end: the command's output loads as a depot (JSON and protobuf),
// and `strata validate --json` on a base image holding every imported component reports exactly
// the missing dependencies and conflicts an independent check on the VIBs themselves finds.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDepot } from '../../src/load/depot.js';
import { decodeDepot } from '../../src/wire/codec.js';
import { satisfies } from '../../src/version/version.js';
import type { Relation } from '../../src/model/types.js';
import { addonBundle, addonComponents, baseBundle, baseComponents, type ComponentSpec, type VibSpec } from './esxi-fixtures.js';
import { run } from '../support/run-cli.js';

afterEach(() => vi.restoreAllMocks());

const tmp = mkdtempSync(join(tmpdir(), 'strata-import-cli-'));
const base = join(tmp, 'VMware-ESXi-8.0U2-depot.zip');
const addon = join(tmp, 'DEL-ESXi-addon.zip');
writeFileSync(base, baseBundle());
writeFileSync(addon, addonBundle());

/**
 * The independent check, on VIBs: every depends constraint of every VIB in the image is met by
 * some VIB (its name at its version, or a provide), and no conflicts constraint matches a VIB of
 * another component. Errors are attributed to the component owning the VIB.
 */
function vibLevelErrors(components: ComponentSpec[]): Set<string> {
  const parse = (c: string) => {
    const [name, relation, version] = c.split(' ');
    return { name: name!, relation: relation as Relation | undefined, version };
  };
  const owned = components.flatMap((c) => c.vibs.map((v) => ({ owner: c, vib: v })));
  const meets = (v: VibSpec, c: ReturnType<typeof parse>) =>
    (v.name === c.name && satisfies(v.version, c.relation, c.version)) ||
    (v.provides ?? []).some((p) => {
      const [name, version] = p.split(' ');
      return name === c.name && (version === undefined ? c.relation === undefined : satisfies(version, c.relation, c.version));
    });
  const errors = new Set<string>();
  for (const { owner, vib } of owned) {
    for (const d of (vib.depends ?? []).map(parse)) {
      if (!owned.some((o) => meets(o.vib, d))) errors.add(`MISSING_DEPENDENCY ${owner.name}@${owner.version}`);
    }
    for (const c of (vib.conflicts ?? []).map(parse)) {
      if (owned.some((o) => o.owner !== owner && meets(o.vib, c))) errors.add(`CONFLICT ${owner.name}@${owner.version}`);
    }
  }
  return errors;
}

describe('strata import depot', () => {
  it('writes a depot that --depot loads; validate on an all-components base image agrees with the VIB-level check', async () => {
    const depotFile = join(tmp, 'depot.json');
    const r = await run('import', 'depot', base, addon, '--out', depotFile);
    expect(r.code).toBe(0);
    expect(r.err).toContain('has no descriptor in the depot: component Dell-perccli@007.2313.0000.0000-01 left out');
    expect(r.err).toMatch(
      /imported 5 components \(6 bulletins, 6 VIBs\), 1 base image, 1 add-on, 0 hardware support packages, 0 solutions; 1 error, 0 warnings/,
    );
    const depot = loadDepot(depotFile);
    expect(depot.components).toHaveLength(5);

    // a base image holding every imported component, judged by the planner
    const raw = JSON.parse(readFileSync(depotFile, 'utf8'));
    const everything = Object.fromEntries(raw.components.map((c: { name: string; version: string }) => [c.name, c.version]));
    raw.base_images.push({ version: '8.0.2-0.0.99999999', components: everything });
    writeFileSync(depotFile, JSON.stringify(raw));
    const hcl = join(tmp, 'hcl.json');
    writeFileSync(
      hcl,
      JSON.stringify({
        releases: [{ name: 'ESXi 8.0 U2', base_image_versions: ['8.0.2'] }],
        servers: [{ vendor: 'Dell Inc.', model: 'PowerEdge R750', releases: ['ESXi 8.0 U2'] }],
        devices: [],
      }),
    );
    const cluster = join(tmp, 'cluster.json');
    writeFileSync(
      cluster,
      JSON.stringify({
        name: 'cl-01',
        hosts: [{ name: 'esx-01', vendor: 'Dell Inc.', model: 'PowerEdge R750', family: 'PowerEdge 15G', devices: [] }],
        desired: { base_image: { version: '8.0.2-0.0.99999999' } },
      }),
    );
    const v = await run('validate', '--depot', depotFile, '--hcl', hcl, '--cluster', cluster, '--json');
    expect(v.code).toBe(0);
    const report = JSON.parse(v.out) as { valid: boolean; errors: { code: string; item?: string }[] };
    const got = new Set(report.errors.map((e) => `${e.code} ${e.item}`));

    const imported = [...baseComponents, ...addonComponents].filter((c) => !c.missingVibs);
    const want = vibLevelErrors(imported);
    expect(want).toEqual(
      new Set([
        'MISSING_DEPENDENCY Dell-ISM@5.2.0.0-3307.DEL.800',
        'CONFLICT Dell-ISM@5.2.0.0-3307.DEL.800',
        'MISSING_DEPENDENCY VMware-vmkusb@0.1-7vmw.802.0.0.22380479',
      ]),
    );
    expect(got).toEqual(want);
    expect(report.valid).toBe(false);
  }, 60_000);

  it('writes the protobuf Depot (without the extra fields)', async () => {
    const out = join(tmp, 'depot.pb');
    const r = await run('import', 'depot', base, '--format', 'proto', '--out', out);
    expect(r.code).toBe(0);
    const depot = decodeDepot(new Uint8Array(readFileSync(out)));
    const esxi = depot.components.find((c) => c.name === 'ESXi')!;
    expect(esxi).toMatchObject({ version: '8.0.2-0.0.22380479', display_version: '8.0 U2 - 22380479', reboot_required: true, depends: [] });
    expect('vibs' in esxi).toBe(false);
    expect(depot.base_images.map((b) => b.version)).toEqual(['8.0.2-0.0.22380479']);
  });

  it('prints JSON on standard output without --out', async () => {
    const r = await run('import', 'depot', base);
    expect(r.code).toBe(0);
    const depot = JSON.parse(r.out);
    expect(depot.components.find((c: { name: string }) => c.name === 'Intel-i40en').pci_ids).toEqual([
      { vid: '8086', did: '1572', svid: '*', ssid: '*' },
    ]);
  });

  it('exits 2 when nothing usable was read, and for bad usage', async () => {
    const junk = join(tmp, 'junk.zip');
    writeFileSync(junk, 'PK not really');
    const r = await run('import', 'depot', junk);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/junk\.zip: not a readable zip archive/);
    expect(r.err).toContain('nothing usable was read');
    expect((await run('import', 'depot')).code).toBe(2);
    expect((await run('import', 'depot', base, '--format', 'yaml')).code).toBe(2);
    const unknown = await run('import', 'nonsense');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('strata import: unknown "nonsense"');
    for (const what of ['depot', 'hosts', 'hcl', 'spec']) expect(unknown.err).toContain(`  ${what} `);
  });

  it('teaches in --help: the formats accepted and examples', async () => {
    const r = await run('import', 'depot', '--help');
    expect(r.code).toBe(0);
    for (const s of [
      'offline bundle',
      'metadata.zip',
      'vibs/, bulletins/',
      'depot-content',
      '--format proto',
      'Examples:',
      'docs/import.md',
    ]) {
      expect(r.out).toContain(s);
    }
    expect(r.out).not.toMatch(/SPEC/);
    expect((await run('--help')).out).toMatch(/import depot\s+a depot from ESXi offline bundles/);
  });
});
