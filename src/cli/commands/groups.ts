// `strata groups`: the fewest image groups (by vendor and model) for a cluster whose hosts one
// image cannot serve, and each group's recommendations.
import { REPAIRS_BUDGET_HELP, repairsBudgetOf } from '../repairs-budget.js';
import type { Command } from '../command.js';
import { intValue } from '../args.js';
import { DEFAULT_MAX_GROUPS, planGroups } from '../../plan/groups/groups.js';
import { EXIT_CODES_HELP, WORLD_OPTIONS_HELP, loadWorldFiles, parseWorldArgs, withEngines } from '../world-args.js';
import { guardStdout, outputWidth, stdoutStyle, writeJson, writeLines } from '../render/output.js';
import { renderGroups } from '../render/groups.js';

const help = `strata groups — split a mixed-hardware cluster into the fewest image groups

Usage: strata groups --world DIR [--max-groups K] [--json] [--repairs K] [--engine NAME]
       strata groups --depot FILE --hcl FILE --cluster FILE [--max-groups K] [--json] [--repairs K] [--engine NAME]

A cluster of Dell and HPE servers, or of two server generations, often has no single image valid
on every host: one add-on cannot serve both vendors. vSphere lets a cluster hold up to four image
definitions, each assigned to hosts by vendor and model. This command finds the split.

  - Hosts are grouped by class: vendor and model. A split puts each class in one of at most K
    groups (--max-groups, default ${DEFAULT_MAX_GROUPS}).
  - Each group is planned like "strata recommend" for its own hosts, from the desired image.
    Where the desired add-on (or hardware support package) does not apply to all of a group's
    hosts, the group carries another add-on (package) that does, newest first, never none.
  - A split is valid when every group has a latest image. The answer has the fewest groups; among
    such splits, the newest images: the groups' latest images compared from the oldest to the
    newest (base image, then add-on, then package). docs/semantics.md has the exact rules.
  - When the whole cluster has a latest image, the answer is one group equal to "strata recommend".
  - When no split within K groups works, it names the classes that no image covers, with the
    reasons every image on them fails (as "strata recommend" gives for excluded base images), or
    says how many groups it would take.

${WORLD_OPTIONS_HELP}
  --max-groups K    at most K groups (default ${DEFAULT_MAX_GROUPS}, as vSphere allows; at least 1)
  --repairs K       repair plans per excluded base image of each group (default 1, as recommend; 0: none, faster)
${REPAIRS_BUDGET_HELP}
                    Each group is a recommendation of its own.

Example:
  strata groups --world test/fixtures/worlds/mixed-dell-hpe
  strata groups --world test/fixtures/worlds/mixed-generations --json | jq '.groups[] | {classes, latest}'

Output: why one image is not enough (the reasons of the newest base image for the whole cluster),
then one column per group: its classes, its hosts and its latest image ("*" marks what differs from
the desired image); then each group's current-series and same-base images; or the uncovered classes.
With --json: {"groups": [{"classes": [{"vendor", "model"}], "hosts", "latest", "current_series",
"same_base", "excluded_base_images"}], "uncovered": [{"classes", "hosts", "reasons"}], "max_groups",
"fewest_groups"} (docs/output.md).

${EXIT_CODES_HELP}`;

export const groupsCommand: Command = {
  name: 'groups',
  help,
  async run(args) {
    const opts = parseWorldArgs('groups', args, { values: ['max-groups', 'repairs', 'repairs-budget'] });
    const maxGroups = intValue(opts.parsed, 'max-groups', 1) ?? DEFAULT_MAX_GROUPS;
    const repairs = intValue(opts.parsed, 'repairs') ?? 1;
    const repairsBudget = repairsBudgetOf(opts.parsed);
    const { world, catalog } = loadWorldFiles(opts.files);
    guardStdout();
    const answer = await withEngines(() =>
      planGroups(catalog, world.cluster, {
        engine: opts.engine,
        repairs,
        maxGroups,
        ...(repairsBudget === undefined ? {} : { repairsBudget }),
      }),
    );
    if (opts.json) {
      const { groups, uncovered, max_groups, fewest_groups } = answer;
      await writeJson({ groups, uncovered, max_groups, fewest_groups });
    } else {
      await writeLines(renderGroups({ cluster: world.cluster, catalog, answer, style: stdoutStyle(), width: outputWidth() }));
    }
    return 0;
  },
};
