// How `strata fleet` reads for people: one line per cluster as it finishes, a progress bar on a
// terminal's stderr, and the closing summary.
import type { Image } from '../../model/types.js';
import { formatProblem } from '../../load/errors.js';
import type { FleetResult } from '../../fleet/runner.js';
import type { FleetSummary } from '../../fleet/summary.js';
import { ABSENT, addOnText, packageOf } from './image.js';
import type { Style } from './output.js';

/** "8.0.3-0.35.24280767 + DEL-ESXi 11.5.0-6 + DEL-FW 2024.03.00": what most often tells images apart. */
function imageText(image: Image | null): string {
  if (!image) return ABSENT;
  const parts = [image.base_image.version];
  if (image.add_on) parts.push(addOnText(image.add_on));
  const p = packageOf(image.hardware_support);
  if (p) parts.push(`${p.pkg} ${p.version}`);
  return parts.join(' + ');
}

const sameImage = (a: Image | null, b: Image | null) => a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);

/** The most frequent reason codes of some excluded base images: "HCL_DEVICE_NOT_CERTIFIED ×3, …". */
function topCodes(counts: readonly [string, number][], max: number): string {
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = sorted.slice(0, max).map(([c, n]) => (n > 1 ? `${c} ×${n}` : c));
  if (sorted.length > max) shown.push('…');
  return shown.join(', ');
}

export function resultLine(r: FleetResult, style: Style): string {
  const name = style.bold(r.name);
  if (r.status === 'input') {
    const more = r.problems.length > 1 ? ` (and ${r.problems.length - 1} more problems)` : '';
    return `${name}  ${style.red('bad input:')} ${r.problems[0] ? formatProblem(r.problems[0]) : r.source}${more}`;
  }
  if (r.status === 'failure') return `${name}  ${style.red('failed:')} ${r.message.split('\n')[0]}`;
  const { latest, current_series, same_base, excluded, codes } = r.digest;
  const slot = (label: string, image: Image | null, like: Image | null) =>
    `${label} ${like && sameImage(image, like) ? '= latest' : image ? imageText(image) : style.yellow(ABSENT)}`;
  const parts = [
    latest ? `latest ${imageText(latest)}` : style.yellow('no valid image'),
    slot('current series', current_series, latest),
    slot('same base', same_base, latest),
  ];
  if (!latest) parts.splice(1, 2);
  if (excluded > 0) {
    const what = excluded === 1 ? '1 base image excluded' : `${excluded} base images excluded`;
    parts.push(`${what} (${topCodes(codes, 2)})`);
  }
  return `${name}  ${parts.join(' | ')}`;
}

export interface Timing {
  total_ms: number;
  workers: number;
  p50_ms: number;
  p99_ms: number;
}

export function summaryLines(s: FleetSummary, t: Timing, style: Style, maxReasons = 10): string[] {
  const lines = [
    '',
    style.bold(`${s.clusters} clusters`) +
      `: ${s.latest} with a latest image, ${s.current_series} with one in the current series, ${s.same_base} on the same base` +
      (s.no_valid_image ? `, ${style.yellow(`${s.no_valid_image} with no valid image`)}` : ''),
  ];
  if (s.bad_input || s.failed) {
    const bad = [s.bad_input ? `${s.bad_input} bad input` : '', s.failed ? `${s.failed} failed` : ''].filter(Boolean).join(', ');
    lines.push(style.red(`not planned: ${bad}`));
  }
  if (s.reasons.length > 0) {
    lines.push(`Most frequent reasons base images are excluded (reasons, clusters):`);
    const shown = s.reasons.slice(0, maxReasons);
    const width = Math.max(...shown.map((r) => r.code.length));
    for (const r of shown) lines.push(`  ${r.code.padEnd(width)}  ${String(r.count).padStart(6)}  ${String(r.clusters).padStart(5)}`);
    if (s.reasons.length > maxReasons) lines.push(`  … and ${s.reasons.length - maxReasons} more codes (--json lists all)`);
  }
  const on = t.workers === 0 ? 'in this thread' : `on ${t.workers} worker${t.workers === 1 ? '' : 's'}`;
  lines.push(
    style.dim(
      `${s.planned} planned in ${(t.total_ms / 1000).toFixed(1)} s ${on}; per cluster p50 ${Math.round(t.p50_ms)} ms, p99 ${Math.round(t.p99_ms)} ms`,
    ),
  );
  return lines;
}

/** "[██████░░░░] 123/500 clusters · 12.3/s · 20 s left" on stderr, redrawn at most every 200 ms. */
export class FleetProgress {
  private done = 0;
  private last = 0;
  private shown = false;
  private readonly started = Date.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
  ) {}

  /** Only on a terminal: elsewhere progress would end up in logs. */
  static forStderr(total: number): FleetProgress | null {
    return process.stderr.isTTY ? new FleetProgress(process.stderr, total) : null;
  }

  tick(): void {
    this.done++;
    const now = Date.now();
    if (this.shown && now - this.last < 200 && this.done < this.total) return;
    this.last = now;
    const width = 24;
    const filled = this.total ? Math.round((this.done / this.total) * width) : width;
    const secs = (now - this.started) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const left = rate > 0 ? Math.ceil((this.total - this.done) / rate) : 0;
    this.stream.write(
      `\r\u001b[2K[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${this.done}/${this.total} clusters · ${rate.toFixed(1)}/s · ${left} s left`,
    );
    this.shown = true;
  }

  /** Erases the bar (before other output goes to the same terminal). */
  clear(): void {
    if (this.shown) this.stream.write('\r\u001b[2K');
    this.shown = false;
  }
}
