import { describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../src/domain/request.ts';
import { IMINI_DEFAULT_PRICES, iminiEstimate, parseIminiPrices } from '../../src/providers/imini/imini-prices.ts';

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
  it('reads the default setting, which repeats the built-in defaults', () => {
    expect(parseIminiPrices(DEFAULT)).toEqual(IMINI_DEFAULT_PRICES);
    expect(parseIminiPrices(DEFAULT)).toEqual({
      'kling-3-omni-standard': { base: 0.084, audio: 0.112 },
      'kling-3-omni-pro': { base: 0.112, audio: 0.14 },
      'kling-3-standard': { base: 0.084, audio: 0.126 },
      'kling-3-pro': { base: 0.112, audio: 0.168 },
    });
  });

  it('overrides the defaults per model, using the base rate for audio when no audio rate is given, and tolerates spaces and empty entries', () => {
    expect(parseIminiPrices(' kling-3-pro = 0.2 , ,kling-3-standard=0.1 / 0.15,')).toEqual({
      ...IMINI_DEFAULT_PRICES,
      'kling-3-pro': { base: 0.2, audio: 0.2 },
      'kling-3-standard': { base: 0.1, audio: 0.15 },
    });
    expect(parseIminiPrices('')).toEqual(IMINI_DEFAULT_PRICES);
  });

  it('has a default for every model imini offers, and none for 4K', () => {
    expect(Object.keys(IMINI_DEFAULT_PRICES).sort()).toEqual(['kling-3-omni-pro', 'kling-3-omni-standard', 'kling-3-pro', 'kling-3-standard']);
  });

  it.each([
    ['kling-3-pro', /'kling-3-pro' is not model=usd_per_s/],
    ['kling-3-pro=abc', /'kling-3-pro=abc'/],
    ['kling-3-pro=-0.1', /'kling-3-pro=-0.1'/],
    ['kling-3-pro=0.1/0.2/0.3', /'kling-3-pro=0.1\/0.2\/0.3'/],
    ['kling-3-pro=0.1=2', /'kling-3-pro=0.1=2'/],
    ['kling-9=0.1', /'kling-9' is not a model/],
    ['kling-3-pro=0.1,kling-3-pro=0.2', /'kling-3-pro' is listed twice/],
    ['kling-3-4k=0.5', /'kling-3-4k' is not offered by imini/],
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

  it('uses imini’s own default for a model the setting leaves out, not another provider’s table', () => {
    const partial = parseIminiPrices('kling-3-pro=1');
    expect(iminiEstimate(partial, request({ model: 'kling-3-pro' }))).toEqual({ usd: 5, estimated: true });
    expect(iminiEstimate(partial, request({ model: 'kling-3-standard', sound: true }))).toEqual({ usd: 0.63, estimated: true });
  });

  it('prices a 4K request (refused by unsupported()) at the 1080p rate of its family', () => {
    const custom = parseIminiPrices('kling-3-omni-pro=0.2/0.3,kling-3-pro=0.1');
    expect(iminiEstimate(custom, request({ model: 'kling-3-omni-4k', sound: true }))).toEqual({ usd: 1.5, estimated: true });
    expect(iminiEstimate(custom, request({ model: 'kling-3-4k' }))).toEqual({ usd: 0.5, estimated: true });
  });
});
