// `strata import depot`: a Strata depot from ESXi depot metadata (offline bundles, metadata.zip,
// extracted folders, captures of vCenter's depot-content API).
import { writeFile } from 'node:fs/promises';
import { UsageError, type Command } from '../command.js';
import { parseArgs } from '../args.js';
import { guardStdout, write } from '../render/output.js';
import { formatImportProblem, importEsxiDepot } from '../../import/esxi/depot.js';
import { encodeDepot } from '../../wire/codec.js';

/** Most problems printed; the rest are counted. */
const MAX_PRINTED = 200;

const depotHelp = `strata import depot — a Strata depot from ESXi depot metadata

Usage: strata import depot [--out FILE] [--format json|proto] PATH...

Each PATH is one of:
  - an offline bundle (.zip holding index.xml, vendor-index.xml and metadata.zip), as VMware
    and server vendors publish base images, vendor add-ons and hardware support packages;
  - a metadata.zip;
  - a folder laid out like an extracted metadata.zip: vibs/, bulletins/, and where present
    baseimages/, addons/, manifests/ (hardware support), solutions/;
  - a .json capture of vCenter's depot-content API: {GET path: response}, with paths such as
    /api/esx/settings/depot-content/base-images/versions/{version}.
Several PATHs merge into one depot (a VMware base bundle plus OEM add-on and hardware support
bundles): VIBs are pooled, each bulletin becomes a component, and each release unit a base
image, add-on, hardware support package or solution.

Components carry their VIBs' rules lifted to the component: depends and conflicts that the
component's own VIBs do not settle, provides (every VIB name at its version and what the VIBs
provide), reboot_required (a VIB that cannot be installed live). Extra fields, which planning
ignores: vibs, pci_ids, replaces, maintenance_mode, acceptance_level. docs/import.md has the
full field mapping.

Options:
  --out FILE        write the depot there (default: standard output)
  --format json     the depot JSON that --depot reads (default)
  --format proto    the strata.v1.Depot protobuf message (proto/strata.proto; the extra
                    fields are not part of it); needs --out when standard output is a terminal

Problems are printed on standard error as "where: element: what", where names the archive
chain and member (bundle.zip!metadata.zip!vibs/x.xml) and the element the XML path
(/vib/relationships/depends/constraint[3]). What a problem touches is left out — a bulletin
listing a VIB with no descriptor keeps its component out — and the import goes on.

Examples:
  strata import depot VMware-ESXi-8.0U2-22380479-depot.zip --out depot.json
  strata import depot esxi-base.zip DEL-ESXi_802.0.0.11.4.0-14_depot.zip hsp.zip --out depot.json
  strata import depot ./metadata/ --format proto --out depot.pb
  strata import depot vcenter-depot-content.json --out depot.json

Exit codes: 0 a depot was written (also when some items were left out), 2 nothing usable was
read or bad usage, 1 internal failure.`;

export const importDepotCommand: Command = {
  name: 'import depot',
  help: depotHelp,
  async run(args) {
    const parsed = parseArgs(args, { values: ['out', 'format'] });
    const format = parsed.values.get('format') ?? 'json';
    if (format !== 'json' && format !== 'proto') throw new UsageError(`--format must be json or proto, got ${JSON.stringify(format)}`);
    if (parsed.positionals.length === 0)
      throw new UsageError('name at least one PATH (an offline bundle, a metadata.zip, a folder or a .json capture)');
    const out = parsed.values.get('out');
    if (format === 'proto' && out === undefined && process.stdout.isTTY)
      throw new UsageError('--format proto writes binary: give --out FILE or redirect standard output');

    const result = await importEsxiDepot(parsed.positionals);
    const lines = result.problems.slice(0, MAX_PRINTED).map(formatImportProblem);
    if (result.problems.length > MAX_PRINTED) lines.push(`… and ${result.problems.length - MAX_PRINTED} more problems`);
    const errors = result.problems.filter((p) => p.severity === 'error').length;
    const warnings = result.problems.length - errors;
    const s = result.stats;
    if (!result.usable) {
      lines.push(
        `strata import depot: nothing usable was read from ${parsed.positionals.join(', ')} (${s.vibs} VIBs, ${s.bulletins} bulletins)`,
      );
      process.stderr.write(lines.join('\n') + '\n');
      return 2;
    }
    const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
    lines.push(
      `imported ${count(s.components, 'component')} (${count(s.bulletins, 'bulletin')}, ${count(s.vibs, 'VIB')}), ` +
        `${count(s.base_images, 'base image')}, ${count(s.add_ons, 'add-on')}, ` +
        `${count(s.hardware_support_packages, 'hardware support package')}, ${count(s.solutions, 'solution')}` +
        (result.problems.length ? `; ${count(errors, 'error')}, ${count(warnings, 'warning')}` : ''),
    );
    const body = format === 'proto' ? Buffer.from(encodeDepot(result.depot)) : JSON.stringify(result.depot, null, 2) + '\n';
    if (out !== undefined) {
      try {
        await writeFile(out, body);
      } catch (err) {
        throw new UsageError(`cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    } else {
      guardStdout();
      if (typeof body === 'string') await write(body);
      else await new Promise<void>((resolve) => (process.stdout.write(body) ? resolve() : process.stdout.once('drain', resolve)));
    }
    process.stderr.write(lines.join('\n') + '\n');
    return 0;
  },
};
