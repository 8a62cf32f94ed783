// Budget periods and /usage periods, all at UTC boundaries (src/money/periods.ts, usage-report.ts).
import { describe, expect, it } from 'vitest';
import { periodEnd, periodStart } from '../../src/money/periods.ts';
import { usageSince } from '../../src/money/usage-report.ts';

const at = (iso: string) => Date.parse(iso);

describe('periodStart / periodEnd', () => {
  it('day: from UTC midnight to the next, whatever the local time zone says', () => {
    expect(periodStart('day', at('2026-06-10T23:59:59.999Z'))).toBe(at('2026-06-10T00:00:00Z'));
    expect(periodStart('day', at('2026-06-11T00:00:00Z'))).toBe(at('2026-06-11T00:00:00Z'));
    expect(periodEnd('day', at('2026-06-10T12:00:00Z'))).toBe(at('2026-06-11T00:00:00Z'));
  });

  it('week: ISO weeks, from Monday 00:00 UTC (a Sunday belongs to the week that began six days before)', () => {
    expect(periodStart('week', at('2026-06-10T12:00:00Z'))).toBe(at('2026-06-08T00:00:00Z')); // Wednesday → Monday
    expect(periodStart('week', at('2026-06-08T00:00:00Z'))).toBe(at('2026-06-08T00:00:00Z')); // Monday itself
    expect(periodStart('week', at('2026-06-14T23:59:59Z'))).toBe(at('2026-06-08T00:00:00Z')); // Sunday night
    expect(periodEnd('week', at('2026-06-14T23:59:59Z'))).toBe(at('2026-06-15T00:00:00Z'));
    // Across a year end: Thursday 1 January 2026 is in the week of Monday 29 December 2025.
    expect(periodStart('week', at('2026-01-01T08:00:00Z'))).toBe(at('2025-12-29T00:00:00Z'));
  });

  it('month: calendar months in UTC, December running into January', () => {
    expect(periodStart('month', at('2026-02-28T23:00:00Z'))).toBe(at('2026-02-01T00:00:00Z'));
    expect(periodEnd('month', at('2026-02-28T23:00:00Z'))).toBe(at('2026-03-01T00:00:00Z'));
    expect(periodStart('month', at('2026-12-31T23:59:59Z'))).toBe(at('2026-12-01T00:00:00Z'));
    expect(periodEnd('month', at('2026-12-31T23:59:59Z'))).toBe(at('2027-01-01T00:00:00Z'));
    expect(periodStart('month', at('2027-01-01T00:00:00Z'))).toBe(at('2027-01-01T00:00:00Z'));
  });

  it('total: never starts again', () => {
    expect(periodStart('total', at('2026-06-10T12:00:00Z'))).toBe(0);
    expect(periodEnd('total', at('2026-06-10T12:00:00Z'))).toBeUndefined();
  });
});

describe('usageSince', () => {
  const now = at('2026-06-10T12:34:56Z'); // a Wednesday
  it('today, week, month at UTC boundaries; 30d as 30 × 24 h back; all from the beginning', () => {
    expect(usageSince('today', now)).toBe(at('2026-06-10T00:00:00Z'));
    expect(usageSince('week', now)).toBe(at('2026-06-08T00:00:00Z'));
    expect(usageSince('month', now)).toBe(at('2026-06-01T00:00:00Z'));
    expect(usageSince('30d', now)).toBe(at('2026-05-11T12:34:56Z'));
    expect(usageSince('all', now)).toBe(0);
  });
});
