// `strata validate`: is the desired image of a cluster valid on every host, and if not, why.
import type { Command } from '../command.js';
import { validateDesired } from '../../plan/plan.js';
import { EXIT_CODES_HELP, WORLD_OPTIONS_HELP, loadWorldFiles, parseWorldArgs, withEngines } from '../world-args.js';
import { guardStdout, outputWidth, stdoutStyle, writeJson, writeLines } from '../render/output.js';
import { renderValidate } from '../render/validate.js';
import { FRESHNESS_FLAGS, FRESHNESS_HELP, freshnessLine, freshnessOf } from '../render/freshness.js';

const help = `strata validate — check the desired image of a cluster against the depot and the HCL

Usage: strata validate --world DIR [--json] [--engine NAME] [--hcl-warn-days N] [--hcl-error-days N]
       strata validate --depot FILE --hcl FILE --cluster FILE [--json] [--engine NAME]

Composes the cluster's desired image (base image, then add-on, hardware support package,
solutions, user components; later layers override earlier ones) and checks it:
  - software: every dependency met, no conflicts, no downgrades, the add-on, package and
    solutions support the base image, everything named exists in the depot;
  - hardware, on every host: the server is certified for the base image's HCL release, the
    add-on and package are for this hardware, and every device (of a class the HCL has rules
    for) has a certified driver version in the image with its firmware.
Free choices of the desired image (a component version left null, solution components) take
the newest value that makes the image valid.

${WORLD_OPTIONS_HELP}
${FRESHNESS_HELP}

Example:
  strata validate --world examples/dell-r750
  strata validate --world examples/hpe-gen11 --json

Output: a headline (VALID or NOT VALID, for how many hosts), how old the HCL is (OK, WARNING
past --hcl-warn-days, ERROR past --hcl-error-days, UNKNOWN without a date), the desired image, its effective
components (name, version, and the layer it comes from), then the errors: software errors
first (they concern every host), then per host — hosts with the very same errors are listed
together ("esx-04, esx-05 (2 hosts): ...") — host-wide problems first, then device by device.
With --json: {"valid", "effective_components": {name: {"version", "source"}},
"errors": [{"code", "host"?, "device"?, "item"?, "message"}], "hcl_age_days", "hcl_freshness"} (docs/output.md; the error codes
and the rules behind them: docs/semantics.md).

${EXIT_CODES_HELP}
  (an image that is NOT VALID is an answer: the exit code is 0)`;

export const validateCommand: Command = {
  name: 'validate',
  help,
  async run(args) {
    const opts = parseWorldArgs('validate', args, { values: FRESHNESS_FLAGS });
    const { world, catalog } = loadWorldFiles(opts.files);
    const freshness = freshnessOf(world.hcl.updated, opts.parsed);
    guardStdout();
    const report = await withEngines(() => validateDesired(catalog, world.cluster, { engine: opts.engine }));
    if (opts.json) {
      await writeJson({
        valid: report.valid,
        effective_components: report.effective_components,
        errors: report.errors,
        ...freshness,
      });
    } else {
      const style = stdoutStyle();
      const hclLine = freshnessLine(world.hcl.updated, freshness, style);
      await writeLines(renderValidate({ cluster: world.cluster, catalog, report, style, width: outputWidth(), hclLine }));
    }
    return 0;
  },
};
