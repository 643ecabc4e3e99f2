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

export const commands: CommandEntry[] = [
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
    name: 'enumerate',
    summary: 'every valid image for a cluster, in rank order (streamed)',
    load: async () => (await import('./enumerate.js')).enumerateCommand,
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
    name: 'sat',
    summary: 'solve a DIMACS CNF file with the built-in CDCL engine',
    load: async () => (await import('./sat.js')).satCommand,
  },
];
