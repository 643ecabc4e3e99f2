// `strata whatif`: answers many "what if" questions about one world at once — each scenario a
// list of changes (hosts, devices, firmware, HCL, depot, desired image), each answered as a
// fresh `recommend` on the changed world would be.
import { REPAIRS_BUDGET_HELP, repairsBudgetOf } from '../repairs-budget.js';
import * as fs from 'node:fs';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { intValue } from '../args.js';
import { EXIT_CODES_HELP, WORLD_OPTIONS_HELP, parseWorldArgs, withEngines } from '../world-args.js';
import { guardStdout, outputWidth, stdoutStyle, write, writeLines } from '../render/output.js';
import { plural, table } from '../render/table.js';
import { InputError } from '../../load/errors.js';
import { loadWorld } from '../../load/world.js';
import type { Image } from '../../model/types.js';
import { FATES, SLOT_LABELS, Summary, CSV_HEADER, csvLine, csvRow, topReason } from '../../whatif/report.js';
import { Catalog } from '../../catalog/catalog.js';
import { reasonWords } from '../render/words.js';
import { formatFailure, splitScenarioLines, type ScenarioLine } from '../../whatif/scenario.js';
import { defaultJobs, startWhatif } from '../../whatif/session.js';
import { SLOTS } from '../../model/slots.js';
import { isFailure, type ScenarioResult } from '../../whatif/types.js';

const help = `strata whatif — answers thousands of "what if" questions about a cluster at once

Usage: strata whatif --world DIR --scenarios FILE [--json | --csv] [--jobs N] [--engine NAME]
       strata whatif --depot FILE --hcl FILE --cluster FILE --scenarios FILE [...]

Each line of the scenario file (JSON Lines) is one scenario: a name and a list of changes,
applied in order to a copy of the world; the answer is what \`strata recommend\` would say on
the changed world, and which recommendations differ from today's (the baseline).

  {"name": "add 40 R760s", "changes": [{"op": "add_host", "host": HOST}, ...]}

Changes (HOST, DEVICE, ROW, ITEM and DESIRED in the shapes of the input files; every op and its
rules: docs/whatif.md):
  {"op": "add_host", "host": HOST}
  {"op": "remove_host", "host": "esx-01"}
  {"op": "add_device", "host": "esx-01", "device": DEVICE}
  {"op": "remove_device", "host": "esx-01", "device": "vmnic0"}
  {"op": "set_firmware", "host": "esx-01", "device": "vmnic0", "version": "9.20"}
  {"op": "hcl_remove_driver_version", "device": "8086:1572:1028:1f99", "release": "ESXi 8.0 U2",
   "driver": "Intel-i40en", "version": "2.5.2.0-1OEM.800.1.0.20613240"}
  {"op": "hcl_add_row", "device": "8086:1572:1028:1f99", "release": "ESXi 8.0 U3", "row": ROW}
  {"op": "hcl_set_server_releases", "vendor": "Dell Inc.", "model": "PowerEdge R760",
   "releases": ["ESXi 8.0 U2", "ESXi 8.0 U3"]}      (adds the server when the HCL lacks it)
  {"op": "depot_add", "kind": KIND, "item": ITEM}
  {"op": "depot_remove", "kind": KIND, "name": "DEL-ESXi", "version": "802.0.0.11.4.0-14"}
       KIND: base_images (no "name"), add_ons, hardware_support_packages ("name" is the pkg;
       "manager" is optional), solutions, components
  {"op": "set_desired", "spec": DESIRED}               (replaces the desired image)

A bad scenario (malformed JSON, an unknown op, a field of the wrong shape, a host or device
that does not exist, removing what is not in the depot or a component still in use) is
reported with its line and JSON path, e.g.
  scenarios.jsonl: line 7: $.changes[2].host: no host named "esx-99" in cluster cl-01
and skipped; the other scenarios still run.

${WORLD_OPTIONS_HELP}
  --scenarios FILE  the scenario file (JSON Lines; "-" reads standard input)
  --csv             print a CSV: one row per scenario (the base image, add-on and package of
                    each recommendation, the changed ones, the top reason, the error if bad)
  --repairs K       repair plans per excluded base image in each answer (default 1; 0: none,
                    faster), as strata recommend gives them
${REPAIRS_BUDGET_HELP}
  --jobs N          threads that answer (default: the number of cores, ${defaultJobs()} here). This
                    process answers from the first scenario; the N - 1 workers start only
                    when, after two seconds, the rest would take it 8 s more (each loads the
                    world first).

Output: by default a line per scenario (each recommendation's base image, "*" where it
differs from the baseline, "—" where there is none), then a summary: per recommendation, how
many scenarios keep, change, lose or gain it, and the most frequent reasons why newer base
images are excluded ("new" marks reasons the baseline does not have). On a terminal a
progress bar (done/total, rate, time left) runs on standard error.
With --json: JSON Lines, one result per scenario in input order, streamed:
  {"name", "latest", "current_series", "same_base", "changed": ["latest", ...],
   "excluded_base_images": [...]}            (docs/output.md shapes; "changed": slots that differ
                                              from the baseline)
  {"name", "line", "error": {"path", "message"}}   for a bad scenario

Example:
  strata whatif --world examples/dell-r750 --scenarios examples/whatif/dell-r750.jsonl
  strata whatif --world examples/dell-r750 --scenarios examples/whatif/dell-r750.jsonl --json | jq .changed

${EXIT_CODES_HELP}
  (bad scenarios do not change the exit code, unless every scenario is bad: then it is 2, as
  when the scenario file cannot be read)`;

