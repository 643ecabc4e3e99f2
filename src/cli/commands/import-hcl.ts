// `strata import hcl`: a Strata HCL from the vSAN HCL JSON (all.json).
import * as fs from 'node:fs';
import { UsageError, type Command } from '../command.js';
import { parseArgs } from '../args.js';
import { DEFAULT_RELEASES, loadReleaseTable } from '../../import/hcl/releases.js';
import { importVsanHcl, mergeHcl } from '../../import/hcl/vsan.js';
import { collecting, expected, isObject } from '../../load/check.js';
import { loadHcl, parseHcl } from '../../load/hcl.js';
import { readJsonFile } from '../../load/json.js';
import { guardStdout, writeJson } from '../render/output.js';

const help = `strata import hcl — a hardware compatibility list from the vSAN HCL JSON

Usage: strata import hcl [--out FILE] [--releases FILE] [--drivers FILE] [--base FILE] PATH

Reads the vSAN HCL JSON (all.json: data.controller, data.ssd, data.hdd, data.nic, each entry
with PCI ids and, per ESXi release, its drivers, driver versions and firmwares) and writes the
Strata HCL: one device per PCI id (controller → storage_controller, ssd, hdd, nic), one row per
driver and firmware list. Its "timestamp" (else "jsonUpdatedTime") becomes "updated".

Options:
  --out FILE        write the HCL there (default: standard output)
  --releases FILE   {"ESXi 8.0 U2": ["8.0.2"], ...}: release names → base image version
                    prefixes, over the built-in table (ESXi 7.0 … 9.0 U1); [] drops a release
  --drivers FILE    {"lsi_mr3": "Broadcom-lsi-mr3", ...}: the HCL's driver names → the depot's
                    component names (rows name the component that must be in the image)
  --base FILE       a Strata HCL to merge into: its servers and releases are kept, devices with
                    the same ids are replaced (the vSAN HCL lists no servers)
  -h, --help        print this help

See docs/import.md. Exit codes: 0 written, 2 bad usage or bad input (file: JSON path:
what is wrong), 1 internal failure.`;

function loadDriverMap(file: string): Record<string, string> {
  const value = readJsonFile(file);
  return collecting(file, (c) => {
    if (!isObject(value)) {
      expected(c, '$', 'an object mapping HCL driver names to component names', value);
      return {};
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'string' || v === '') expected(c, `$[${JSON.stringify(k)}]`, 'a component name', v);
      else out[k] = v;
    }
    return out;
  });
}

export const importHclCommand: Command = {
  name: 'import hcl',
  help,
  async run(args) {
    const parsed = parseArgs(args, { values: ['out', 'releases', 'drivers', 'base'] });
    if (parsed.positionals.length !== 1) throw new UsageError('give exactly one vSAN HCL JSON file');
    const file = parsed.positionals[0]!;
    const releasesFile = parsed.values.get('releases');
    const releases = { ...DEFAULT_RELEASES, ...(releasesFile === undefined ? {} : loadReleaseTable(releasesFile)) };
    const driversFile = parsed.values.get('drivers');
    const drivers = driversFile === undefined ? undefined : loadDriverMap(driversFile);
    const baseFile = parsed.values.get('base');
    const base = baseFile === undefined ? undefined : loadHcl(baseFile);
    const { hcl: imported, notes } = importVsanHcl(readJsonFile(file), file, drivers ? { releases, drivers } : { releases });
    const hcl = base ? mergeHcl(base, imported) : imported;
    try {
      parseHcl(JSON.parse(JSON.stringify(hcl)), '(imported HCL)');
    } catch (err) {
      throw new Error(`import hcl built an HCL that does not load: ${(err as Error).message}`);
    }
    for (const n of notes) process.stderr.write(`note: ${n}\n`);
    const out = parsed.values.get('out');
    if (out !== undefined) {
      fs.writeFileSync(out, JSON.stringify(hcl, null, 2) + '\n');
      process.stderr.write(`wrote ${out}: ${hcl.devices.length} device(s), ${hcl.releases.length} release(s)\n`);
    } else {
      guardStdout();
      await writeJson(hcl);
    }
    return 0;
  },
};
