// HCL freshness: age in whole days from "updated", judged against the warning and error limits.
import { describe, expect, it } from 'vitest';
import { freshnessLimits, hclFreshness, hclUpdatedAt } from '../../src/catalog/freshness.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const daysBefore = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

describe('hclFreshness', () => {
  it('is OK up to 90 days, WARNING past 90, ERROR past 180', () => {
    const at = (n: number) => hclFreshness(daysBefore(n), NOW);
    expect(at(0)).toEqual({ hcl_age_days: 0, hcl_freshness: 'OK' });
    expect(at(24)).toEqual({ hcl_age_days: 24, hcl_freshness: 'OK' });
    expect(at(90)).toEqual({ hcl_age_days: 90, hcl_freshness: 'OK' });
    expect(at(91)).toEqual({ hcl_age_days: 91, hcl_freshness: 'WARNING' });
    expect(at(180)).toEqual({ hcl_age_days: 180, hcl_freshness: 'WARNING' });
    expect(at(181)).toEqual({ hcl_age_days: 181, hcl_freshness: 'ERROR' });
  });

  it('counts whole days: 90 days and 23 hours is still 90', () => {
    const t = new Date(NOW.getTime() - 90 * 86_400_000 - 23 * 3_600_000).toISOString();
    expect(hclFreshness(t, NOW)).toEqual({ hcl_age_days: 90, hcl_freshness: 'OK' });
  });

  it('is UNKNOWN without an updated date or with one that is not ISO 8601', () => {
    expect(hclFreshness(undefined, NOW)).toEqual({ hcl_age_days: null, hcl_freshness: 'UNKNOWN' });
    expect(hclFreshness('last spring', NOW)).toEqual({ hcl_age_days: null, hcl_freshness: 'UNKNOWN' });
    expect(hclFreshness('2026-13-45', NOW)).toEqual({ hcl_age_days: null, hcl_freshness: 'UNKNOWN' });
  });

  it('reads dates, date-times and offsets; a future date is 0 days old', () => {
    expect(hclFreshness('2026-11-01', NOW).hcl_age_days).toBe(24);
    expect(hclFreshness('2026-11-01T00:00:00+02:00', NOW).hcl_age_days).toBe(24);
    expect(hclUpdatedAt('2024-10-01T00:00:00Z')?.toISOString()).toBe('2024-10-01T00:00:00.000Z');
    expect(hclFreshness('2027-01-01', NOW)).toEqual({ hcl_age_days: 0, hcl_freshness: 'OK' });
  });

  it('takes custom limits', () => {
    const limits = { warnDays: 7, errorDays: 30 };
    expect(hclFreshness(daysBefore(7), NOW, limits).hcl_freshness).toBe('OK');
    expect(hclFreshness(daysBefore(8), NOW, limits).hcl_freshness).toBe('WARNING');
    expect(hclFreshness(daysBefore(31), NOW, limits).hcl_freshness).toBe('ERROR');
    expect(hclFreshness(daysBefore(100), NOW, { warnDays: 0, errorDays: 0 }).hcl_freshness).toBe('ERROR');
  });
});

describe('freshnessLimits', () => {
  it('fills in the defaults and refuses a warning limit past the error limit', () => {
    expect(freshnessLimits()).toEqual({ warnDays: 90, errorDays: 180 });
    expect(freshnessLimits(30)).toEqual({ warnDays: 30, errorDays: 180 });
    expect(freshnessLimits(undefined, 60)).toHaveProperty('problem'); // the default warning, 90, is past 60
    expect(freshnessLimits(200)).toHaveProperty('problem');
    expect(freshnessLimits(10, 10)).toEqual({ warnDays: 10, errorDays: 10 });
  });
});
