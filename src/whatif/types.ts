// What-if analysis (issue 6): the scenario format and the result shapes.
//
// A scenario file is JSON Lines, one scenario a line:
//   {"name": "...", "changes": [CHANGE, ...]}
// Each change is one edit of the world (hosts, HCL, depot or desired image); a scenario's
// changes apply in order, each to the world as the earlier ones left it.
import type { Slot } from '../model/slots.js';
import type {
  AddOn,
  BaseImage,
  Component,
  Device,
  ExcludedBaseImage,
  HardwareSupportPackage,
  HclRow,
  Host,
  Image,
  Solution,
  SoftwareSpec,
} from '../model/types.js';

export type DepotKind = 'base_images' | 'add_ons' | 'hardware_support_packages' | 'solutions' | 'components';
export const DEPOT_KINDS: readonly DepotKind[] = ['base_images', 'add_ons', 'hardware_support_packages', 'solutions', 'components'];

export type DepotItem = BaseImage | AddOn | HardwareSupportPackage | Solution | Component;

export type Change =
  | { op: 'add_host'; host: Host }
  | { op: 'remove_host'; host: string }
  | { op: 'add_device'; host: string; device: Device }
  | { op: 'remove_device'; host: string; device: string }
  | { op: 'set_firmware'; host: string; device: string; version: string }
  | { op: 'hcl_remove_driver_version'; device: string; release: string; driver: string; version: string }
  | { op: 'hcl_add_row'; device: string; release: string; row: HclRow }
  | { op: 'hcl_set_server_releases'; vendor: string; model: string; releases: string[] }
  | { op: 'depot_add'; kind: DepotKind; item: DepotItem }
  /** `name` is absent for base images; for packages it is the `pkg` (and `manager` may narrow it) */
  | { op: 'depot_remove'; kind: DepotKind; name?: string; manager?: string; version: string }
  | { op: 'set_desired'; spec: SoftwareSpec };

export type ChangeOp = Change['op'];
export const CHANGE_OPS: readonly ChangeOp[] = [
  'add_host',
  'remove_host',
  'add_device',
  'remove_device',
  'set_firmware',
  'hcl_remove_driver_version',
  'hcl_add_row',
  'hcl_set_server_releases',
  'depot_add',
  'depot_remove',
  'set_desired',
];

export interface Scenario {
  /** 1-based line of the scenario file */
  line: number;
  name: string;
  changes: Change[];
}

/** The answer for one scenario (SPEC §4 shapes), `changed` naming the slots whose image differs from the baseline's. */
export interface ScenarioOutcome {
  name: string;
  latest: Image | null;
  current_series: Image | null;
  same_base: Image | null;
  changed: Slot[];
  excluded_base_images: ExcludedBaseImage[];
}

/** A scenario that could not run: its line, and the first problem (JSON path within the line). */
export interface ScenarioFailure {
  name?: string;
  line: number;
  error: { path: string; message: string };
}

export type ScenarioResult = ScenarioOutcome | ScenarioFailure;

export function isFailure(r: ScenarioResult): r is ScenarioFailure {
  return (r as ScenarioFailure).error !== undefined;
}

/** How a scenario was answered: for tests, benchmarks and the closing summary. */
export type ScenarioPath = 'incremental' | 'memo' | 'fresh' | 'bad';

export interface RunStats {
  incremental: number;
  /** answered from an earlier scenario with the same problem (no solve at all) */
  memo: number;
  fresh: number;
  bad: number;
  /** incremental state rebuilt (it grew too large) */
  rebuilds: number;
}

export function emptyStats(): RunStats {
  return { incremental: 0, memo: 0, fresh: 0, bad: 0, rebuilds: 0 };
}

export function addStats(into: RunStats, from: RunStats): void {
  into.incremental += from.incremental;
  into.memo += from.memo;
  into.fresh += from.fresh;
  into.bad += from.bad;
  into.rebuilds += from.rebuilds;
}
