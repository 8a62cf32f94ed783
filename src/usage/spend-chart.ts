import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, type ChartConfiguration, type ChartItem, type Plugin } from 'chart.js';
import { CHART_FONT_FAMILY, registerChartFonts } from './chart-fonts.ts';
import { cleanLabel, formatDollars, formatDollarTick, truncateToWidth } from './chart-text.ts';
import { limitBars, type DrawnBar, type SpendBar } from './spend-bars.ts';

export { limitBars, MAX_BARS, type DrawnBar, type SpendBar } from './spend-bars.ts';

/**
 * Spend per group (member, channel, model, provider or day) as a PNG bar chart for Discord.
 * Chart.js draws on a skia canvas in-process, without animation or resizing:
 * https://www.chartjs.org/docs/latest/getting-started/integration.html
 */

export interface SpendChartInput {
  title: string;
  subtitle?: string;
  /** Drawn top to bottom in this order (sort by spend or by date before calling). Amounts are finite and ≥ 0. */
  bars: readonly SpendBar[];
  /** Amounts are US dollars; no other currency yet. */
  currency?: 'USD';
}

export const CHART_WIDTH = 1000;
/** Height with up to 16 bars; each bar past that adds `ROW_HEIGHT`, so 25 bars make 680 px. */
export const CHART_MIN_HEIGHT = 500;
const ROW_HEIGHT = 20;
export const NO_SPENDING_TEXT = 'No spending in this period';

/** Opaque dark card: readable on Discord's dark and light themes alike. */
export const CHART_COLORS = {
  background: '#232428',
  text: '#f2f3f5',
  muted: '#b5bac1',
  grid: '#3f4147',
  bar: '#5865f2',
  others: '#80848e',
} as const;

const PAD = 24;
const MAX_LABEL_WIDTH = 260;

Chart.register(BarController, BarElement, CategoryScale, LinearScale);

/** Renders the chart; an empty list (or all zero) gives a chart that says "No spending in this period". */
export async function renderSpendChart(input: SpendChartInput): Promise<Buffer> {
  registerChartFonts();
  const bars = limitBars(input.bars);
  const empty = bars.every((bar) => bar.usd === 0);
  const height = empty ? CHART_MIN_HEIGHT : CHART_MIN_HEIGHT + Math.max(0, bars.length - 16) * ROW_HEIGHT;
  const canvas = createCanvas(CHART_WIDTH, height);
  const ctx = canvas.getContext('2d');
  const drawBackground = (): number => {
    ctx.fillStyle = CHART_COLORS.background;
    ctx.fillRect(0, 0, CHART_WIDTH, height);
    return drawHeader(ctx, input.title, input.subtitle);
  };
  if (empty) {
    const headerBottom = drawBackground();
    ctx.font = `20px ${CHART_FONT_FAMILY}`;
    ctx.fillStyle = CHART_COLORS.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(NO_SPENDING_TEXT, CHART_WIDTH / 2, (headerBottom + height) / 2);
    return canvas.encode('png');
  }
  // Chart.js clears the canvas when it starts and when destroyed: paint under it from a plugin, encode before destroy().
  const chart = drawBars(ctx, bars, headerHeight(input.subtitle), drawBackground);
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}

/** Where the plot may start: below the title, and below the subtitle when there is one. */
function headerHeight(subtitle: string | undefined): number {
  return cleanLabel(subtitle ?? '', '') === '' ? 56 : 80;
}

function drawHeader(ctx: SKRSContext2D, title: string, subtitle: string | undefined): number {
  const maxWidth = CHART_WIDTH - 2 * PAD;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = CHART_COLORS.text;
  ctx.font = `bold 22px ${CHART_FONT_FAMILY}`;
  ctx.fillText(
    truncateToWidth(cleanLabel(title, 'Spending'), maxWidth, (t) => ctx.measureText(t).width),
    PAD,
    38,
  );
  const line = cleanLabel(subtitle ?? '', '');
  if (line === '') return headerHeight(undefined);
  ctx.fillStyle = CHART_COLORS.muted;
  ctx.font = `15px ${CHART_FONT_FAMILY}`;
  ctx.fillText(
    truncateToWidth(line, maxWidth, (t) => ctx.measureText(t).width),
    PAD,
    64,
  );
  return headerHeight(line);
}

function drawBars(ctx: SKRSContext2D, bars: DrawnBar[], top: number, paintBackground: () => void): Chart<'bar', number[], string> {
  const labelSize = bars.length <= 12 ? 14 : bars.length <= 20 ? 13 : 12;
  ctx.font = `${labelSize}px ${CHART_FONT_FAMILY}`;
  const labels = bars.map((bar) => truncateToWidth(cleanLabel(bar.label), MAX_LABEL_WIDTH, (t) => ctx.measureText(t).width));
  const axisMax = Math.max(...bars.map((bar) => bar.usd));
  const config: ChartConfiguration<'bar', number[], string> = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          data: bars.map((bar) => bar.usd),
          backgroundColor: bars.map((bar) => (bar.others ? CHART_COLORS.others : CHART_COLORS.bar)),
          borderRadius: 3,
          categoryPercentage: 0.85,
          barPercentage: 0.9,
          maxBarThickness: 36,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      events: [],
      layout: { padding: { top, left: PAD, right: PAD, bottom: PAD / 2 } },
      scales: {
        x: {
          beginAtZero: true,
          grace: '15%',
          grid: { color: CHART_COLORS.grid },
          border: { color: CHART_COLORS.grid },
          ticks: { color: CHART_COLORS.muted, font: { family: CHART_FONT_FAMILY, size: 12 }, callback: (value) => formatDollarTick(Number(value), axisMax) },
        },
        y: {
          grid: { display: false },
          border: { color: CHART_COLORS.grid },
          ticks: { autoSkip: false, color: CHART_COLORS.text, font: { family: CHART_FONT_FAMILY, size: labelSize } },
        },
      },
    },
    plugins: [{ id: 'spendBackground', beforeDraw: () => paintBackground() }, valueLabels(labelSize)],
  };
  // Chart.js's types name DOM canvases; skia's context implements the same 2D API. With animation off it draws now.
  return new Chart(ctx as unknown as ChartItem, config);
}

/** Writes each bar's amount after its end, or inside it when it would run past the plot area. */
function valueLabels(size: number): Plugin<'bar'> {
  return {
    id: 'spendValueLabels',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      const values = chart.data.datasets[0]?.data ?? [];
      ctx.save();
      ctx.font = `${size}px ${CHART_FONT_FAMILY}`;
      ctx.textBaseline = 'middle';
      chart.getDatasetMeta(0).data.forEach((element, index) => {
        const text = formatDollars(Number(values[index]));
        const width = ctx.measureText(text).width;
        const outside = element.x + 6 + width <= chartArea.right;
        ctx.textAlign = outside ? 'left' : 'right';
        ctx.fillStyle = outside ? CHART_COLORS.text : '#ffffff';
        ctx.fillText(text, outside ? element.x + 6 : element.x - 6, element.y);
      });
      ctx.restore();
    },
  };
}
