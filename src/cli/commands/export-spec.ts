// `strata export spec`: a cluster's desired or recommended image as the vSphere SoftwareSpec JSON.
import { UsageError, type Command } from '../command.js';
import { recommendCluster } from '../../plan/plan.js';
import { desiredToVsphere, imageToVsphere, type VsphereSoftwareSpec } from '../../import/spec/software-spec.js';
import { WORLD_OPTIONS_HELP, loadWorldFiles, parseWorldArgs, withEngines } from '../world-args.js';
import { guardStdout, writeJson } from '../render/output.js';

const IMAGES = ['desired', 'latest', 'current_series', 'same_base'] as const;
type ImageKind = (typeof IMAGES)[number];

const help = `strata export spec — a cluster's image as the vSphere SoftwareSpec JSON

Usage: strata export spec --world DIR [--image desired|latest|current_series|same_base]
       strata export spec --depot FILE --hcl FILE --cluster FILE [--image ...]

Prints {"base_image", "add_on", "components", "solutions", "hardware_support",
"removed_components"}: the body of PUT /api/esx/settings/clusters/{cluster}/software/drafts/
{draft}/software, and the JSON image that vLCM imports. --image picks the image: the cluster's
desired image (default, as written), or one of the recommendations (see strata recommend).
A recommendation's solutions name their components; vSphere picks their versions.

${WORLD_OPTIONS_HELP.replace(/\n {2}--json[^\n]*\n(\s{20}[^\n]*\n)?/, '\n')}
  --image NAME      desired (default), latest, current_series or same_base

Exit codes: 0 printed, 2 bad usage, bad input, or no valid image of the kind asked for,
1 internal failure.`;

export const exportSpecCommand: Command = {
  name: 'export spec',
  help,
  async run(args) {
    const opts = parseWorldArgs('export spec', args, { values: ['image'] });
    const kind = (opts.parsed.values.get('image') ?? 'desired') as ImageKind;
    if (!IMAGES.includes(kind)) throw new UsageError(`--image must be one of ${IMAGES.join(', ')}, got ${JSON.stringify(kind)}`);
    const { world, catalog } = loadWorldFiles(opts.files);
    const desired = world.cluster.desired;
    let spec: VsphereSoftwareSpec;
    if (kind === 'desired') {
      spec = desiredToVsphere(desired);
    } else {
      const recs = await withEngines(() => recommendCluster(catalog, world.cluster, { engine: opts.engine }));
      const image = recs[kind];
      if (!image) {
        throw new UsageError(
          `no valid image of kind ${kind} for cluster ${JSON.stringify(world.cluster.name)} (strata recommend says why)`,
        );
      }
      spec = imageToVsphere(image, desired.removed_components ?? []);
    }
    guardStdout();
    await writeJson(spec);
    return 0;
  },
};
