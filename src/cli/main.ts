// Entry point of the `strata` command: dispatches to a subcommand, renders user mistakes
// without stack traces (exit 2) and bugs with one (exit 1).
import { commands, groupHelp, isGroup, type CommandEntry } from './commands/index.js';
import { runCommand } from './run-command.js';

function overview(): string {
  const lines = commands.flatMap((c) =>
    isGroup(c) ? c.subcommands.map((s) => [`${c.name} ${s.name}`, s.summary]) : [[c.name, c.summary]],
  );
  const width = Math.max(...lines.map(([name]) => name!.length));
  return [
    'strata — plans the software images of virtualization host clusters',
    '',
    'Usage: strata <command> [options]      strata <command> --help',
    '',
    'Commands:',
    ...lines.map(([name, summary]) => `  ${name!.padEnd(width)}  ${summary}`),
    '',
    'Inputs are JSON files: a depot (--depot, docs/depot.md), an HCL (--hcl, docs/hcl.md) and a',
    'cluster (--cluster, docs/cluster.md). Exit codes: 0 success (also when no image is valid),',
    '2 bad input or usage, 1 internal failure (docs/output.md). All documentation: docs/README.md.',
  ].join('\n');
}

/** The command that `argv` names (`recommend`, `import hosts`) and its arguments, or what to print instead. */
async function resolve(
  argv: string[],
  forHelp = false,
): Promise<{ entry: CommandEntry; name: string; rest: string[] } | { print: string; code: number }> {
  const [name, ...rest] = argv;
  const found = commands.find((c) => c.name === name);
  if (!found) return { print: `strata: unknown command "${name}"\n\n${overview()}`, code: 2 };
  if (!isGroup(found)) return { entry: found, name: found.name, rest };
  const [what, ...args] = rest;
  if (what === undefined || what === '--help' || what === '-h')
    return { print: groupHelp(found), code: what === undefined && !forHelp ? 2 : 0 };
  const sub = found.subcommands.find((c) => c.name === what);
  if (!sub) return { print: `strata ${found.name}: unknown "${what}"\n\n${groupHelp(found)}`, code: 2 };
  return { entry: sub, name: `${found.name} ${sub.name}`, rest: args };
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...others] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    if (first !== 'help' || others.length === 0) {
      console.log(overview());
      return 0;
    }
    const topic = await resolve(others, true);
    console.log('print' in topic ? topic.print : (await topic.entry.load()).help);
    return 'print' in topic ? topic.code : 0;
  }
  if (first === '--version') {
    console.log(`strata ${(await import('../model/product.js')).STRATA_VERSION}`);
    return 0;
  }
  const target = await resolve(argv);
  if ('print' in target) {
    (target.code === 0 ? console.log : console.error)(target.print);
    return target.code;
  }
  const { name, rest } = target;
  return runCommand(name, await target.entry.load(), rest);
}
