// What-if analysis: the scenario format (its shapes come from src/schema/scenario.ts) and the
// result shapes.
//
// A scenario file is JSON Lines, one scenario a line:
//   {"name": "...", "changes": [CHANGE, ...]}
// Each change is one edit of the world (hosts, HCL, depot or desired image); a scenario's
// changes apply in order, each to the world as the earlier ones left it.
import type { Slot } from '../model/slots.js';
import type { ChangeInput } from '../schema/scenario.js';
import type {
  AddOn,
  BaseImage,
  Component,
  ExcludedBaseImage,
  HardwareSupportPackage,
  Image,
  ImageError,
  Solution,
} from '../model/types.js';

export { CHANGE_OPS, DEPOT_KINDS, type ChangeOp, type DepotKind } from '../schema/scenario.js';

export type DepotItem = BaseImage | AddOn | HardwareSupportPackage | Solution | Component;

/** One edit of the world, as src/schema/scenario.ts describes it. */
export type Change = ChangeInput;

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
export type ScenarioPath = 'incremental' | 'memo' | 'restricted' | 'fresh' | 'bad';

export interface RunStats {
  incremental: number;
  /** answered from an earlier scenario with the same problem (no solve at all) */
  memo: number;
  /** a narrower candidate space (a depot item removed, a desired version raised) answered on the baseline's encoding */
  restricted: number;
  fresh: number;
  bad: number;
  /** incremental state rebuilt (it grew too large) */
  rebuilds: number;
}

/** What a reason is told by in the closing summary (src/cli/render/words.ts): no message, no host list. */
export type ReasonExample = Pick<ImageError, 'code' | 'host' | 'device' | 'item'>;

/**
 * What the closing summary counts of one result (src/whatif/report.ts): a worker sends it with
 * the result's text, so the calling thread needs not rebuild the result to count it.
 */
export type ScenarioDigest =
  | { failure: true }
  | {
      failure: false;
      /** the slots with an image */
      images: Slot[];
      changed: Slot[];
      /** each reason label of the result once, with the last reason of that label */
      reasons: [label: string, example: ReasonExample][];
    };

/**
 * One scenario's answer: its JSON text (a line of `strata whatif --json`), its digest, and the
 * result as an object (from a worker, parsed from the text when first asked for).
 */
export interface ScenarioAnswer {
  readonly text: string;
  readonly digest: ScenarioDigest;
  result(): ScenarioResult;
}

/**
 * Answers of consecutive scenario lines as a worker sends them, and how they were answered. As
 * text: the answers run to tens of kilobytes each (every host a reason concerns), and a string
 * crosses threads as one copy where objects are serialised field by field and rebuilt.
 */
export interface BatchReply {
  texts: string[];
  digests: ScenarioDigest[];
  stats: RunStats;
}

export function emptyStats(): RunStats {
  return { incremental: 0, memo: 0, restricted: 0, fresh: 0, bad: 0, rebuilds: 0 };
}

export function addStats(into: RunStats, from: RunStats): void {
  into.incremental += from.incremental;
  into.memo += from.memo;
  into.restricted += from.restricted;
  into.fresh += from.fresh;
  into.bad += from.bad;
  into.rebuilds += from.rebuilds;
}
