// `strata recommend`: the newest valid images (any base, same series, same base) and why newer
// base images are excluded.
import type { Command } from '../command.js';
import { withPlan } from '../../plan/plan.js';
import { EXIT_CODES_HELP, WORLD_OPTIONS_HELP, loadWorldFiles, parseWorldArgs, withEngines } from '../world-args.js';
import { guardStdout, outputWidth, stdoutStyle, writeJson, writeLines } from '../render/output.js';
import { renderRecommend } from '../render/recommend.js';

const help = `strata recommend — the newest images valid on every host of a cluster, and why not newer

Usage: strata recommend --world DIR [--json] [--engine NAME]
       strata recommend --depot FILE --hcl FILE --cluster FILE [--json] [--engine NAME]

Searches every combination of base image, add-on, hardware support package, solution
versions and user component versions at or above the desired ones, newest first
(docs/semantics.md), and gives three recommendations:
  latest          the best valid image on any base image
  current series  the best valid image whose base image is in the desired one's series (8.0)
  same base       the best valid image that keeps the desired base image
Every candidate base image newer than the latest recommendation is listed with the reasons no
image can use it: each reason is an error that some image on that base has, and every image on
that base has at least one of them — fix one reason of each and the base image becomes usable.

${WORLD_OPTIONS_HELP}

Example:
  strata recommend --world examples/dell-r750
  strata recommend --world examples/hpe-gen11 --json

Output: a table with one column per recommendation and one row per part of the image (base
image, add-on, package, each solution with the components it resolved to, each user
component); "*" marks what differs from the desired image, "none" means no add-on or package,
"—" means no valid image of that kind exists. Then each excluded base image with its reasons,
grouped by the hosts they concern (hosts with the same hardware share their reasons).
With --json: {"latest", "current_series", "same_base" (each an image or null),
"excluded_base_images": [{"version", "reasons": [{"code", "host"?, "device"?, "item"?, "message"}]}]}
(docs/output.md).

${EXIT_CODES_HELP}`;

export const recommendCommand: Command = {
  name: 'recommend',
  help,
  async run(args) {
    const opts = parseWorldArgs('recommend', args);
    const { world, catalog } = loadWorldFiles(opts.files);
    guardStdout();
    const recs = await withEngines(() => withPlan(catalog, world.cluster, { engine: opts.engine }, (plan) => plan.recommend()));
    if (opts.json) {
      await writeJson({
        latest: recs.latest,
        current_series: recs.current_series,
        same_base: recs.same_base,
        excluded_base_images: recs.excluded_base_images,
      });
    } else {
      await writeLines(renderRecommend({ cluster: world.cluster, catalog, recs, style: stdoutStyle(), width: outputWidth() }));
    }
    return 0;
  },
};
