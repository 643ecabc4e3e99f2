// The subcommands of `strata`, in the order `strata --help` lists them. A command's module (and
// what it imports: engines, the service, protobuf) loads only when that command runs, so
// `strata --help` and small runs start in about the time Node itself takes.
import type { Command } from '../command.js';

export interface CommandEntry {
  name: string;
  /** one line for `strata --help` */
  summary: string;
  load(): Promise<Command>;
}

/** A command made of subcommands (`strata import hosts`): the first argument picks one. */
export interface CommandGroup {
  name: string;
  summary: string;
  subcommands: CommandEntry[];
}

export const commands: (CommandEntry | CommandGroup)[] = [
  {
    name: 'validate',
    summary: 'check the desired image of a cluster on every host, and say why not',
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    name: 'recommend',
    summary: 'the newest valid images for a cluster, and why newer base images are excluded',
    load: async () => (await import('./recommend.js')).recommendCommand,
  },
  {
    name: 'groups',
    summary: 'the fewest image groups (by vendor and model) for a mixed-hardware cluster, and their images',
    load: async () => (await import('./groups.js')).groupsCommand,
  },
  {
    name: 'enumerate',
    summary: 'every valid image for a cluster, in rank order (streamed)',
    load: async () => (await import('./enumerate.js')).enumerateCommand,
  },
  {
    name: 'fleet',
    summary: 'recommend every cluster of a site (a folder or JSON Lines file of clusters), with a summary',
    load: async () => (await import('./fleet.js')).fleetCommand,
  },
  {
    name: 'whatif',
    summary: 'answers many what-if scenarios (hosts, HCL, depot, desired image changes) at once',
    load: async () => (await import('./whatif.js')).whatifCommand,
  },
  {
    name: 'serve',
    summary: 'run the HTTP service (API, durable state, re-solving on change)',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'import',
    summary: 'read what operators have (ESXi depots, host inventories, the vSAN HCL, vSphere image specs) into Strata files',
    subcommands: [
      {
        name: 'depot',
        summary: 'a depot from ESXi offline bundles, metadata.zip files, folders or depot-content captures',
        load: async () => (await import('./import-depot.js')).importDepotCommand,
      },
      {
        name: 'hosts',
        summary: 'a cluster JSON from esxcli/lspci output collected on each host',
        load: async () => (await import('./import-hosts.js')).importHostsCommand,
      },
      {
        name: 'hcl',
        summary: 'an HCL from the vSAN HCL JSON (all.json)',
        load: async () => (await import('./import-hcl.js')).importHclCommand,
      },
      {
        name: 'spec',
        summary: "a vSphere SoftwareSpec JSON as a cluster's desired image",
        load: async () => (await import('./import-spec.js')).importSpecCommand,
      },
    ],
  },
  {
    name: 'export',
    summary: 'write Strata answers in the formats vSphere accepts',
    subcommands: [
      {
        name: 'spec',
        summary: 'a desired or recommended image as the vSphere SoftwareSpec JSON',
        load: async () => (await import('./export-spec.js')).exportSpecCommand,
      },
    ],
  },
  {
    name: 'sat',
    summary: 'solve a DIMACS CNF file with the built-in CDCL engine',
    load: async () => (await import('./sat.js')).satCommand,
  },
];

export function isGroup(c: CommandEntry | CommandGroup): c is CommandGroup {
  return 'subcommands' in c;
}

/** The help of a group: its subcommands, one line each. */
export function groupHelp(g: CommandGroup): string {
  const width = Math.max(...g.subcommands.map((c) => c.name.length));
  return [
    `strata ${g.name} — ${g.summary}`,
    '',
    `Usage: strata ${g.name} <what> [options] PATH...      strata ${g.name} <what> --help`,
    '',
    ...g.subcommands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}
