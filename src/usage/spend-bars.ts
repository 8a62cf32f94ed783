/** The bars of a spend chart: checked, and capped at `MAX_BARS` with the smallest merged into "N others". */

export interface SpendBar {
  label: string;
  usd: number;
}

export interface DrawnBar extends SpendBar {
  /** The merged "N others" bar, drawn in another colour. */
  others: boolean;
}

/** Most bars drawn; past this the smallest are merged into one "N others" bar (see `limitBars`). */
export const MAX_BARS = 25;

/**
 * The bars to draw: all of them when there are at most `max`, else the `max - 1` largest (in their input order,
 * earlier first on ties) plus a last bar "N others" with the sum of the rest, so the chart's total stays right.
 * Throws a RangeError for an amount that is negative or not finite.
 */
export function limitBars(bars: readonly SpendBar[], max = MAX_BARS): DrawnBar[] {
  for (const bar of bars) {
    if (!Number.isFinite(bar.usd) || bar.usd < 0) throw new RangeError(`Spend for "${bar.label}" must be a finite amount ≥ 0, got ${bar.usd}`);
  }
  if (bars.length <= max) return bars.map((bar) => ({ ...bar, others: false }));
  const largest = bars
    .map((bar, index) => ({ bar, index }))
    .sort((a, b) => b.bar.usd - a.bar.usd || a.index - b.index)
    .slice(0, max - 1);
  const kept = new Set(largest.map((entry) => entry.index));
  const shown = bars.filter((_, index) => kept.has(index)).map((bar) => ({ ...bar, others: false }));
  const rest = bars.filter((_, index) => !kept.has(index));
  // Summed in whole micro-dollars so "16 others" at $0.10 each is $1.60, not 1.6000000000000003.
  const restMicros = rest.reduce((sum, bar) => sum + Math.round(bar.usd * 1_000_000), 0);
  return [...shown, { label: `${rest.length} others`, usd: restMicros / 1_000_000, others: true }];
}
