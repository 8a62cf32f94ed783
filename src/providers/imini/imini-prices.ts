import { estimateCost as sharedEstimate, roundUsd, type Cost } from '../../domain/cost.ts';
import { isModelKey, MODEL_KEYS, type ModelKey } from '../../domain/models.ts';
import type { AnyVideoRequest } from '../../domain/request.ts';

/** USD per second of output, without and with native audio. */
export interface IminiRate {
  base: number;
  audio: number;
}

export type IminiPriceTable = Partial<Record<ModelKey, IminiRate>>;

const FORMAT = "'model=usd_per_s[/usd_per_s_with_audio],…' (e.g. 'kling-3-omni-standard=0.084/0.112,kling-3-pro=0.112')";
const NUMBER = /^\d+(?:\.\d+)?$/;

/**
 * Parses the IMINI_PRICES setting. imini bills in credits and returns no cost (providers.md §2.4),
 * so the bot shows estimates from this table. Throws one Error naming IMINI_PRICES and every bad entry.
 */
export function parseIminiPrices(text: string): IminiPriceTable {
  const table: IminiPriceTable = {};
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
    } else if (table[key]) {
      problems.push(`'${key}' is listed twice`);
    } else {
      table[key] = { base: Number(base), audio: Number(audio ?? base) };
    }
  }
  if (problems.length > 0) throw new Error(`IMINI_PRICES is malformed: ${problems.join('; ')}. Expected ${FORMAT}.`);
  return table;
}

/**
 * Estimate before submitting, and the cost reported after (imini reports none): per-second rate
 * (the audio rate with sound) × duration × variants. A model missing from the table falls back to
 * the shared (Runware) price table, so a partial IMINI_PRICES never blocks a video.
 */
export function iminiEstimate(table: IminiPriceTable, request: AnyVideoRequest): Cost {
  const rate = table[request.model];
  if (!rate) return sharedEstimate(request);
  const perSecond = request.sound ? rate.audio : rate.base;
  return { usd: roundUsd(perSecond * request.duration * request.variants), estimated: true };
}
