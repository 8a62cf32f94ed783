import { Readable, Transform, pipeline } from 'node:stream';
import { HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { StorageSettings } from './storage-settings.ts';

export interface ObjectStoreTimeouts {
  /** Longest a HEAD (and the connection of any request) may take. Default 30 s. */
  requestMs?: number;
  /** Longest a whole upload may take, every part included. Default 15 min. */
  uploadMs?: number;
}

export interface PutOptions {
  contentType: string;
  /** Bytes the stream will give, when known (the provider's Content-Length): a shorter stream then fails the upload. */
  contentLength?: number;
  signal?: AbortSignal;
}

/**
 * Multipart parts of 5 MiB (S3's smallest: https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html),
 * two in flight: an upload holds about 10 MiB of the video in memory at a time, whatever its size.
 */
const PART_BYTES = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/**
 * One bucket of an S3-compatible store, through the AWS SDK v3. Checksums are computed only where
 * an operation requires one (`WHEN_REQUIRED`): the SDK's default since 3.729 adds CRC32 headers
 * that R2, B2 and older MinIO refuse, and a presigned PUT signed with one fails every upload that
 * lacks it (BadDigest; see test/support/s3/index.ts).
 */
export class ObjectStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #publicUrl: string;
  readonly #requestMs: number;
  readonly #uploadMs: number;

  constructor(settings: StorageSettings, timeouts: ObjectStoreTimeouts = {}) {
    this.#requestMs = timeouts.requestMs ?? 30_000;
    this.#uploadMs = timeouts.uploadMs ?? 15 * 60_000;
    this.#bucket = settings.bucket;
    this.#publicUrl = settings.publicUrl.replace(/\/+$/, '');
    this.#client = new S3Client({
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Per HTTP request: connecting, and the whole exchange (a 5 MiB part included).
      requestHandler: { connectionTimeout: Math.min(this.#requestMs, 10_000), requestTimeout: this.#uploadMs, throwOnRequestTimeout: true },
    });
  }

  /**
   * Streams `body` into the object `key` (one PUT below 5 MiB, a multipart upload above, parts
   * aborted on failure). Rejects when the stream fails, the store refuses, or time runs out.
   */
  async put(key: string, body: Readable | Uint8Array, options: PutOptions): Promise<void> {
    const checked = options.contentLength !== undefined && !(body instanceof Uint8Array) ? exactly(body, options.contentLength) : body;
    const abort = new AbortController();
    const signal = AbortSignal.any([AbortSignal.timeout(this.#uploadMs), ...(options.signal ? [options.signal] : [])]);
    const stop = () => abort.abort(signal.reason);
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    try {
      const upload = new Upload({
        client: this.#client,
        params: {
          Bucket: this.#bucket,
          Key: key,
          Body: checked,
          ContentType: options.contentType,
          ...(options.contentLength !== undefined ? { ContentLength: options.contentLength } : {}),
        },
        partSize: PART_BYTES,
        queueSize: PARTS_IN_FLIGHT,
        leavePartsOnError: false,
        abortController: abort,
      });
      await upload.done();
    } catch (error) {
      if (checked !== body && checked instanceof Readable) checked.destroy();
      throw signal.aborted ? signal.reason : error;
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  /** The object's size in bytes, or undefined when there is no object under `key`. */
  async exists(key: string, options: { signal?: AbortSignal } = {}): Promise<number | undefined> {
    const abortSignal = AbortSignal.any([AbortSignal.timeout(this.#requestMs), ...(options.signal ? [options.signal] : [])]);
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }), { abortSignal });
      return head.ContentLength ?? 0;
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
      throw error;
    }
  }

  /**
   * A URL anyone may PUT the object's raw bytes to, until it expires (SigV4 allows at most 7 days).
   * With `contentType`, the upload must send exactly that Content-Type; without, any is accepted.
   */
  async presignPut(key: string, options: { contentType?: string; expiresInSeconds: number; signal?: AbortSignal }): Promise<string> {
    options.signal?.throwIfAborted();
    const expiresIn = Math.min(options.expiresInSeconds, 7 * 24 * 3600);
    if (!options.contentType) return getSignedUrl(this.#client, new PutObjectCommand({ Bucket: this.#bucket, Key: key }), { expiresIn });
    // The presigner signs only `host` unless told otherwise.
    const command = new PutObjectCommand({ Bucket: this.#bucket, Key: key, ContentType: options.contentType });
    return getSignedUrl(this.#client, command, { expiresIn, signableHeaders: new Set(['content-type']) });
  }

  /** Where the object is publicly readable: S3_PUBLIC_URL/<key>, each path segment URL-encoded. */
  publicUrl(key: string): string {
    return `${this.#publicUrl}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  /** Closes the client's idle connections. */
  close(): void {
    this.#client.destroy();
  }
}

/**
 * `body`, failing unless it gives exactly `length` bytes: multipart uploads check only the number
 * of parts, so a body cut short inside its last part would otherwise be stored truncated.
 */
function exactly(body: Readable, length: number): Readable {
  let seen = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.byteLength;
      done(seen > length ? new Error(`the body is longer than the ${String(length)} bytes stated`) : null, chunk);
    },
    flush(done) {
      done(seen === length ? null : new Error(`the body ended after ${String(seen)} of the ${String(length)} bytes stated`));
    },
  });
  pipeline(body, counted, () => undefined); // an error on either side destroys both; the upload sees it on `counted`
  return counted;
}
