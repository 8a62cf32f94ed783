import { MODELS, MODEL_KEYS, type ModelKey } from './models.ts';

/** A model from loosely typed text ("pro", "omni 4k", "Kling 3.0 Omni Pro (1080p)", "kling-3-pro"). */
export function modelFromText(text: string): ModelKey | undefined {
  const words = text
    .toLowerCase()
    .replace(/kling|3\.0|video|\(.*?\)|[-_]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const omni = words.includes('omni') || words.includes('o3');
  const tier = words.includes('4k')
    ? '4k'
    : words.includes('pro') || words.includes('1080p')
      ? 'pro'
      : words.some((w) => ['standard', 'std', '720p'].includes(w))
        ? 'standard'
        : undefined;
  if (!tier) return MODEL_KEYS.find((key) => key === text.trim().toLowerCase() || MODELS[key].label.toLowerCase() === text.trim().toLowerCase());
  return MODEL_KEYS.find((key) => MODELS[key].tier === tier && (MODELS[key].family === 'omni') === omni);
}
