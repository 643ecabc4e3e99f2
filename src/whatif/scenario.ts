// Reading a scenario file (JSON Lines, one scenario a line). Every line is parsed on its own: a
// bad line is reported with its line number and the JSON path of the problem inside the line,
// and the other lines still run. Items inside changes (hosts, devices, HCL rows, depot items,
// desired images) are checked with the loaders' own rules.
import {
  Collector,
  describeValue,
  isObject,
  objectItem,
  optString,
  pciIdValue,
  reqArray,
  reqString,
  reqVersion,
  stringValue,
  type JsonObject,
} from '../load/check.js';
import { deviceFrom, hostFrom, softwareSpecFrom } from '../load/cluster.js';
import { depotItemParsers } from '../load/depot.js';
import { childPath, formatProblem, type Problem } from '../load/errors.js';
import { hclRowFrom } from '../load/hcl.js';
import { locateJsonError } from '../load/json.js';
import {
  CHANGE_OPS,
  DEPOT_KINDS,
  type Change,
  type ChangeOp,
  type DepotKind,
  type Scenario,
  type ScenarioFailure,
} from './types.js';

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

export type ParsedLine =
  | { ok: true; scenario: Scenario }
  | { ok: false; failure: ScenarioFailure; problems: Problem[]; total: number };

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
  let name: string | undefined;
  const changes: Change[] = [];
  if (!isObject(value)) {
    c.problem('$', `expected a scenario object ({"name", "changes": [...]}), found ${describeValue(value)}`);
  } else {
    name = reqString(c, value, 'name', '$');
    const list = reqArray(c, value, 'changes', '$');
    list?.forEach((v, i) => {
      const change = parseChange(c, v, childPath('$.changes', i));
      if (change) changes.push(change);
    });
  }
  if (!c.ok || name === undefined) {
    return { ok: false, failure: failureOf(line, name, c.problems), problems: c.problems, total: c.total };
  }
  return { ok: true, scenario: { line, name, changes } };
}

/** A required field that an item parser checks further; reports it when missing. */
function present(c: Collector, obj: JsonObject, key: string, path: string, what: string): unknown {
  const v = obj[key];
  if (v === undefined || v === null) c.problem(childPath(path, key), `required field is missing (expected ${what})`);
  return v ?? undefined;
}

const PCI_FORMAT = '"vid:did:svid:ssid" (4 lower-case hex digits each; svid and ssid may be "*")';

/** An HCL device entry named by its id, `8086:1572:1028:1f99` (wildcards allowed in svid/ssid). */
function pciRef(c: Collector, obj: JsonObject, key: string, path: string): string | undefined {
  const v = reqString(c, obj, key, path);
  if (v === undefined) return undefined;
  const p = childPath(path, key);
  const parts = v.split(':');
  if (parts.length !== 4) {
    c.problem(p, `expected a device id ${PCI_FORMAT}, found ${JSON.stringify(v)}`);
    return undefined;
  }
  let ok = true;
  parts.forEach((part, i) => {
    if (pciIdValue(c, part, p, i >= 2) === undefined) ok = false;
  });
  return ok ? v : undefined;
}

function depotKind(c: Collector, obj: JsonObject, path: string): DepotKind | undefined {
  const v = reqString(c, obj, 'kind', path);
  if (v === undefined) return undefined;
  if ((DEPOT_KINDS as readonly string[]).includes(v)) return v as DepotKind;
  c.problem(childPath(path, 'kind'), `unknown kind ${JSON.stringify(v)} (expected one of ${DEPOT_KINDS.join(', ')})`);
  return undefined;
}

/** Closest known op, for "did you mean" hints: same op with another case or separator. */
function opHint(op: string): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  return CHANGE_OPS.find((o) => norm(o) === norm(op));
}

