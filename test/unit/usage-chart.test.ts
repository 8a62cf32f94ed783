import { GlobalFonts } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { CHART_EMOJI, CHART_SANS } from '../../src/usage/chart-fonts.ts';
import { CHART_COLORS, CHART_MIN_HEIGHT, CHART_WIDTH, MAX_BARS, limitBars, renderSpendChart } from '../../src/usage/spend-chart.ts';
import { bands, countPixels, decodePng, hexRgb, near, pngSize, type Pixels } from '../support/png-pixels.ts';

const BAR = hexRgb(CHART_COLORS.bar);
const OTHERS = hexRgb(CHART_COLORS.others);
const BACKGROUND = hexRgb(CHART_COLORS.background);
/** Title and labels are near-white on the dark card. */
const bright = ([r, g, b]: [number, number, number, number]): boolean => r > 180 && g > 180 && b > 180;
/** Where the title is written, and the column of bar labels left of the bars. */
const TITLE = { x0: 20, y0: 10, x1: 520, y1: 46 };
const LABELS = { x0: 0, y0: 80, x1: 250, y1: CHART_MIN_HEIGHT - 40 };

function members(count: number): Array<{ label: string; usd: number }> {
  return Array.from({ length: count }, (_, i) => ({ label: `member ${i + 1}`, usd: 10 + ((i * 7) % 13) }));
}

async function render(bars: Array<{ label: string; usd: number }>, title = 'Spending by member'): Promise<{ png: Buffer; pixels: Pixels }> {
  const png = await renderSpendChart({ title, subtitle: 'November 2026', bars });
  return { png, pixels: await decodePng(png) };
}

describe('renderSpendChart', () => {
  it('makes a 1000×500 PNG on an opaque background', async () => {
    const { png, pixels } = await render(members(5));
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_MIN_HEIGHT });
    expect([pixels.width, pixels.height]).toEqual([1000, 500]);
    for (const [x, y] of [
      [0, 0],
      [999, 0],
      [0, 499],
      [999, 499],
    ] as const) {
      expect(pixels.at(x, y)).toEqual([...BACKGROUND, 255]);
    }
  });

  it('draws one bar per group, long enough to tell amounts apart', async () => {
    const { pixels } = await render([
      { label: 'Ana', usd: 40 },
      { label: 'Bo', usd: 10 },
      { label: 'Cy', usd: 20 },
    ]);
    expect(bands(pixels, BAR)).toBe(3);
    expect(bands(pixels, OTHERS)).toBe(0);
    const widths = [0, 1, 2].map((band) => barWidthInBand(pixels, band));
    expect(widths[0]).toBeGreaterThan(widths[2]! * 1.8);
    expect(widths[2]).toBeGreaterThan(widths[1]! * 1.8);
  });

  it('writes the title and the labels (fonts ship with the package, registered under our own names)', async () => {
    const { pixels } = await render(members(3));
    expect(GlobalFonts.has(CHART_SANS)).toBe(true);
    expect(GlobalFonts.has(CHART_EMOJI)).toBe(true);
    expect(countPixels(pixels, TITLE, bright)).toBeGreaterThan(300);
    expect(countPixels(pixels, LABELS, bright)).toBeGreaterThan(100);
  });

  it('changes the label column, and only what is around it, when the labels change', async () => {
    const a = await render([{ label: 'Alice', usd: 5 }]);
    const b = await render([{ label: 'Bob', usd: 5 }]);
    expect(a.png.equals(b.png)).toBe(false);
    expect(countPixels(a.pixels, TITLE, bright)).toBe(countPixels(b.pixels, TITLE, bright));
  });

  it('draws emoji in member names as emoji, not as the missing-glyph box', async () => {
    // Without an emoji font both would be the same box; no system emoji font is assumed.
    const apple = await render([{ label: '🍎🍎🍎', usd: 5 }]);
    const rocket = await render([{ label: '🚀🚀🚀', usd: 5 }]);
    const inLabels = (pixels: Pixels): string =>
      Array.from({ length: LABELS.y1 - LABELS.y0 }, (_, dy) =>
        Array.from({ length: LABELS.x1 }, (_, x) => (bright(pixels.at(x, LABELS.y0 + dy)) ? 1 : 0)).join(''),
      ).join('');
    expect(countPixels(apple.pixels, LABELS, bright)).toBeGreaterThan(30);
    expect(inLabels(apple.pixels)).not.toBe(inLabels(rocket.pixels));
  });

  it('cuts long labels so the bars keep most of the width', async () => {
    const { pixels } = await render([{ label: 'Ana '.repeat(60) + '👩🏽‍💻', usd: 5 }]);
    const barLeft = Math.min(...Array.from({ length: pixels.height }, (_, y) => firstX(pixels, y, near(BAR))));
    expect(barLeft).toBeLessThan(320);
  });

  it('says there was no spending when there are no bars, or only zeros', async () => {
    const empty = await render([]);
    expect(pngSize(empty.png)).toEqual({ width: 1000, height: 500 });
    expect(bands(empty.pixels, BAR)).toBe(0);
    expect(countPixels(empty.pixels, TITLE, bright)).toBeGreaterThan(300);
    const muted = near(hexRgb(CHART_COLORS.muted), 30);
    expect(countPixels(empty.pixels, { x0: 300, y0: 260, x1: 700, y1: 320 }, muted)).toBeGreaterThan(200);
    const zeros = await render([{ label: 'Ana', usd: 0 }]);
    expect(zeros.png.equals(empty.png)).toBe(true);
  });

  it(`draws at most ${MAX_BARS} bars: the largest, then one bar for the others`, async () => {
    const { png, pixels } = await render(members(40));
    expect(pngSize(png)).toEqual({ width: 1000, height: 680 });
    expect(bands(pixels, BAR)).toBe(MAX_BARS - 1);
    expect(bands(pixels, OTHERS)).toBe(1);
  });

  it('rejects amounts that are negative or not numbers', async () => {
    await expect(renderSpendChart({ title: 't', bars: [{ label: 'a', usd: -1 }] })).rejects.toThrow(RangeError);
    await expect(renderSpendChart({ title: 't', bars: [{ label: 'a', usd: Number.NaN }] })).rejects.toThrow(RangeError);
  });
});

