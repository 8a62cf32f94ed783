// FakeS3: a local S3-compatible server (path-style, one bucket, objects in memory) over real HTTP that
// checks SigV4 like S3, decodes aws-chunked uploads, verifies checksums and can simulate an outage.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeAwsChunked } from './aws-chunked.ts';
import { operationOf } from './bucket.ts';
import type { BucketState, S3Request, S3Response } from './bucket.ts';
import { abortUpload, completeUpload, createUpload, uploadPart } from './multipart.ts';
import { deleteObject, listObjects, putObject, readObject } from './object-operations.ts';
import { S3Error, errors, hostId, requestId } from './s3-errors.ts';
import { header, queryPairs, safeDecode } from './canonical.ts';
import { sha256Hex, verifySignature } from './sigv4.ts';
import type { Keys, Verified } from './sigv4.ts';
import type { FakeS3Options, S3Operation, S3RequestRecord, StoredObject } from './types.ts';

export type OutageCode = 'ServiceUnavailable' | 'SlowDown';

const OUTAGE_MESSAGES: Record<OutageCode, string> = {
  ServiceUnavailable: 'Service is unable to handle request.',
  SlowDown: 'Please reduce your request rate.',
};

const OPERATIONS: Record<Exclude<S3Operation, 'Unsupported'>, (bucket: BucketState, req: S3Request) => S3Response> = {
  PutObject: putObject,
  GetObject: readObject,
  HeadObject: readObject,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createUpload,
  UploadPart: uploadPart,
  CompleteMultipartUpload: completeUpload,
  AbortMultipartUpload: abortUpload,
  ListObjectsV2: listObjects,
  HeadBucket: () => ({ status: 200 }),
};

export class FakeS3 {
  /** http://127.0.0.1:PORT — the SDK's `endpoint` (with forcePathStyle: true). */
  readonly url: string;
  /** Every request in arrival order, with how it was signed and what was answered. */
  readonly requests: S3RequestRecord[] = [];
  readonly #server: Server;
  readonly #keys: Keys;
  readonly #now: () => number;
  readonly #bucket: BucketState;
  #outage: OutageCode | undefined;

