export interface Cost {
  usd: number;
  /** True when no provider figure exists yet: computed from the price table. */
  estimated: boolean;
  /** Provider billing units (Kling), when the provider bills in units. */
  units?: number;
  /** The provider sent a figure that could not be read: `usd` is the estimate, and is shown as unknown. */
  unknown?: boolean;
}

export function roundUsd(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export function formatUsd(cost: Cost): string {
  const text = cost.usd < 1 ? `$${cost.usd.toFixed(3).replace(/0$/, '')}` : `$${cost.usd.toFixed(2)}`;
  if (cost.unknown) return `unknown (≈ ${text} estimated)`;
  return cost.estimated ? `≈ ${text}` : text;
}
