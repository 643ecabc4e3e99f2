// `strata import spec`: a vSphere SoftwareSpec JSON read back as a cluster's desired image.
import * as fs from 'node:fs';
import { UsageError, type Command } from '../command.js';
import { parseArgs } from '../args.js';
import { fromVsphereSpec } from '../../import/spec/software-spec.js';
import { loadCluster } from '../../load/cluster.js';
import { readJsonFile } from '../../load/json.js';
import type { Cluster } from '../../model/types.js';
import { guardStdout, writeJson } from '../render/output.js';

const help = `strata import spec — a vSphere SoftwareSpec JSON as a cluster's desired image

Usage: strata import spec FILE [--cluster FILE] [--out FILE]

FILE is a SoftwareSpec ({"base_image", "add_on", "components", "solutions", "hardware_support",
"removed_components"}), as vLCM exports an image or strata export spec prints it; the
SoftwareInfo shape of GET .../software and a draft ({"metadata", "software"}) are read too.
Solutions keep their version only: vSphere fixes their components from it.

Options:
  --cluster FILE    the cluster whose desired image this replaces (its hosts are kept);
                    without it, a cluster named "imported" with no hosts
  --out FILE        write the cluster JSON there (default: standard output)
  -h, --help        print this help

Exit codes: 0 written, 2 bad usage or bad input (file: JSON path: what is wrong), 1 internal failure.`;

export const importSpecCommand: Command = {
  name: 'import spec',
  help,
  async run(args) {
    const parsed = parseArgs(args, { values: ['cluster', 'out'] });
    if (parsed.positionals.length !== 1) throw new UsageError('give exactly one SoftwareSpec JSON file');
    const file = parsed.positionals[0]!;
    const desired = fromVsphereSpec(readJsonFile(file), file);
    const clusterFile = parsed.values.get('cluster');
    const base: Cluster = clusterFile === undefined ? { name: 'imported', hosts: [], desired: {} } : loadCluster(clusterFile);
    const cluster: Cluster = { ...base, desired };
    const out = parsed.values.get('out');
    if (out !== undefined) {
      fs.writeFileSync(out, JSON.stringify(cluster, null, 2) + '\n');
      process.stderr.write(`wrote ${out}\n`);
    } else {
      guardStdout();
      await writeJson(cluster);
    }
    return 0;
  },
};
