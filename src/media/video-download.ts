import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** A provider's video, its response open and its body not yet read. */
export interface OpenVideo {
  /** Video type the provider states (video/mp4 when it states none, or something that is not a video type). */
  contentType: string;
  /** Bytes the body will have, when the provider says (Content-Length of an unencoded body). */
  length?: number;
  body: WebReadableStream<Uint8Array>;
}

/** Why a video could not be downloaded; `retryable` is false when asking again cannot help. */
export class VideoFetchError extends Error {
  readonly status?: number;
  readonly retryable: boolean;
  constructor(message: string, options: { status?: number; retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VideoFetchError';
    if (options.status !== undefined) this.status = options.status;
    this.retryable = options.retryable;
  }
}

/** Only web URLs are ever fetched (never file:, data: or anything else a provider might send). */
export function isFetchableUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol } = new URL(url);
  return protocol === 'http:' || protocol === 'https:';
}

/**
 * Starts downloading a video: resolves once the response headers are in. The size comes from the
 * GET's Content-Length, not from a HEAD first: providers' result links are often presigned for
 * GET only, so a HEAD is refused there (an S3 signature covers the method). `signal` aborts the
 * request and, later, the body.
 */
export async function openVideo(url: string, signal: AbortSignal): Promise<OpenVideo> {
  if (!isFetchableUrl(url)) throw new VideoFetchError('the video link is not an http(s) URL', { retryable: false });
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    throw new VideoFetchError(`the video could not be downloaded: ${describeError(error)}`, { retryable: true, cause: error });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    // 404 and 410: the provider no longer has it (imini answers 404 for expired tasks).
    const gone = response.status === 404 || response.status === 410;
    throw new VideoFetchError(`the provider answered HTTP ${response.status} for the video`, { status: response.status, retryable: !gone });
  }
  const stated = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  const encoding = response.headers.get('content-encoding');
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  return {
    contentType: stated?.startsWith('video/') ? stated : 'video/mp4',
    ...(Number.isSafeInteger(declared) && declared >= 0 && (!encoding || encoding === 'identity') ? { length: declared } : {}),
    body: response.body as WebReadableStream<Uint8Array>,
  };
}

export type ReadOutcome =
  /** The whole video, at most `limit` bytes. */
  | { fits: true; bytes: Buffer }
  /** Larger than `limit`: the whole video as a stream (what was read so far, then the rest). Destroy it if unused. */
  | { fits: false; stream: Readable };

/**
 * Reads a video while it stays within `limit` bytes. A stated length over the limit reads nothing;
 * otherwise reading stops as soon as the limit is passed, so at most `limit` bytes (plus one chunk)
 * are ever held here.
 */
export async function readUpTo(video: OpenVideo, limit: number): Promise<ReadOutcome> {
  if (video.length !== undefined && video.length > limit) return { fits: false, stream: Readable.fromWeb(video.body) };
  const reader = video.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { fits: true, bytes: Buffer.concat(chunks, total) };
    chunks.push(value);
    total += value.byteLength;
    if (total > limit) {
      const stream = Readable.from(readOn(chunks, reader), { objectMode: false });
      // Destroyed before it was read to the end (or even started): stop the download.
      stream.once('close', () => void reader.cancel().catch(() => undefined));
      return { fits: false, stream };
    }
  }
}

/** The chunks already read, then the rest of the body. */
async function* readOn(read: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<Uint8Array> {
  while (read.length > 0) yield read.shift() as Uint8Array;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** Stops a download that is no longer wanted, whatever state it is in. */
export function discard(outcome: ReadOutcome | OpenVideo | undefined): void {
  if (!outcome) return;
  if ('body' in outcome) void outcome.body.cancel().catch(() => undefined);
  else if (!outcome.fits) outcome.stream.destroy();
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
