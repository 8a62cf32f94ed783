import { describe, expect, it } from 'vitest';
import { modelFromText } from '../../src/domain/model-names.ts';

describe('modelFromText', () => {
  it('understands loose names', () => {
    expect(modelFromText('pro')).toBe('kling-3-pro');
    expect(modelFromText('Standard')).toBe('kling-3-standard');
    expect(modelFromText('4K')).toBe('kling-3-4k');
    expect(modelFromText('omni pro')).toBe('kling-3-omni-pro');
    expect(modelFromText('Kling 3.0 Omni Standard (720p)')).toBe('kling-3-omni-standard');
    expect(modelFromText('kling-3-omni-4k')).toBe('kling-3-omni-4k');
    expect(modelFromText('1080p')).toBe('kling-3-pro');
  });
  it('refuses what it does not know', () => {
    expect(modelFromText('ultra')).toBeUndefined();
    expect(modelFromText('sora')).toBeUndefined();
  });
});
