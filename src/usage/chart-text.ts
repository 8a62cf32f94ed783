/** Text helpers for the usage charts: dollar labels and labels cut to a pixel width without splitting a character. */

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const wholeDollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** `$12.34`, `$1,234.50`; an amount above zero that would show as `$0.00` shows as `<$0.01`. */
export function formatDollars(usd: number): string {
  if (usd > 0 && usd < 0.005) return '<$0.01';
  return dollars.format(usd);
}

/** Axis ticks: whole dollars from $10 up, cents below (Chart.js picks the tick values). */
export function formatDollarTick(usd: number, axisMax: number): string {
  return axisMax >= 10 ? wholeDollars.format(usd) : dollars.format(usd);
}

// Grapheme clusters keep emoji sequences (👩🏽‍💻, flags) and combining marks whole when cutting:
// https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Intl/Segmenter
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

const ELLIPSIS = '…';

/**
 * One line of display text: control characters and line breaks become spaces, bidi override/isolate controls are
 * dropped (a name with U+202E would otherwise reverse what follows it), runs of whitespace collapse.
 */
export function cleanLabel(text: string, fallback = '(unnamed)'): string {
  const clean = text
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim();
  return clean === '' ? fallback : clean;
}

/** `text` if it fits `maxWidth` pixels as measured, else the longest prefix of whole graphemes plus `…` that fits. */
export function truncateToWidth(text: string, maxWidth: number, measure: (text: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  const parts = Array.from(graphemes.segment(text), (s) => s.segment);
  const withEllipsis = (n: number): string => parts.slice(0, n).join('').trimEnd() + ELLIPSIS;
  // Largest n in [0, parts.length) whose prefix + ellipsis fits; width grows with n, so binary search.
  let low = 0;
  let high = parts.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(withEllipsis(mid)) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return withEllipsis(low);
}
