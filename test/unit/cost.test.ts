import { describe, expect, it } from 'vitest';
import { formatUsd, roundUsd } from '../../src/domain/cost.ts';

describe('roundUsd', () => {
  it('rounds to 4 decimals, removing float noise', () => {
    expect(roundUsd(0.1 + 0.2)).toBe(0.3);
    expect(roundUsd(0.12345)).toBe(0.1235);
    expect(roundUsd(0.084 * 3)).toBe(0.252);
  });
});

describe('formatUsd', () => {
  it('shows 3 decimals under a dollar without a trailing zero, 2 decimals from a dollar', () => {
    expect(formatUsd({ usd: 0.42, estimated: false })).toBe('$0.42');
    expect(formatUsd({ usd: 0.672, estimated: false })).toBe('$0.672');
    expect(formatUsd({ usd: 0.4, estimated: false })).toBe('$0.40');
    expect(formatUsd({ usd: 12.6, estimated: false })).toBe('$12.60');
    expect(formatUsd({ usd: 1, estimated: false })).toBe('$1.00');
    expect(formatUsd({ usd: 3.456, estimated: false })).toBe('$3.46');
  });

  it('prefixes estimates with ≈', () => {
    expect(formatUsd({ usd: 0.42, estimated: true })).toBe('≈ $0.42');
    expect(formatUsd({ usd: 12.6, estimated: true })).toBe('≈ $12.60');
  });
});
