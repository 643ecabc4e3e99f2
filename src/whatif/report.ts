// Reading what-if results for people: the closing summary (per recommendation, how many
// scenarios keep, change, lose or gain it; the most frequent reasons), a CSV row per scenario,
// and the one-line listing.
import type { Image, ImageError, Recommendations } from '../model/types.js';
import { SLOTS, type Slot } from '../model/slots.js';
import { isFailure, type ReasonExample, type ScenarioDigest, type ScenarioResult } from './types.js';

export type SlotFate = 'kept' | 'changed' | 'lost' | 'gained' | 'none';
export const FATES: readonly SlotFate[] = ['kept', 'changed', 'lost', 'gained', 'none'];

export const SLOT_LABELS: Record<Slot, string> = { latest: 'latest', current_series: 'current series', same_base: 'same base' };

/** What a scenario did to one recommendation compared with the baseline (`image`: the scenario has one). */
export function slotFate(baseline: Image | null, image: boolean, changed: boolean): SlotFate {
  if (baseline && image) return changed ? 'changed' : 'kept';
  if (baseline) return 'lost';
  if (image) return 'gained';
  return 'none';
}

/** How a reason is grouped across scenarios: its code and what it concerns (item, else device, else host). */
export function reasonLabel(r: ReasonExample): string {
  const what = r.item ?? r.device ?? r.host;
  return what ? `${r.code} ${what}` : r.code;
}

export class Summary {
  readonly fates: Record<Slot, Record<SlotFate, number>>;
  readonly reasons = new Map<string, number>();
  /** one reason per label, to say it in words */
  readonly examples = new Map<string, ReasonExample>();
  readonly baselineReasons: Set<string>;
  scenarios = 0;
  bad = 0;

  constructor(readonly baseline: Recommendations) {
    this.fates = Object.fromEntries(SLOTS.map((s) => [s, Object.fromEntries(FATES.map((f) => [f, 0]))])) as Summary['fates'];
    this.baselineReasons = new Set(baseline.excluded_base_images.flatMap((x) => x.reasons.map(reasonLabel)));
  }

  add(d: ScenarioDigest): void {
    if (d.failure) {
      this.bad++;
      return;
    }
    this.scenarios++;
    for (const s of SLOTS) {
      const image = d.images.includes(s);
      this.fates[s][slotFate(this.baseline[s], image, d.changed.includes(s))]++;
    }
    for (const [label, e] of d.reasons) {
      this.reasons.set(label, (this.reasons.get(label) ?? 0) + 1);
      if (!this.examples.has(label)) this.examples.set(label, e);
    }
  }

  /** The most frequent reasons, most frequent first (ties by label). */
  topReasons(n: number): { label: string; reason: ReasonExample; count: number; inBaseline: boolean }[] {
    return [...this.reasons]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, n)
      .map(([label, count]) => ({ label, reason: this.examples.get(label)!, count, inBaseline: this.baselineReasons.has(label) }));
  }
}

// ---- CSV --------------------------------------------------------------------------------

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | number)[]): string {
  return cells.map(csvCell).join(',');
}

export const CSV_HEADER = [
  'line',
  'name',
  'status',
  ...SLOTS.flatMap((s) => [`${s}_base_image`, `${s}_add_on`, `${s}_package`]),
  'changed',
  'excluded_base_images',
  'top_reason',
  'error',
];

const addOnText = (img: Image) => (img.add_on ? `${img.add_on.name} ${img.add_on.version}` : 'none');
const packageText = (img: Image) => {
  const entry = Object.entries(img.hardware_support?.packages ?? {})[0];
  return entry ? `${entry[1].pkg} ${entry[1].version}` : 'none';
};

/** What Summary.add counts of a result. */
export function digestOf(r: ScenarioResult): ScenarioDigest {
  if (isFailure(r)) return { failure: true };
  const reasons = new Map<string, ReasonExample>();
  for (const x of r.excluded_base_images) {
    for (const e of x.reasons) {
      const example: ReasonExample = { code: e.code };
      if (e.host !== undefined) example.host = e.host;
      if (e.device !== undefined) example.device = e.device;
      if (e.item !== undefined) example.item = e.item;
      reasons.set(reasonLabel(e), example);
    }
  }
  return { failure: false, images: SLOTS.filter((s) => r[s] !== null), changed: r.changed, reasons: [...reasons] };
}

/** The first reason of the newest excluded base image: why not newer. */
export function topReason(r: ScenarioResult): ImageError | undefined {
  return isFailure(r) ? undefined : r.excluded_base_images[0]?.reasons[0];
}

export function csvRow(line: number, r: ScenarioResult): string {
  if (isFailure(r)) {
    return csvLine([r.line, r.name ?? '', 'bad', ...SLOTS.flatMap(() => ['', '', '']), '', '', '', `${r.error.path}: ${r.error.message}`]);
  }
  const slots = SLOTS.flatMap((s) => {
    const img = r[s];
    return img ? [img.base_image.version, addOnText(img), packageText(img)] : ['', '', ''];
  });
  const top = topReason(r);
  return csvLine([line, r.name, 'ok', ...slots, r.changed.join(' '), r.excluded_base_images.length, top ? reasonLabel(top) : '', '']);
}
