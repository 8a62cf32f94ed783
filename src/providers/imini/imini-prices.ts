import { roundUsd, type Cost } from '../../domain/cost.ts';
import { isModelKey, modelInfo, MODEL_KEYS, type ModelKey } from '../../domain/models.ts';
import type { VideoRequest, AnyVideoRequest } from '../../domain/request.ts';

/** USD per second of output, without and with native audio. */
interface IminiRate {
  base: number;
  audio: number;
}

/** The models imini offers: Kling 3.0 and 3.0 Omni at 720p and 1080p (no 4K). */
type IminiModelKey = Exclude<ModelKey, 'kling-3-4k' | 'kling-3-omni-4k'>;

export type IminiPriceTable = Record<IminiModelKey, IminiRate>;

/**
 * Default rates. imini bills in credits and states no USD price nor any cost in its answers
 * (https://docs.imini.ai/en/guide/getting-started, https://docs.imini.ai/en/api-reference/videos/task-query),
 * so these are the per-second rates Kling 3.0 sells at elsewhere
 * (https://runware.ai/docs/models/klingai-video-3-0-standard, …-3-0-omni-standard and their Pro pages).
 * IMINI_PRICES overrides them per model.
 */
export const IMINI_DEFAULT_PRICES: IminiPriceTable = {
  'kling-3-standard': { base: 0.084, audio: 0.126 },
  'kling-3-pro': { base: 0.112, audio: 0.168 },
  'kling-3-omni-standard': { base: 0.084, audio: 0.112 },
  'kling-3-omni-pro': { base: 0.112, audio: 0.14 },
};

const FORMAT = "'model=usd_per_s[/usd_per_s_with_audio],…' (e.g. 'kling-3-omni-standard=0.084/0.112,kling-3-pro=0.112')";
const NUMBER = /^\d+(?:\.\d+)?$/;

function isIminiModel(key: ModelKey): key is IminiModelKey {
  return modelInfo(key).tier !== '4k';
}

/**
 * Parses the IMINI_PRICES setting over the defaults: each entry replaces one model's rates.
 * Throws one Error naming IMINI_PRICES and every bad entry.
 */
export function parseIminiPrices(text: string): IminiPriceTable {
  const table: IminiPriceTable = { ...IMINI_DEFAULT_PRICES };
  const listed = new Set<string>();
  const problems: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [key = '', value = '', ...extra] = entry.split('=').map((part) => part.trim());
    const [base = '', audio, ...more] = value.split('/').map((part) => part.trim());
    if (extra.length > 0 || more.length > 0 || !NUMBER.test(base) || (audio !== undefined && !NUMBER.test(audio))) {
      problems.push(`'${entry}' is not model=usd_per_s[/usd_per_s_with_audio]`);
    } else if (!isModelKey(key)) {
      problems.push(`'${key}' is not a model (use one of ${MODEL_KEYS.join(', ')})`);
    } else if (!isIminiModel(key)) {
      problems.push(`'${key}' is not offered by imini (no 4K)`);
    } else if (listed.has(key)) {
      problems.push(`'${key}' is listed twice`);
    } else {
      listed.add(key);
      table[key] = { base: Number(base), audio: Number(audio ?? base) };
    }
  }
  if (problems.length > 0) throw new Error(`IMINI_PRICES is malformed: ${problems.join('; ')}. Expected ${FORMAT}.`);
  return table;
}

/**
 * Estimate before submitting, and the cost reported after (imini reports none): per-second rate
 * (the audio rate with sound) × duration × variants. imini does not offer 4K, so unsupported()
 * refuses such a request; its estimate (only ever made before that check) uses the 1080p rate.
 */
export function iminiEstimate(table: IminiPriceTable, request: AnyVideoRequest): Cost {
  const info = modelInfo(request.model);
  const model: IminiModelKey = isIminiModel(request.model) ? request.model : info.family === 'omni' ? 'kling-3-omni-pro' : 'kling-3-pro';
  const rate = table[model];
  const perSecond = request.sound ? rate.audio : rate.base;
  return { usd: roundUsd(perSecond * request.duration * request.variants), estimated: true };
}
