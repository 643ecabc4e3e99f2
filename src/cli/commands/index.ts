// The subcommands of `strata`, in the order `strata --help` lists them.
import type { Command } from '../command.js';
import { enumerateCommand } from './enumerate.js';
import { exportSpecCommand } from './export-spec.js';
import { importHclCommand } from './import-hcl.js';
import { importHostsCommand } from './import-hosts.js';
import { importSpecCommand } from './import-spec.js';
import { recommendCommand } from './recommend.js';
import { satCommand } from './sat.js';
import { serveCommand } from './serve.js';
import { validateCommand } from './validate.js';
import { whatifCommand } from './whatif.js';

export const commands: Command[] = [validateCommand, recommendCommand, enumerateCommand, whatifCommand, serveCommand, satCommand,
  // import and export (the integrator folds these under `strata import` and `strata export`)
  importHostsCommand, importHclCommand, importSpecCommand, exportSpecCommand];
