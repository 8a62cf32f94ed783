import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/domain/cost.ts';
import type { VideoRequest } from '../../src/domain/request.ts';
import { iminiEstimate, parseIminiPrices } from '../../src/providers/imini/imini-prices.ts';

const DEFAULT = 'kling-3-omni-standard=0.084/0.112,kling-3-omni-pro=0.112/0.14,kling-3-standard=0.084/0.126,kling-3-pro=0.112/0.168';
const request = (overrides: Partial<VideoRequest> = {}): VideoRequest => ({
  prompt: 'p p',
  model: 'kling-3-omni-standard',
  duration: 5,
  aspectRatio: '16:9',
  sound: false,
  variants: 1,
  ...overrides,
});

describe('parseIminiPrices', () => {
  it('reads the default setting', () => {
    expect(parseIminiPrices(DEFAULT)).toEqual({
      'kling-3-omni-standard': { base: 0.084, audio: 0.112 },
      'kling-3-omni-pro': { base: 0.112, audio: 0.14 },
      'kling-3-standard': { base: 0.084, audio: 0.126 },
      'kling-3-pro': { base: 0.112, audio: 0.168 },
    });
  });

  it('uses the base rate for audio when no audio rate is given, and tolerates spaces and empty entries', () => {
    expect(parseIminiPrices(' kling-3-pro = 0.2 , ,kling-3-standard=0.1 / 0.15,')).toEqual({
      'kling-3-pro': { base: 0.2, audio: 0.2 },
      'kling-3-standard': { base: 0.1, audio: 0.15 },
    });
    expect(parseIminiPrices('')).toEqual({});
  });

  it.each([
    ['kling-3-pro', /'kling-3-pro' is not model=usd_per_s/],
    ['kling-3-pro=abc', /'kling-3-pro=abc'/],
    ['kling-3-pro=-0.1', /'kling-3-pro=-0.1'/],
    ['kling-3-pro=0.1/0.2/0.3', /'kling-3-pro=0.1\/0.2\/0.3'/],
    ['kling-3-pro=0.1=2', /'kling-3-pro=0.1=2'/],
    ['kling-9=0.1', /'kling-9' is not a model/],
    ['kling-3-pro=0.1,kling-3-pro=0.2', /'kling-3-pro' is listed twice/],
  ])('throws an error naming IMINI_PRICES for %j', (text, detail) => {
    expect(() => parseIminiPrices(text)).toThrow(/^IMINI_PRICES is malformed: /);
    expect(() => parseIminiPrices(text)).toThrow(detail);
  });
});

describe('iminiEstimate', () => {
  const table = parseIminiPrices(DEFAULT);

  it('multiplies the per-second rate by the duration, using the audio rate with sound, marked estimated', () => {
    expect(iminiEstimate(table, request())).toEqual({ usd: 0.42, estimated: true });
    expect(iminiEstimate(table, request({ sound: true, duration: 10 }))).toEqual({ usd: 1.12, estimated: true });
    expect(iminiEstimate(table, request({ model: 'kling-3-pro', sound: true, duration: 15 }))).toEqual({ usd: 2.52, estimated: true });
  });

  it('falls back to the shared price table for a model the setting leaves out (and for 4K, which imini does not offer)', () => {
    const partial = parseIminiPrices('kling-3-pro=1');
    expect(iminiEstimate(partial, request({ model: 'kling-3-standard' }))).toEqual(estimateCost(request({ model: 'kling-3-standard' })));
    expect(iminiEstimate(table, request({ model: 'kling-3-omni-4k' }))).toEqual(estimateCost(request({ model: 'kling-3-omni-4k' })));
  });
});
