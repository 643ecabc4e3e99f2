// `strata recommend`: the newest valid images (any base, same series, same base) and why newer
// base images are excluded.
import { REPAIRS_BUDGET_HELP, repairsBudgetOf } from '../repairs-budget.js';
import type { Command } from '../command.js';
import { recommendCluster } from '../../plan/plan.js';
import { intValue } from '../args.js';
import { EXIT_CODES_HELP, WORLD_OPTIONS_HELP, loadWorldFiles, parseWorldArgs, withEngines } from '../world-args.js';
import { guardStdout, outputWidth, stdoutStyle, writeJson, writeLines } from '../render/output.js';
import { renderRecommend } from '../render/recommend.js';
import { FRESHNESS_FLAGS, FRESHNESS_HELP, freshnessLine, freshnessOf } from '../render/freshness.js';

const help = `strata recommend — the newest images valid on every host of a cluster, why not others, and how to fix it

Usage: strata recommend --world DIR [--json] [--repairs K] [--repairs-budget N] [--engine NAME]
                        [--hcl-warn-days N] [--hcl-error-days N]
       strata recommend --depot FILE --hcl FILE --cluster FILE [--json] [--repairs K] [--repairs-budget N] [--engine NAME]

Searches every combination of base image, add-on, hardware support package, solution
versions and user component versions at or above the desired ones, newest first
(docs/semantics.md), and gives three recommendations:
  latest          the best valid image on any base image
  current series  the best valid image whose base image is in the desired one's series (8.0)
  same base       the best valid image that keeps the desired base image
Every candidate base image with no valid image (newer or older than latest's) is listed:
  - its reasons: each is an error some image on that base has, every image on that base has at
    least one of them, and none can be left out. Fixing one reason is not always enough (another
    error may show up behind it); fixing every reason of one image is.
  - its repair plans (up to --repairs K, default 1; 0 for none), cheapest first: what-if
    changes (docs/whatif.md) after which the base image is usable, and the best image on it then.
    A plan edits the desired image (another add-on or package, a component added or pinned
    lower, a solution dropped, a removal undone), sets device firmware to a version the HCL
    certifies, or, as a last resort, removes a device. Plans have the fewest devices removed,
    then the fewest host visits, then the fewest firmware changes, then the fewest edits; no
    change of a plan can be left out. Each is checked by applying it before it is shown.
    When only new servers would help, it says so instead.
  Feed a plan to "strata whatif" as it is: {"name": "...", "changes": <its changes>}.

${WORLD_OPTIONS_HELP}
  --repairs K       repair plans per excluded base image (default 1; 0: none, faster)
${REPAIRS_BUDGET_HELP}
${FRESHNESS_HELP}

Example:
  strata recommend --world examples/dell-r750
  strata recommend --world examples/hpe-gen11 --json
  strata recommend --world examples/dell-r750 --repairs 3 --json | jq '.excluded_base_images[0].repairs'

Output: how old the HCL is (OK, WARNING, ERROR or UNKNOWN; see the options), a table with one column per recommendation and one row per part of the image (base
image, add-on, package, each solution with the components it resolved to, each user
component); "*" marks what differs from the desired image, "none" means no add-on or package,
"—" means no valid image of that kind exists. Then each excluded base image: its repair plans
in words, then its reasons, grouped by the hosts they concern.
With --json: {"latest", "current_series", "same_base" (each an image or null),
"excluded_base_images": [{"version", "reasons": [{"code", "host"?, "hosts"?, "device"?, "item"?,
"message"}], "repairs": [{"changes": [CHANGE, ...], "image"}], "no_repair"?}], "hcl_age_days",
"hcl_freshness"} (docs/output.md).

${EXIT_CODES_HELP}`;

export const recommendCommand: Command = {
  name: 'recommend',
  help,
  async run(args) {
    const opts = parseWorldArgs('recommend', args, { values: ['repairs', 'repairs-budget', ...FRESHNESS_FLAGS] });
    const repairs = intValue(opts.parsed, 'repairs') ?? 1;
    const repairsBudget = repairsBudgetOf(opts.parsed);
    const { world, catalog } = loadWorldFiles(opts.files);
    const freshness = freshnessOf(world.hcl.updated, opts.parsed);
    guardStdout();
    const recs = await withEngines(() =>
      recommendCluster(catalog, world.cluster, { engine: opts.engine, repairs, ...(repairsBudget === undefined ? {} : { repairsBudget }) }),
    );
    if (opts.json) {
      await writeJson({
        latest: recs.latest,
        current_series: recs.current_series,
        same_base: recs.same_base,
        excluded_base_images: recs.excluded_base_images,
        ...freshness,
      });
    } else {
      const style = stdoutStyle();
      const hclLine = freshnessLine(world.hcl.updated, freshness, style);
      await writeLines(renderRecommend({ cluster: world.cluster, catalog, recs, style, width: outputWidth(), hclLine }));
    }
    return 0;
  },
};
