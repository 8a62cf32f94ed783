import { roundUsd, type Cost } from '../../domain/cost.ts';
import type { ModelKey } from '../../domain/models.ts';
import type { VideoRequest, AnyVideoRequest } from '../../domain/request.ts';

interface Rate {
  base: number;
  audio: number;
}

/**
 * USD per second of output on Runware, without and with native audio, from the model pages
 * (https://runware.ai/docs/models/klingai-video-3-0-standard, …-3-0-pro, …-3-0-4k,
 * …-3-0-omni-standard, …-3-0-omni-pro). Omni 4K has no published price; 0.42 is assumed, as for 3.0 4K.
 */
const RUNWARE_RATES: Record<ModelKey, Rate> = {
  'kling-3-standard': { base: 0.084, audio: 0.126 },
  'kling-3-pro': { base: 0.112, audio: 0.168 },
  'kling-3-4k': { base: 0.42, audio: 0.42 },
  'kling-3-omni-standard': { base: 0.084, audio: 0.112 },
  'kling-3-omni-pro': { base: 0.112, audio: 0.14 },
  'kling-3-omni-4k': { base: 0.42, audio: 0.42 },
};

/** Estimate before submitting: per-second rate × duration × number of results. */
export function estimateRunwareCost(request: AnyVideoRequest): Cost {
  const rate = RUNWARE_RATES[request.model];
  const perSecond = request.sound ? rate.audio : rate.base;
  return { usd: roundUsd(perSecond * request.duration * request.variants), estimated: true };
}
