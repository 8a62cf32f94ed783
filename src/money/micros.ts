/**
 * Money is kept as integer micro-dollars (1 USD = 1,000,000): sums and comparisons are exact,
 * where adding floats would drift (0.1 + 0.2 ≠ 0.3).
 */
export const MICROS_PER_USD = 1_000_000;

/** Micro-dollars from dollars; anything that is not a finite number ≥ 0 counts as 0. */
export function toMicros(usd: number): number {
  return Number.isFinite(usd) && usd > 0 ? Math.round(usd * MICROS_PER_USD) : 0;
}

export function toUsd(micros: number): number {
  return micros / MICROS_PER_USD;
}

/** "$0.42", "$12.60", "$0.084": cents, or three decimals below a dollar when they matter. */
export function usdText(micros: number): string {
  const usd = toUsd(micros);
  if (usd < 1 && Math.round(usd * 1000) % 10 !== 0) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}
