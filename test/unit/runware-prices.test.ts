import { describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../src/domain/request.ts';
import { estimateRunwareCost } from '../../src/providers/runware/runware-prices.ts';

function request(overrides: Partial<VideoRequest> = {}): VideoRequest {
  return { prompt: 'a cat', model: 'kling-3-standard', duration: 5, aspectRatio: '16:9', sound: false, variants: 1, ...overrides };
}

describe('estimateRunwareCost', () => {
  it('is rate × duration × variants, with the audio rate when sound is on', () => {
    expect(estimateRunwareCost(request())).toEqual({ usd: 0.42, estimated: true });
    expect(estimateRunwareCost(request({ sound: true }))).toEqual({ usd: 0.63, estimated: true });
    expect(estimateRunwareCost(request({ model: 'kling-3-pro', duration: 10, variants: 2, sound: true }))).toEqual({ usd: 3.36, estimated: true });
    expect(estimateRunwareCost(request({ model: 'kling-3-4k', duration: 15, variants: 4 }))).toEqual({ usd: 25.2, estimated: true });
    expect(estimateRunwareCost(request({ model: 'kling-3-omni-standard', duration: 8, sound: true }))).toEqual({ usd: 0.896, estimated: true });
    expect(estimateRunwareCost(request({ model: 'kling-3-omni-pro', duration: 3, variants: 3 }))).toEqual({ usd: 1.008, estimated: true });
    expect(estimateRunwareCost(request({ model: 'kling-3-omni-4k', duration: 4, sound: true }))).toEqual({ usd: 1.68, estimated: true });
  });
});
