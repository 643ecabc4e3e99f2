// The subcommands of `strata`, in the order `strata --help` lists them.
// `sat`, `serve` and `whatif` are registered here too, after these, when they exist.
import type { Command } from '../command.js';
import { enumerateCommand } from './enumerate.js';
import { recommendCommand } from './recommend.js';
import { validateCommand } from './validate.js';

export const commands: Command[] = [validateCommand, recommendCommand, enumerateCommand];