  static async start(options: FakeS3Options): Promise<FakeS3> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new FakeS3(server, options);
  }

  private constructor(server: Server, options: FakeS3Options) {
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.#keys = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, region: options.region ?? 'us-east-1' };
    this.#now = options.now ?? Date.now;
    this.#bucket = { name: options.bucket, url: `${this.url}/${options.bucket}`, objects: new Map(), uploads: new Map() };
    server.on('request', (req, res) => void this.#handle(req, res));
  }

  /** The stored objects, by key. */
  objects(): StoredObject[] {
    return [...this.#bucket.objects.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  object(key: string): StoredObject | undefined {
    return this.#bucket.objects.get(key);
  }

  /** Multipart uploads started and neither completed nor aborted. */
  get pendingUploads(): number {
    return this.#bucket.uploads.size;
  }

  /** While on, every request answers 503 with that S3 error code (the SDK retries, then throws it). */
  setOutage(on: boolean, code: OutageCode = 'ServiceUnavailable'): void {
    this.#outage = on ? code : undefined;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const [bucket = '', ...keyParts] = rawPath.slice(1).split('/');
    const method = req.method ?? 'GET';
    const query = new Map(queryPairs(rawQuery));
    const key = keyParts.map(safeDecode).join('/');
    const operation = operationOf(method, key, query);
    const presigned = query.has('X-Amz-Signature') && req.headers.authorization === undefined;
    const record: S3RequestRecord = {
      method,
      operation,
      bucket: safeDecode(bucket),
      key,
      auth: req.headers.authorization !== undefined ? 'header' : presigned ? 'presigned' : 'anonymous',
      payload: header(req.headers, 'x-amz-content-sha256') ?? query.get('X-Amz-Content-Sha256') ?? (presigned ? 'UNSIGNED-PAYLOAD' : ''),
      bytes: raw.length,
      status: 0,
      at: this.#now(),
    };
    let response: S3Response;
    try {
      response = this.#process(req, { rawPath, rawQuery, raw, query, key, operation, bucket: record.bucket });
    } catch (error) {
      if (!(error instanceof S3Error)) console.error('FakeS3: request handling failed', error);
      const failure = error instanceof S3Error ? error : new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
      record.error = failure.code;
      response = { status: failure.status, headers: { 'Content-Type': 'application/xml' }, body: failure.xml(requestId()) };
    }
    record.status = response.status;
    this.requests.push(record);
    const headers = { 'x-amz-request-id': requestId(), 'x-amz-id-2': hostId(), Server: 'AmazonS3', ...response.headers };
    if (method === 'HEAD' || response.body === undefined) {
      res.writeHead(response.status, method === 'HEAD' ? headers : { ...headers, 'Content-Length': '0' }).end();
    } else {
      res.writeHead(response.status, headers).end(response.body);
    }
  }

  #process(
    req: IncomingMessage,
    parsed: { rawPath: string; rawQuery: string; raw: Buffer; query: Map<string, string>; key: string; operation: S3Operation; bucket: string },
  ): S3Response {
    if (this.#outage) throw new S3Error(503, this.#outage, OUTAGE_MESSAGES[this.#outage]);
    const method = req.method ?? 'GET';
    const verified = verifySignature({ method, rawPath: parsed.rawPath, rawQuery: parsed.rawQuery, headers: req.headers }, this.#keys, this.#now());
    const { data, trailers } = payloadOf(req, parsed.raw, verified);
    if (parsed.bucket !== this.#bucket.name) throw errors.noSuchBucket(parsed.bucket);
    if (parsed.operation === 'Unsupported') throw errors.notImplemented();
    const lowerQuery = new Map([...parsed.query].map(([name, value]) => [name.toLowerCase(), value]));
    const stated = (name: string): string | undefined => header(req.headers, name) ?? trailers[name] ?? lowerQuery.get(name);
    const names = [
      'content-md5',
      'x-amz-checksum-crc32',
      'x-amz-checksum-crc32c',
      'x-amz-checksum-sha1',
      'x-amz-checksum-sha256',
      'x-amz-sdk-checksum-algorithm',
    ];
    const request: S3Request = {
      method,
      key: parsed.key,
      query: parsed.query,
      headers: req.headers,
      data,
      stated: Object.fromEntries(names.map((name) => [name, stated(name)])),
    };
    return OPERATIONS[parsed.operation](this.#bucket, request);
  }
}

/** The payload as signed: a checked SHA-256, unsigned, or aws-chunked (signed chunks checked). */
function payloadOf(req: IncomingMessage, raw: Buffer, verified: Verified): { data: Buffer; trailers: Record<string, string> } {
  const mode = verified.payload;
  if (mode === 'UNSIGNED-PAYLOAD') return { data: raw, trailers: {} };
  if (mode.startsWith('STREAMING-')) {
    const signed = mode === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' || mode === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
    if (!signed && mode !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') throw errors.notImplemented();
    const decoded = decodeAwsChunked(raw, signed ? verified.signing : undefined);
    const declared = header(req.headers, 'x-amz-decoded-content-length');
    if (declared !== undefined && Number(declared) !== decoded.data.length) {
      throw new S3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the x-amz-decoded-content-length header');
    }
    return decoded;
  }
  if (!/^[0-9a-f]{64}$/.test(mode))
    throw new S3Error(400, 'InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-… or a SHA256 hex value');
  if (sha256Hex(raw) !== mode) {
    throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
      ClientComputedContentSHA256: mode,
      S3ComputedContentSHA256: sha256Hex(raw),
    });
  }
  return { data: raw, trailers: {} };
}
