// The closing summary of a fleet run: how many clusters have each recommendation, how many could
// not be planned, and the reasons that exclude base images most often across the fleet.
import type { FleetResult } from './runner.js';

export interface ReasonCount {
  code: string;
  /** reasons with this code, over every excluded base image of every cluster */
  count: number;
  /** clusters with at least one */
  clusters: number;
}

export interface FleetSummary {
  clusters: number;
  planned: number;
  latest: number;
  current_series: number;
  same_base: number;
  /** planned clusters with no valid image at all */
  no_valid_image: number;
  bad_input: number;
  failed: number;
  /** most frequent first (ties by code) */
  reasons: ReasonCount[];
}

export class SummaryCounter {
  private readonly s: Omit<FleetSummary, 'reasons'> = {
    clusters: 0,
    planned: 0,
    latest: 0,
    current_series: 0,
    same_base: 0,
    no_valid_image: 0,
    bad_input: 0,
    failed: 0,
  };
  private readonly reasons = new Map<string, { count: number; clusters: number }>();

  add(r: FleetResult): void {
    this.s.clusters++;
    if (r.status === 'input') return void this.s.bad_input++;
    if (r.status === 'failure') return void this.s.failed++;
    const rec = r.recommendations;
    this.s.planned++;
    if (rec.latest) this.s.latest++;
    if (rec.current_series) this.s.current_series++;
    if (rec.same_base) this.s.same_base++;
    if (!rec.latest) this.s.no_valid_image++;
    const here = new Set<string>();
    for (const ex of rec.excluded_base_images) {
      for (const reason of ex.reasons) {
        const c = this.reasons.get(reason.code) ?? { count: 0, clusters: 0 };
        c.count++;
        if (!here.has(reason.code)) c.clusters++, here.add(reason.code);
        this.reasons.set(reason.code, c);
      }
    }
  }

  summary(): FleetSummary {
    const reasons = [...this.reasons].map(([code, c]) => ({ code, ...c }));
    reasons.sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return { ...this.s, reasons };
  }
}
