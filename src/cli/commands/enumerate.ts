// `strata enumerate`: every valid image of a cluster in rank order, streamed as found.
import type { Command } from '../command.js';
import { intValue } from '../args.js';
import { ClusterPlan } from '../../plan/plan.js';
import type { Image } from '../../model/types.js';
import { EXIT_CODES_HELP, WORLD_OPTIONS_HELP, loadWorldFiles, parseWorldArgs, withEngines } from '../world-args.js';
import { guardStdout, stdoutStyle, write, writeLines } from '../render/output.js';
import { ENUMERATE_HEADER, ENUMERATE_TABLE, Progress, StreamingTable, enumerateRow } from '../render/enumerate.js';
import { plural } from '../render/table.js';

const help = `strata enumerate — every image valid on every host of a cluster, best first

Usage: strata enumerate --world DIR [--limit K] [--json] [--engine NAME]
       strata enumerate --depot FILE --hcl FILE --cluster FILE [--limit K] [--json] [--engine NAME]

Lists every valid combination of base image, add-on, hardware support package, solution
versions and user component versions at or above the desired ones, in rank order
(docs/semantics.md): newest base image first, then newest add-on ("none" last), package,
solutions, components.
Each image uses the newest solution component versions that keep it valid. The list can be
long: it is printed as it is found, and on a terminal a progress line on stderr shows how many
have been found so far.

${WORLD_OPTIONS_HELP}
  --limit K         print only the first K combinations (the count still covers all of them)

Example:
  strata enumerate --world examples/dell-r750
  strata enumerate --world examples/hpe-gen11 --limit 5
  strata enumerate --world examples/dell-r750 --json | head -40

Output: a numbered table (rank, base image, add-on, package, solutions with their resolved
components, user components), then "N valid combinations" ("showing the first K" with --limit).
With --json: {"combinations": [IMAGE, ...], "count": N}, streamed: "count" comes last because
it is known only at the end (key order does not matter to JSON readers; docs/output.md).

${EXIT_CODES_HELP}
  (no valid combination at all is an answer: the exit code is 0)`;

/** JSON.stringify(value, null, 2) with every line but the first indented by `indent`. */
function indented(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).split('\n').join(`\n${indent}`);
}

export const enumerateCommand: Command = {
  name: 'enumerate',
  help,
  async run(args) {
    const opts = parseWorldArgs('enumerate', args, { values: ['limit'] });
    const limit = intValue(opts.parsed, 'limit', 0) ?? Infinity;
    const { world, catalog } = loadWorldFiles(opts.files);
    const cluster = world.cluster;
    guardStdout();
    await withEngines(async () => {
      const plan = await ClusterPlan.create(catalog, cluster, { engine: opts.engine });
      const progress = Progress.forStderr();
      try {
        if (opts.json) {
          let shown = 0;
          await write('{\n  "combinations": [');
          const { count } = await plan.enumerate(0, async (image: Image, index: number) => {
            progress?.update(index + 1);
            if (index < limit) {
              await write(`${index === 0 ? '\n    ' : ',\n    '}${indented(image, '    ')}`);
              shown++;
            }
          });
          progress?.stop();
          await write(`${shown > 0 ? '\n  ' : ''}],\n  "count": ${count}\n}\n`);
          return;
        }
        const style = stdoutStyle();
        const emit = async (lines: string[]) => {
          progress?.clear();
          await writeLines(lines);
        };
        await emit([
          style.bold(`Valid images for cluster ${cluster.name}`) + ` (${plural(cluster.hosts.length, 'host')}), best first:`,
          '',
        ]);
        const tableOut = new StreamingTable(emit, ENUMERATE_HEADER, ENUMERATE_TABLE);
        const { count } = await plan.enumerate(0, async (image: Image, index: number) => {
          progress?.update(index + 1);
          if (index < limit) await tableOut.add(enumerateRow(image, index + 1));
        });
        progress?.stop();
        if (count > 0 && limit > 0) await tableOut.flush();
        const lines = [''];
        if (count === 0) {
          lines.push('No valid combination: no image is valid on every host.');
          lines.push('See `strata recommend` for the reasons each base image is excluded.');
        } else {
          const showing = count > limit ? ` (showing the first ${limit})` : '';
          lines.push(`${plural(count, 'valid combination')}${showing}`);
        }
        await writeLines(lines);
      } finally {
        progress?.stop();
        plan.dispose();
      }
    });
    return 0;
  },
};