describe('limitBars', () => {
  it('keeps every bar, in order, up to the limit', () => {
    const bars = members(MAX_BARS);
    expect(limitBars(bars).map((bar) => bar.label)).toEqual(bars.map((bar) => bar.label));
    expect(limitBars(bars).some((bar) => bar.others)).toBe(false);
  });

  it('past the limit keeps the largest in input order and sums the rest into "N others"', () => {
    const bars = [
      { label: 'a', usd: 1 },
      { label: 'b', usd: 5 },
      { label: 'c', usd: 0.1 },
      { label: 'd', usd: 3 },
      { label: 'e', usd: 0.2 },
    ];
    expect(limitBars(bars, 3)).toEqual([
      { label: 'b', usd: 5, others: false },
      { label: 'd', usd: 3, others: false },
      { label: '3 others', usd: 1.3, others: true },
    ]);
  });

  it('keeps the total and breaks ties by input order', () => {
    const bars = Array.from({ length: 40 }, (_, i) => ({ label: `m${i}`, usd: 0.1 }));
    const limited = limitBars(bars);
    expect(limited).toHaveLength(MAX_BARS);
    expect(limited.slice(0, MAX_BARS - 1).map((bar) => bar.label)).toEqual(bars.slice(0, MAX_BARS - 1).map((bar) => bar.label));
    expect(limited.at(-1)).toEqual({ label: '16 others', usd: 1.6, others: true });
  });
});

/** Leftmost x in row y whose pixel passes `test`, or Infinity. */
function firstX(pixels: Pixels, y: number, test: (rgba: [number, number, number, number]) => boolean): number {
  for (let x = 0; x < pixels.width; x++) if (test(pixels.at(x, y))) return x;
  return Number.POSITIVE_INFINITY;
}

/** Width in pixels of the n-th bar from the top (its longest row of bar colour). */
function barWidthInBand(pixels: Pixels, band: number): number {
  const isBar = near(BAR);
  let seen = -1;
  let inBand = false;
  let widest = 0;
  for (let y = 0; y < pixels.height; y++) {
    const width = countPixels(pixels, { x0: 0, y0: y, x1: pixels.width, y1: y + 1 }, isBar);
    const hit = width >= 20;
    if (hit && !inBand) seen++;
    inBand = hit;
    if (hit && seen === band) widest = Math.max(widest, width);
  }
  return widest;
}
