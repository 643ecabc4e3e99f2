// Runs one resolved subcommand: its --help, and user mistakes rendered without stack traces
// (exit 2). Shared by the general CLI (main.ts) and the `strata sat` entry (sat-main.ts).
import { UsageError, type Command } from './command.js';
import { InputError } from '../load/errors.js';

/** `name` as the user typed it (`sat`, `import hosts`), for the "See: strata NAME --help" line. */
export async function runCommand(name: string, command: Command, rest: string[]): Promise<number> {
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
