// The subcommands of `strata`, in the order `strata --help` lists them.
import type { Command } from '../command.js';
import { enumerateCommand } from './enumerate.js';
import { importCommand } from './import.js';
import { recommendCommand } from './recommend.js';
import { satCommand } from './sat.js';
import { serveCommand } from './serve.js';
import { validateCommand } from './validate.js';
import { whatifCommand } from './whatif.js';

export const commands: Command[] = [validateCommand, recommendCommand, enumerateCommand, whatifCommand, importCommand, serveCommand, satCommand];
