// `strata import hosts`: a cluster JSON from the command outputs collected on each host.
import * as fs from 'node:fs';
import { UsageError, type Command } from '../command.js';
import { parseArgs } from '../args.js';
import { importHosts } from '../../import/hosts/build.js';
import { loadFamilyRules } from '../../import/hosts/families.js';
import { parseCluster } from '../../load/cluster.js';
import { guardStdout, writeJson } from '../render/output.js';

const help = `strata import hosts — a cluster's hosts from esxcli (or lspci) output collected on each host

Usage: strata import hosts [--out FILE] [--cluster NAME] [--families FILE] PATH...

Each PATH is a text file with the output of these commands, each output headed by a marker
line "### <the command>" (or the ESXi shell prompt line that ran it):
  esxcli hardware platform get                 vendor and model (required)
  esxcli hardware pci list                     devices: ids, class, vmkernel name (required;
                                               or lspci -vvnn on hosts inventoried before ESXi)
  esxcli network nic get -n vmnicN             driver and firmware of each NIC
  esxcli storage core adapter list             drivers of storage adapters
  esxcli nvme device get -A vmhbaN             firmware of an NVMe device
  esxcli software component list               the installed image (or software vib list)
A file may hold several hosts, each starting with a line "### host NAME"; without it the host
is named by the prompt, else by the file name. See docs/import.md.

Options:
  --out FILE        write the cluster JSON there (default: standard output)
  --cluster NAME    the cluster's name (default: imported)
  --families FILE   extra vendor/model → family rules, tried before the built-in ones
  -h, --help        print this help

The desired image is the oldest installed base image, or empty when no host shows one.
Devices whose firmware the inputs do not show get "unknown" (listed on standard error).

Exit codes: 0 written, 2 bad usage or bad input (file: line N: what is wrong), 1 internal failure.`;

export const importHostsCommand: Command = {
  name: 'import hosts',
  help,
  async run(args) {
    const parsed = parseArgs(args, { values: ['out', 'cluster', 'families'] });
    if (parsed.positionals.length === 0) throw new UsageError('give at least one file of collected command output');
    const familiesFile = parsed.values.get('families');
    const families = familiesFile === undefined ? [] : loadFamilyRules(familiesFile);
    const { cluster, notes } = importHosts(parsed.positionals, { cluster: parsed.values.get('cluster'), families });
    // What we write must load: a failure here is a bug of the importer, not of the input.
    try {
      parseCluster(JSON.parse(JSON.stringify(cluster)), '(imported cluster)');
    } catch (err) {
      throw new Error(`import hosts built a cluster that does not load: ${(err as Error).message}`);
    }
    for (const n of notes) process.stderr.write(`note: ${n}\n`);
    const out = parsed.values.get('out');
    if (out !== undefined) {
      fs.writeFileSync(out, JSON.stringify(cluster, null, 2) + '\n');
      process.stderr.write(`wrote ${out}: ${cluster.hosts.length} host(s)\n`);
    } else {
      guardStdout();
      await writeJson(cluster);
    }
    return 0;
  },
};
