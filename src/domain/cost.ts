import type { AnyVideoRequest } from './request.ts';
import type { ModelKey } from './models.ts';

export interface Cost {
  usd: number;
  /** True when no provider figure exists yet: computed from the price table. */
  estimated: boolean;
  /** Provider billing units (Kling), when the provider bills in units. */
  units?: number;
}

interface Rate {
  base: number;
  audio: number;
}

/** USD per second of output on Runware (../shared/docs/providers.md §1.6, §4). */
const RUNWARE_RATES: Record<ModelKey, Rate> = {
  'kling-3-standard': { base: 0.084, audio: 0.126 },
  'kling-3-pro': { base: 0.112, audio: 0.168 },
  'kling-3-4k': { base: 0.42, audio: 0.42 },
  'kling-3-omni-standard': { base: 0.084, audio: 0.112 },
  'kling-3-omni-pro': { base: 0.112, audio: 0.14 },
  'kling-3-omni-4k': { base: 0.42, audio: 0.42 },
};

/** Estimate before submitting: per-second rate × duration × number of results. */
export function estimateCost(request: AnyVideoRequest): Cost {
  const rate = RUNWARE_RATES[request.model];
  const perSecond = request.sound ? rate.audio : rate.base;
  return { usd: roundUsd(perSecond * request.duration * request.variants), estimated: true };
}

export function roundUsd(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export function formatUsd(cost: Cost): string {
  const text = cost.usd < 1 ? `$${cost.usd.toFixed(3).replace(/0$/, '')}` : `$${cost.usd.toFixed(2)}`;
  return cost.estimated ? `≈ ${text}` : text;
}
