// How old the HCL is, judged like vSAN's own health check: a list older than the warning limit
// may miss certifications, one older than the error limit should not be trusted to plan with.
export type HclFreshnessStatus = 'OK' | 'WARNING' | 'ERROR' | 'UNKNOWN';

export interface HclFreshness {
  /** whole days since `updated` (0 for a date in the future); null when unknown */
  hcl_age_days: number | null;
  hcl_freshness: HclFreshnessStatus;
}

export interface FreshnessLimits {
  /** older than this many days: WARNING */
  warnDays: number;
  /** older than this many days: ERROR */
  errorDays: number;
}

export const DEFAULT_FRESHNESS_LIMITS: FreshnessLimits = { warnDays: 90, errorDays: 180 };

const DAY_MS = 86_400_000;

/** The instant `updated` names, or undefined when it is missing or no ISO 8601 date. */
export function hclUpdatedAt(updated: string | undefined): Date | undefined {
  if (updated === undefined) return undefined;
  const text = updated.trim();
  // Date.parse also reads free forms like "March 7"; only ISO 8601 dates are taken.
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

export function hclFreshness(
  updated: string | undefined,
  now: Date = new Date(),
  limits: FreshnessLimits = DEFAULT_FRESHNESS_LIMITS,
): HclFreshness {
  const at = hclUpdatedAt(updated);
  if (!at) return { hcl_age_days: null, hcl_freshness: 'UNKNOWN' };
  const age = Math.max(0, Math.floor((now.getTime() - at.getTime()) / DAY_MS));
  const status: HclFreshnessStatus = age > limits.errorDays ? 'ERROR' : age > limits.warnDays ? 'WARNING' : 'OK';
  return { hcl_age_days: age, hcl_freshness: status };
}

/** Limits with defaults filled in, or the problem when the warning would not come first. */
export function freshnessLimits(warnDays?: number, errorDays?: number): FreshnessLimits | { problem: string } {
  const limits = { warnDays: warnDays ?? DEFAULT_FRESHNESS_LIMITS.warnDays, errorDays: errorDays ?? DEFAULT_FRESHNESS_LIMITS.errorDays };
  if (limits.warnDays > limits.errorDays) {
    return { problem: `the warning limit (${limits.warnDays} days) must not exceed the error limit (${limits.errorDays} days)` };
  }
  return limits;
}
