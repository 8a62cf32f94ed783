import { describe, expect, it } from 'vitest';
import { ASPECT_RATIOS, isModelKey, MODEL_KEYS, MODELS, modelInfo, outputSize } from '../../src/domain/models.ts';

describe('models', () => {
  it('offers the six Kling 3.0 models', () => {
    expect([...MODEL_KEYS]).toEqual(['kling-3-standard', 'kling-3-pro', 'kling-3-4k', 'kling-3-omni-standard', 'kling-3-omni-pro', 'kling-3-omni-4k']);
    for (const key of MODEL_KEYS) expect(MODELS[key].key).toBe(key);
    expect([...ASPECT_RATIOS]).toEqual(['16:9', '9:16', '1:1']);
  });

  it('knows each model family and tier', () => {
    expect(modelInfo('kling-3-pro')).toEqual({ key: 'kling-3-pro', label: 'Kling 3.0 Pro (1080p)', family: 'v3', tier: 'pro' });
    expect(modelInfo('kling-3-omni-4k')).toEqual({ key: 'kling-3-omni-4k', label: 'Kling 3.0 Omni 4K', family: 'omni', tier: '4k' });
    expect(MODEL_KEYS.filter((k) => modelInfo(k).family === 'omni')).toEqual(['kling-3-omni-standard', 'kling-3-omni-pro', 'kling-3-omni-4k']);
  });

  it('maps tier and aspect ratio to the output size', () => {
    expect(outputSize('kling-3-standard', '16:9')).toEqual({ width: 1280, height: 720 });
    expect(outputSize('kling-3-omni-standard', '9:16')).toEqual({ width: 720, height: 1280 });
    expect(outputSize('kling-3-pro', '1:1')).toEqual({ width: 1440, height: 1440 });
    expect(outputSize('kling-3-4k', '16:9')).toEqual({ width: 3840, height: 2160 });
    expect(outputSize('kling-3-omni-4k', '1:1')).toEqual({ width: 2880, height: 2880 });
  });

  it('recognises model keys', () => {
    expect(isModelKey('kling-3-omni-pro')).toBe(true);
    expect(isModelKey('kling-2-pro')).toBe(false);
    expect(isModelKey('')).toBe(false);
  });
});
