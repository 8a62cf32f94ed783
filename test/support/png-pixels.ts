// Reads rendered PNGs back for assertions: header fields straight from the bytes, pixels through skia's decoder.
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PNG_SIGNATURE } from './images.ts';

/** Width and height from the IHDR chunk (https://www.w3.org/TR/png-3/#11IHDR); throws unless the bytes start like a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('ascii', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export interface Pixels {
  width: number;
  height: number;
  /** RGBA at (x, y). */
  at(x: number, y: number): [number, number, number, number];
}

export async function decodePng(png: Buffer): Promise<Pixels> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  return {
    width: image.width,
    height: image.height,
    at: (x, y) => {
      const i = (y * image.width + x) * 4;
      return [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0];
    },
  };
}

export type Rgb = [number, number, number];

export function hexRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Pixels in the region (right and bottom edges excluded) for which `test` holds. */
export function countPixels(pixels: Pixels, region: Region, test: (rgba: [number, number, number, number]) => boolean): number {
  let count = 0;
  for (let y = region.y0; y < Math.min(region.y1, pixels.height); y++) {
    for (let x = region.x0; x < Math.min(region.x1, pixels.width); x++) if (test(pixels.at(x, y))) count++;
  }
  return count;
}

/** Within `tolerance` of the colour on every channel (anti-aliased edges blend into the background). */
export function near(rgb: Rgb, tolerance = 4): (rgba: [number, number, number, number]) => boolean {
  return ([r, g, b]) => Math.abs(r - rgb[0]) <= tolerance && Math.abs(g - rgb[1]) <= tolerance && Math.abs(b - rgb[2]) <= tolerance;
}

/** Number of separate horizontal bands of rows that hold at least `minPerRow` pixels of the colour: bars stacked top to bottom. */
export function bands(pixels: Pixels, rgb: Rgb, minPerRow = 20): number {
  const matches = near(rgb);
  let count = 0;
  let inBand = false;
  for (let y = 0; y < pixels.height; y++) {
    const hit = countPixels(pixels, { x0: 0, y0: y, x1: pixels.width, y1: y + 1 }, matches) >= minPerRow;
    if (hit && !inBand) count++;
    inBand = hit;
  }
  return count;
}