function readScenarioFile(file: string): string {
  try {
    if (file === '-') return fs.readFileSync(0, 'utf8');
    if (fs.statSync(file).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'cannot read the file: permission denied'
            : `cannot read the file${code ? ` (${code})` : ''}`;
    throw new InputError([{ file, path: '$', message }]);
  }
}

/** done/total, rate and time left on one rewritten line of standard error. */
class Progress {
  private last = 0;
  private readonly started = performance.now();
  private shown = false;

  constructor(private readonly total: number) {}

  update(done: number, force = false): void {
    const now = performance.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const secs = (now - this.started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const left = rate > 0 ? (this.total - done) / rate : 0;
    const width = 30;
    const filled = this.total ? Math.round((done / this.total) * width) : width;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const eta = done < this.total ? `  ETA ${clock(left)}` : `  ${clock(secs)}`;
    process.stderr.write(`\r${bar} ${done}/${this.total}  ${rate.toFixed(rate < 10 ? 1 : 0)}/s${eta}\u001b[K`);
    this.shown = true;
  }

  end(): void {
    if (this.shown) process.stderr.write('\r\u001b[K');
  }
}

function clock(secs: number): string {
  const s = Math.max(0, Math.round(secs));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export const whatifCommand: Command = {
  name: 'whatif',
  help,
  async run(args) {
    const opts = parseWorldArgs('whatif', args, { values: ['scenarios', 'jobs', 'repairs', 'repairs-budget'], booleans: ['csv'] });
    const repairs = intValue(opts.parsed, 'repairs') ?? 1;
    const repairsBudget = repairsBudgetOf(opts.parsed);
    const scenariosFile = opts.parsed.values.get('scenarios');
    if (scenariosFile === undefined) {
      throw new UsageError(
        '--scenarios FILE is required (a JSON Lines file, one scenario a line)\nExample: strata whatif --world examples/dell-r750 --scenarios examples/whatif/dell-r750.jsonl',
      );
    }
    const csv = opts.parsed.booleans.has('csv');
    if (csv && opts.json) throw new UsageError('--json and --csv are alternatives: give one');
    const jobs = intValue(opts.parsed, 'jobs', 1) ?? defaultJobs();

    const world = loadWorld(opts.files);
    const lines = splitScenarioLines(readScenarioFile(scenariosFile));
    if (lines.length === 0)
      throw new InputError([{ file: scenariosFile, path: '$', message: 'no scenarios: the file has no non-blank line' }]);
    guardStdout();

    return withEngines(async () => {
      const started = performance.now();
      const session = await startWhatif(world, lines, {
        jobs,
        // this process has nothing else to do: its thread answers too
        inThread: true,
        engine: opts.engine,
        file: scenariosFile,
        runner: { repairs, ...(repairsBudget === undefined ? {} : { repairsBudget }) },
      });
      const summary = new Summary(session.baseline);
      const progress = process.stderr.isTTY ? new Progress(lines.length) : undefined;
      const kept: { line: ScenarioLine; result: ScenarioResult }[] = [];
      try {
        if (csv) await writeLines([csvLine(CSV_HEADER)]);
        let done = 0;
        for await (const answer of session.results()) {
          const line = lines[done]!;
          done++;
          summary.add(answer.digest);
          if (opts.json) await write(answer.text + '\n');
          else if (csv) await write(csvRow(line.line, answer.result()) + '\n');
          else kept.push({ line, result: answer.result() });
          progress?.update(done, done === lines.length);
        }
      } finally {
        progress?.end();
        await session.close();
      }
      const secs = (performance.now() - started) / 1000;
      const how = session.stats;
      const pace = `${lines.length} scenarios in ${secs.toFixed(1)} s (${(lines.length / Math.max(secs, 1e-6)).toFixed(0)}/s, ${plural(session.jobs, 'thread')}; ${how.incremental + how.memo + how.restricted} incremental, ${how.fresh} fresh)`;
      if (opts.json || csv) {
        if (summary.bad)
          process.stderr.write(`strata whatif: ${plural(summary.bad, 'bad scenario')} of ${lines.length} (see their "error")\n`);
      } else {
        await writeLines(humanReport(kept, summary, scenariosFile, pace, new Catalog(world.depot, world.hcl)));
      }
      return summary.scenarios === 0 ? 2 : 0;
    });
  },
};

function humanReport(
  rows: { line: ScenarioLine; result: ScenarioResult }[],
  summary: Summary,
  file: string,
  pace: string,
  catalog: Catalog,
): string[] {
  const style = stdoutStyle();
  const width = outputWidth();
  const baseText = (img: Image | null) => (img ? img.base_image.version : '—');
  const out: string[] = [];
  const good = rows.filter((r) => !isFailure(r.result));
  const listing = good.map(({ result }) => {
    if (isFailure(result)) return [];
    const cells = SLOTS.map((s) => (result.changed.includes(s) ? `${baseText(result[s])} *` : baseText(result[s])));
    const top = topReason(result);
    return [result.name, ...cells, top ? reasonWords(top, catalog) : ''];
  });
  out.push(
    style.bold(
      `Baseline: latest ${baseText(summary.baseline.latest)}, current series ${baseText(summary.baseline.current_series)}, same base ${baseText(summary.baseline.same_base)}`,
    ),
  );
  out.push('');
  if (listing.length) {
    out.push(
      ...table(['scenario', 'latest', 'current series', 'same base', 'why not newer'], listing).map((l, i) =>
        i === 0 ? style.bold(l) : l,
      ),
    );
    out.push('');
  }
  const bad = rows.filter((r) => isFailure(r.result));
  if (bad.length) {
    out.push(style.bold(`Bad scenarios (skipped): ${bad.length}`));
    for (const { result } of bad)
      if (isFailure(result)) out.push(`  ${style.red(formatFailure(file, result))}${result.name ? ` (${result.name})` : ''}`);
    out.push('');
  }
  out.push(
    style.bold(
      `Summary of ${plural(summary.scenarios, 'scenario')}${summary.bad ? ` (${summary.bad} bad, skipped)` : ''}: what each did to the baseline's recommendations`,
    ),
  );
  out.push(
    ...table(
      ['', ...FATES],
      SLOTS.map((s) => [SLOT_LABELS[s], ...FATES.map((f) => String(summary.fates[s][f]))]),
      { indent: '  ', align: ['left', ...FATES.map(() => 'right' as const)] },
    ),
  );
  const top = summary.topReasons(8);
  if (top.length) {
    out.push('');
    out.push(style.bold('Most frequent reasons base images are excluded (scenarios):'));
    out.push(
      ...table(
        null,
        top.map((t) => [String(t.count), reasonWords(t.reason, catalog), t.inBaseline ? '' : style.yellow('new')]),
        { indent: '  ', align: ['right'] },
      ),
    );
  }
  out.push('');
  out.push(style.dim(pace.length > width ? pace.slice(0, width) : pace));
  return out;
}
