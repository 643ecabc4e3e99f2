// The subcommands of `strata`, in the order `strata --help` lists them.
import type { Command } from '../command.js';

export const commands: Command[] = [];
