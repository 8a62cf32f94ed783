import { roundUsd, type Cost } from '../../domain/cost.ts';
import { modelInfo, type ModelTier } from '../../domain/models.ts';
import type { AnyVideoRequest } from '../../domain/request.ts';

/**
 * Kling bills in units. Kling 3.0 without audio: 0.6 units/s at 720p, 0.8 at 1080p, 3.0 at 4K
 * (Kling's billing pages, linked from https://app.klingai.com/global/dev/document-api). The rates with
 * native audio, for Omni with a reference video, and for Omni in general are NOT confirmed, so the same rates are used for every case and the estimate is
 * marked as one; the cost after the task is Kling's own `final_unit_deduction`.
 */
export const UNITS_PER_SECOND: Record<ModelTier, number> = { standard: 0.6, pro: 0.8, '4k': 3.0 };

/** Estimate before submitting: units/s × seconds × the USD price of a unit. Kling makes one video per task. */
export function estimateKlingCost(request: AnyVideoRequest, unitPriceUsd: number): Cost {
  const units = Math.round(UNITS_PER_SECOND[modelInfo(request.model).tier] * request.duration * 100) / 100;
  return { usd: roundUsd(units * unitPriceUsd), units, estimated: true };
}
