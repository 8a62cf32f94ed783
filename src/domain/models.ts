/** Kling 3.0 models the bot offers, independent of which provider runs them. */
export const MODEL_KEYS = ['kling-3-standard', 'kling-3-pro', 'kling-3-4k', 'kling-3-omni-standard', 'kling-3-omni-pro', 'kling-3-omni-4k'] as const;

export type ModelKey = (typeof MODEL_KEYS)[number];
export type AspectRatio = '16:9' | '9:16' | '1:1';
export type ModelFamily = 'v3' | 'omni';
export type ModelTier = 'standard' | 'pro' | '4k';

export interface Size {
  width: number;
  height: number;
}

export interface ModelInfo {
  key: ModelKey;
  label: string;
  family: ModelFamily;
  tier: ModelTier;
}

export const ASPECT_RATIOS: readonly AspectRatio[] = ['16:9', '9:16', '1:1'];

const SIZES: Record<ModelTier, Record<AspectRatio, Size>> = {
  standard: { '16:9': { width: 1280, height: 720 }, '9:16': { width: 720, height: 1280 }, '1:1': { width: 960, height: 960 } },
  pro: { '16:9': { width: 1920, height: 1080 }, '9:16': { width: 1080, height: 1920 }, '1:1': { width: 1440, height: 1440 } },
  '4k': { '16:9': { width: 3840, height: 2160 }, '9:16': { width: 2160, height: 3840 }, '1:1': { width: 2880, height: 2880 } },
};

export const MODELS: Record<ModelKey, ModelInfo> = {
  'kling-3-standard': { key: 'kling-3-standard', label: 'Kling 3.0 Standard (720p)', family: 'v3', tier: 'standard' },
  'kling-3-pro': { key: 'kling-3-pro', label: 'Kling 3.0 Pro (1080p)', family: 'v3', tier: 'pro' },
  'kling-3-4k': { key: 'kling-3-4k', label: 'Kling 3.0 4K', family: 'v3', tier: '4k' },
  'kling-3-omni-standard': { key: 'kling-3-omni-standard', label: 'Kling 3.0 Omni Standard (720p)', family: 'omni', tier: 'standard' },
  'kling-3-omni-pro': { key: 'kling-3-omni-pro', label: 'Kling 3.0 Omni Pro (1080p)', family: 'omni', tier: 'pro' },
  'kling-3-omni-4k': { key: 'kling-3-omni-4k', label: 'Kling 3.0 Omni 4K', family: 'omni', tier: '4k' },
};

export function modelInfo(key: ModelKey): ModelInfo {
  return MODELS[key];
}

export function outputSize(key: ModelKey, aspectRatio: AspectRatio): Size {
  return SIZES[MODELS[key].tier][aspectRatio];
}

export function isModelKey(value: string): value is ModelKey {
  return (MODEL_KEYS as readonly string[]).includes(value);
}