function parseChange(c: Collector, value: unknown, path: string): Change | undefined {
  const obj = objectItem(c, value, path, 'a change object ({"op", ...})');
  if (!obj) return undefined;
  const opText = reqString(c, obj, 'op', path);
  if (opText === undefined) return undefined;
  if (!(CHANGE_OPS as readonly string[]).includes(opText)) {
    const hint = opHint(opText);
    c.problem(
      childPath(path, 'op'),
      `unknown op ${JSON.stringify(opText)} (expected one of ${CHANGE_OPS.join(', ')}${hint ? `; did you mean ${hint}?` : ''})`,
    );
    return undefined;
  }
  const op = opText as ChangeOp;
  switch (op) {
    case 'add_host': {
      const raw = present(c, obj, 'host', path, 'a host object');
      const host = raw === undefined ? undefined : hostFrom(c, raw, childPath(path, 'host'));
      return host && { op, host };
    }
    case 'remove_host': {
      const host = reqString(c, obj, 'host', path);
      return host === undefined ? undefined : { op, host };
    }
    case 'add_device': {
      const host = reqString(c, obj, 'host', path);
      const raw = present(c, obj, 'device', path, 'a device object');
      const device = raw === undefined ? undefined : deviceFrom(c, raw, childPath(path, 'device'));
      return host === undefined || !device ? undefined : { op, host, device };
    }
    case 'remove_device': {
      const host = reqString(c, obj, 'host', path);
      const device = reqString(c, obj, 'device', path);
      return host === undefined || device === undefined ? undefined : { op, host, device };
    }
    case 'set_firmware': {
      const host = reqString(c, obj, 'host', path);
      const device = reqString(c, obj, 'device', path);
      const version = reqVersion(c, obj, 'version', path);
      return host === undefined || device === undefined || version === undefined ? undefined : { op, host, device, version };
    }
    case 'hcl_remove_driver_version': {
      const device = pciRef(c, obj, 'device', path);
      const release = reqString(c, obj, 'release', path);
      const driver = reqString(c, obj, 'driver', path);
      const version = reqVersion(c, obj, 'version', path);
      if (device === undefined || release === undefined || driver === undefined || version === undefined) return undefined;
      return { op, device, release, driver, version };
    }
    case 'hcl_add_row': {
      const device = pciRef(c, obj, 'device', path);
      const release = reqString(c, obj, 'release', path);
      const raw = present(c, obj, 'row', path, 'a row object ({"driver", "driver_versions", "firmware_versions"?})');
      const row = raw === undefined ? undefined : hclRowFrom(c, raw, childPath(path, 'row'));
      return device === undefined || release === undefined || !row ? undefined : { op, device, release, row };
    }
    case 'hcl_set_server_releases': {
      const vendor = reqString(c, obj, 'vendor', path);
      const model = reqString(c, obj, 'model', path);
      const list = reqArray(c, obj, 'releases', path);
      const releases: string[] = [];
      let ok = list !== undefined;
      list?.forEach((v, i) => {
        const s = stringValue(c, v, childPath(childPath(path, 'releases'), i));
        if (s === undefined) ok = false;
        else releases.push(s);
      });
      return vendor === undefined || model === undefined || !ok ? undefined : { op, vendor, model, releases };
    }
    case 'depot_add': {
      const kind = depotKind(c, obj, path);
      const raw = present(c, obj, 'item', path, 'a depot item object');
      if (kind === undefined || raw === undefined) return undefined;
      const item = depotItemParsers[kind](c, raw, childPath(path, 'item'));
      return item && { op, kind, item };
    }
    case 'depot_remove': {
      const kind = depotKind(c, obj, path);
      if (kind === undefined) return undefined;
      const version = reqVersion(c, obj, 'version', path);
      let name: string | undefined;
      if (kind !== 'base_images') {
        name = reqString(c, obj, 'name', path);
        if (name === undefined) return undefined;
      }
      const manager = kind === 'hardware_support_packages' ? optString(c, obj, 'manager', path) : undefined;
      if (version === undefined) return undefined;
      const out: Change = { op, kind, version };
      if (name !== undefined) out.name = name;
      if (manager) out.manager = manager;
      return out;
    }
    case 'set_desired': {
      const raw = present(c, obj, 'spec', path, 'a software spec object');
      if (raw === undefined) return undefined;
      const before = c.total;
      const spec = softwareSpecFrom(c, raw, childPath(path, 'spec'));
      return c.total > before ? undefined : { op, spec };
    }
  }
}
