// Image input decoding for imageUpload.
import { isLoopbackUrl, OUTGOING_TIMEOUT_MS } from '../fake-http.ts';

export type LoadedImage = { bytes: Buffer; contentType: string; ext: string };

const DATA_URI = /^data:(image\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=\s]+)$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const EXT_BY_TYPE: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
};

/** Guesses the image type from magic bytes (PNG, JPEG, GIF, WEBP, BMP). */
function sniffType(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'image/png';
  if (bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'image/webp';
  }
  if (bytes.subarray(0, 2).toString('latin1') === 'BM') return 'image/bmp';
  return undefined;
}

function toImage(bytes: Buffer, declaredType?: string): LoadedImage | { error: string } {
  if (bytes.length === 0) return { error: 'image is empty' };
  const contentType = sniffType(bytes) ?? declaredType?.toLowerCase().split(';')[0]?.trim() ?? '';
  const ext = EXT_BY_TYPE[contentType];
  if (!ext) return { error: `unsupported image type "${contentType || 'unknown'}" (jpeg, png, webp, bmp or gif)` };
  return { bytes, contentType, ext };
}

async function fetchImage(url: string): Promise<LoadedImage | { error: string }> {
  if (!isLoopbackUrl(url)) return { error: `the fake Runware only fetches loopback URLs, got ${url}` };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(OUTGOING_TIMEOUT_MS) });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (!res.ok) return { error: `fetching ${url} returned HTTP ${String(res.status)}` };
    return toImage(bytes, res.headers.get('content-type') ?? undefined);
  } catch (err) {
    return { error: `fetching ${url} failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Resolves an imageUpload `image` value (URL, data URI or plain base64) to bytes, or explains why not. */
export async function loadImage(image: string): Promise<LoadedImage | { error: string }> {
  if (/^https?:\/\//i.test(image)) return fetchImage(image);
  const dataUri = DATA_URI.exec(image);
  if (dataUri) return toImage(Buffer.from(dataUri[2] ?? '', 'base64'), dataUri[1]);
  if (image.startsWith('data:')) return { error: 'data URI must be data:image/<type>;base64,<data>' };
  const compact = image.replace(/\s+/g, '');
  if (compact.length >= 8 && compact.length % 4 === 0 && BASE64.test(compact)) {
    return toImage(Buffer.from(compact, 'base64'));
  }
  return { error: 'image must be a URL, a data URI or a base64 string' };
}
