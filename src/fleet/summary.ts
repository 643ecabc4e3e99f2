// The closing summary of a fleet run: how many clusters have each recommendation, how many could
// not be planned, and the reasons that exclude base images most often across the fleet.
import type { Image, Recommendations } from '../model/types.js';
import type { FleetResult } from './runner.js';

/**
 * What the summary and the line for people need of a cluster's recommendations: made in the
 * worker, so the full answer (every excluded base image with its reasons and hosts) crosses to
 * the main thread only as the JSON text it is printed as, or not at all.
 */
export interface ClusterDigest {
  latest: Image | null;
  current_series: Image | null;
  same_base: Image | null;
  excluded: number;
  /** reason code → how many reasons of the excluded base images have it */
  codes: [string, number][];
}

export function digestOf(rec: Recommendations): ClusterDigest {
  const codes = new Map<string, number>();
  for (const ex of rec.excluded_base_images) for (const r of ex.reasons) codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
  const { latest, current_series, same_base } = rec;
  return { latest, current_series, same_base, excluded: rec.excluded_base_images.length, codes: [...codes] };
}

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
    const d = r.digest;
    this.s.planned++;
    if (d.latest) this.s.latest++;
    if (d.current_series) this.s.current_series++;
    if (d.same_base) this.s.same_base++;
    if (!d.latest) this.s.no_valid_image++;
    for (const [code, count] of d.codes) {
      const c = this.reasons.get(code) ?? { count: 0, clusters: 0 };
      c.count += count;
      c.clusters++;
      this.reasons.set(code, c);
    }
  }

  summary(): FleetSummary {
    const reasons = [...this.reasons].map(([code, c]) => ({ code, ...c }));
    reasons.sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return { ...this.s, reasons };
  }
}
