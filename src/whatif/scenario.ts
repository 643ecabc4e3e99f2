// Reading a scenario file (JSON Lines, one scenario a line). Every line is parsed on its own: a
// bad line is reported with its line number and the JSON path of the problem inside the line,
// and the other lines still run. The shape of a line is src/schema/scenario.ts; items inside
// changes (hosts, devices, HCL rows, depot items, desired images) have the loaders' own shapes.
import { Collector } from '../load/check.js';
import { uniqueDeviceIds } from '../load/cluster.js';
import { uniqueFirmware } from '../load/depot.js';
import { childPath, formatProblem, type Problem } from '../load/errors.js';
import { locateJsonError } from '../load/json.js';
import { compileDocument, elementPath } from '../schema/compile.js';
import { ScenarioLineSchema } from '../schema/scenario.js';
import type { Change, Scenario, ScenarioFailure } from './types.js';

const checkLine = compileDocument(ScenarioLineSchema);

/** One non-blank line of a scenario file, with its 1-based line number. */
export interface ScenarioLine {
  line: number;
  text: string;
}

/** The non-blank lines of a scenario file (a BOM and CR line ends are dropped). */
export function splitScenarioLines(text: string): ScenarioLine[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out: ScenarioLine[] = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    let t = raw[i]!;
    if (t.endsWith('\r')) t = t.slice(0, -1);
    if (t.trim() !== '') out.push({ line: i + 1, text: t });
  }
  return out;
}

/** The name problems of one line carry: `scenarios.jsonl: line 7`. */
export function lineLabel(file: string, line: number): string {
  return `${file}: line ${line}`;
}

export type ParsedLine = { ok: true; scenario: Scenario } | { ok: false; failure: ScenarioFailure; problems: Problem[]; total: number };

/** A failure of one line from its problems (the first one is the scenario's error). */
export function failureOf(line: number, name: string | undefined, problems: readonly Problem[]): ScenarioFailure {
  const first = problems[0] ?? { path: '$', message: 'unknown problem' };
  const out: ScenarioFailure = { line, error: { path: first.path, message: first.message } };
  return name === undefined ? out : { name, ...out };
}

/** Renders a failure the way loaders render problems: `file: line 7: $.changes[2].host: message`. */
export function formatFailure(file: string, f: ScenarioFailure): string {
  return formatProblem({ file: lineLabel(file, f.line), path: f.error.path, message: f.error.message });
}

export function parseScenarioLine(text: string, line: number, file: string): ParsedLine {
  const c = new Collector(lineLabel(file, line));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const located = locateJsonError(text);
    const message = located
      ? `malformed JSON at column ${located.offset + 1}: ${located.message}`
      : `malformed JSON: ${err instanceof Error ? err.message : String(err)}`;
    c.problem('$', message);
    return { ok: false, failure: failureOf(line, undefined, c.problems), problems: c.problems, total: c.total };
  }
  const parsed = checkLine(c, value, '$');
  const name = parsed?.name;
  const changes = parsed?.changes ?? [];
  // The second pass of the items that have one (duplicates inside a host or a package).
  changes.forEach((change, i) => {
    const path = elementPath(changes, '$.changes', i);
    if (change.op === 'add_host') uniqueDeviceIds(c, change.host, childPath(path, 'host'));
    if (change.op === 'depot_add' && change.kind === 'hardware_support_packages') uniqueFirmware(c, change.item, childPath(path, 'item'));
  });
  if (!c.ok || name === undefined) {
    return { ok: false, failure: failureOf(line, name, c.problems), problems: c.problems, total: c.total };
  }
  return { ok: true, scenario: { line, name, changes: changes satisfies Change[] } };
}
