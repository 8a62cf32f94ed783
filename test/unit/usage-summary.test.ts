// What /usage sums up and charts from the charge rows (src/usage/usage-summary.ts), and how it writes money.
import { describe, expect, it } from 'vitest';
import { exactUsd, summaryLines } from '../../src/discord/usage-reply.ts';
import type { UsageRow } from '../../src/money/usage-report.ts';
import { sumCharged } from '../../src/usage/usage-csv.ts';
import { usageGroups, usageTotals } from '../../src/usage/usage-summary.ts';

let serial = 0;
function row(fields: Partial<UsageRow>): UsageRow {
  serial += 1;
  return {
    taskId: `t${serial}`,
    createdAt: Date.UTC(2026, 5, 10, 12),
    memberId: 'ann',
    memberName: 'Ann',
    channelId: 'c1',
    model: 'kling-3-standard',
    provider: 'runware',
    durationS: 5,
    variants: 1,
    status: 'succeeded',
    estimatedUsd: 0.42,
    chargedUsd: 0.42,
    reservedMicros: 0,
    chargedMicros: 420_000,
    ...fields,
  };
}

const ROWS = [
  row({ chargedUsd: 0.123456, chargedMicros: 123_456 }),
  row({ memberId: 'ben', memberName: 'Ben', variants: 2, durationS: 10, chargedUsd: 1.68, model: 'kling-3-pro', createdAt: Date.UTC(2026, 5, 9, 23) }),
  row({ status: 'failed', chargedUsd: 0, chargedMicros: 0 }),
  row({ status: 'generating', chargedUsd: null, chargedMicros: null, reservedMicros: 420_000, channelId: 'c2' }),
  row({ status: 'released', chargedUsd: 0, chargedMicros: 0, provider: 'kling' }),
];

describe('usageTotals', () => {
  it('charged is the CSV column’s exact total; running tasks count as reserved; failures cost nothing', () => {
    expect(usageTotals(ROWS)).toEqual({
      chargedMicros: 1_803_500,
      reservedMicros: 420_000,
      tasks: 5,
      videos: 4,
      seconds: 30,
      failures: 1,
      running: 1,
    });
    expect(usageTotals(ROWS).chargedMicros).toBe(sumCharged(ROWS).microUsd);
  });

  it('reads as the summary lines, money exactly as the CSV sums it', () => {
    const lines = summaryLines('month', 'everyone', usageTotals(ROWS));
    expect(lines).toEqual([
      '**Usage — This month (since the 1st, 00:00 UTC)** · everyone',
      '• Charged: **$1.8035** (the total of the CSV’s charged_usd column)',
      '• Reserved now: $0.42 (1 video running)',
      '• Videos: 4 made, 30 s generated, from 5 requests',
      '• Failures: 1, charged $0',
    ]);
    expect([0, 420_000, 84_000, 1_500_000, 12_345_678].map(exactUsd)).toEqual(['$0.00', '$0.42', '$0.084', '$1.50', '$12.3457']);
  });
});

describe('usageGroups', () => {
  it('sums charged spend per member, most first, labelled with their names', () => {
    expect(usageGroups(ROWS, 'member')).toEqual([
      { key: 'ben', label: 'Ben', micros: 1_680_000 },
      { key: 'ann', label: 'Ann', micros: 123_500 },
    ]);
  });

  it('per channel with the names the Discord layer gives, per model label, per provider, per UTC day in date order', () => {
    expect(usageGroups(ROWS, 'channel', (id) => `#room-${id}`).map((g) => [g.label, g.micros])).toEqual([
      ['#room-c1', 1_803_500],
      ['#room-c2', 0],
    ]);
    expect(usageGroups(ROWS, 'model').map((g) => g.label)).toEqual(['Kling 3.0 Pro (1080p)', 'Kling 3.0 Standard (720p)']);
    expect(usageGroups(ROWS, 'provider').map((g) => [g.key, g.micros])).toEqual([
      ['runware', 1_803_500],
      ['kling', 0],
    ]);
    expect(usageGroups(ROWS, 'day').map((g) => [g.key, g.micros])).toEqual([
      ['2026-06-09', 1_680_000],
      ['2026-06-10', 123_500],
    ]);
  });
});
