import { describe, expect, it } from 'vitest';
import { estimateCost, formatUsd, roundUsd } from '../../src/domain/cost.ts';
import type { VideoRequest } from '../../src/domain/request.ts';

function request(overrides: Partial<VideoRequest> = {}): VideoRequest {
  return { prompt: 'a cat', model: 'kling-3-standard', duration: 5, aspectRatio: '16:9', sound: false, variants: 1, ...overrides };
}

describe('estimateCost', () => {
  it('is rate × duration × variants, with the audio rate when sound is on', () => {
    expect(estimateCost(request())).toEqual({ usd: 0.42, estimated: true });
    expect(estimateCost(request({ sound: true }))).toEqual({ usd: 0.63, estimated: true });
    expect(estimateCost(request({ model: 'kling-3-pro', duration: 10, variants: 2, sound: true }))).toEqual({ usd: 3.36, estimated: true });
    expect(estimateCost(request({ model: 'kling-3-4k', duration: 15, variants: 4 }))).toEqual({ usd: 25.2, estimated: true });
    expect(estimateCost(request({ model: 'kling-3-omni-standard', duration: 8, sound: true }))).toEqual({ usd: 0.896, estimated: true });
    expect(estimateCost(request({ model: 'kling-3-omni-pro', duration: 3, variants: 3 }))).toEqual({ usd: 1.008, estimated: true });
    expect(estimateCost(request({ model: 'kling-3-omni-4k', duration: 4, sound: true }))).toEqual({ usd: 1.68, estimated: true });
  });
});

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
