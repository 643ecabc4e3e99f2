// Entry point of the `strata` command: dispatches to a subcommand, renders user mistakes
// without stack traces (exit 2) and bugs with one (exit 1).
import { UsageError } from './command.js';
import { commands } from './commands/index.js';
import { InputError } from '../load/errors.js';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'strata — plans the software images of virtualization host clusters',
    '',
    'Usage: strata <command> [options]      strata <command> --help',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Inputs are JSON files: a depot (--depot, docs/depot.md), an HCL (--hcl, docs/hcl.md) and a',
    'cluster (--cluster, docs/cluster.md). Exit codes: 0 success (also when no image is valid),',
    '2 bad input or usage, 1 internal failure (docs/output.md). All documentation: docs/README.md.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    console.log(topic ? (await topic.load()).help : overview());
    return 0;
  }
  if (name === '--version') {
    console.log('strata 0.1.0');
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    console.error(`strata: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`strata ${name}: ${err.message}\nSee: strata ${name} --help`);
      return 2;
    }
    if (err instanceof InputError) {
      console.error(err.render());
      return 2;
    }
    throw err;
  }
}
