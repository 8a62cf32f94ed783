import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

/**
 * Fonts for the usage charts, shipped as npm packages so text renders on a machine without system fonts
 * (skia draws nothing for a family it cannot find). Registered under our own family names so a system
 * font of the same name can never stand in for them unnoticed.
 *
 * - DejaVu Sans (https://dejavu-fonts.github.io/): Latin, Greek, Cyrillic, Arabic, Hebrew, Armenian, Georgian and many symbols.
 * - Noto Emoji, fontsource's WOFF2 (https://fontsource.org/fonts/noto-emoji): emoji in member names, drawn in the text
 *   colour. Not Noto Color Emoji: its bitmaps cost ~450 ms to load and ~60 MB of RSS against ~15 ms and ~6 MB here.
 * CJK is not covered (a CJK font is 70+ MB); such glyphs fall back to a system font if there is one, else show as boxes.
 */
export const CHART_SANS = 'KlingChart Sans';
export const CHART_EMOJI = 'KlingChart Emoji';

/** Font family list for canvas and Chart.js: ours first, then whatever the system has for the rest (CJK). */
export const CHART_FONT_FAMILY = `"${CHART_SANS}", "${CHART_EMOJI}", sans-serif`;

const require = createRequire(import.meta.url);
let registered = false;

/** Registers the chart fonts once per process; throws if a font file is missing or unreadable. */
export function registerChartFonts(): void {
  if (registered) return;
  register(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), CHART_SANS);
  register(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'), CHART_SANS); // picked for `bold` text
  // The package's 'emoji' subset is the whole font; its numbered files are slices by Unicode range for browsers, and
  // skia would only ever use one of them per family name.
  register(require.resolve('@fontsource/noto-emoji/files/noto-emoji-emoji-400-normal.woff2'), CHART_EMOJI);
  registered = true;
}

function register(path: string, family: string): void {
  if (!GlobalFonts.registerFromPath(path, family)) throw new Error(`Could not load font ${path}`);
}
