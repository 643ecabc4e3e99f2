// The HCL freshness line of validate and recommend, and their --hcl-warn-days / --hcl-error-days.
import { freshnessLimits, hclFreshness, hclUpdatedAt, type FreshnessLimits, type HclFreshness } from '../../catalog/freshness.js';
import { intValue, type ParsedArgs } from '../args.js';
import { UsageError } from '../command.js';
import type { Style } from './output.js';

export const FRESHNESS_FLAGS = ['hcl-warn-days', 'hcl-error-days'];

export const FRESHNESS_HELP = `  --hcl-warn-days N   call the HCL out of date (WARNING) when its "updated" date is more than
                      N days ago (default 90)
  --hcl-error-days N  ... and ERROR past N days (default 180); docs/hcl.md`;

export function freshnessLimitsFrom(parsed: ParsedArgs): FreshnessLimits {
  const limits = freshnessLimits(intValue(parsed, 'hcl-warn-days'), intValue(parsed, 'hcl-error-days'));
  if ('problem' in limits) throw new UsageError(`--hcl-warn-days / --hcl-error-days: ${limits.problem}`);
  return limits;
}

export function freshnessOf(updated: string | undefined, parsed: ParsedArgs): HclFreshness {
  return hclFreshness(updated, new Date(), freshnessLimitsFrom(parsed));
}

const REFRESH = 'refresh it with "strata import hcl" (docs/hcl.md)';

/** "HCL updated 2026-11-01 (24 days ago): OK", coloured and with a hint when out of date. */
export function freshnessLine(updated: string | undefined, f: HclFreshness, style: Style): string {
  const at = hclUpdatedAt(updated);
  if (!at || f.hcl_age_days === null) {
    const what =
      updated === undefined ? 'has no "updated" date' : `has an "updated" date that is not ISO 8601 (${JSON.stringify(updated)})`;
    return style.yellow(`HCL ${what}: its age is UNKNOWN`);
  }
  const days = f.hcl_age_days;
  const ago = days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
  const text = `HCL updated ${at.toISOString().slice(0, 10)} (${ago}): ${f.hcl_freshness}`;
  if (f.hcl_freshness === 'ERROR') return style.red(`${text}, too old to trust; ${REFRESH}`);
  if (f.hcl_freshness === 'WARNING') return style.yellow(`${text}, getting old; ${REFRESH}`);
  return text;
}
