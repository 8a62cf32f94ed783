// Proves FakeS3 (test/support/s3) with the AWS SDK v3 the bot uses: PutObject (buffer and stream), multipart
// Upload, HeadObject, GetObject with ranges, listing, presigned URLs used with plain fetch, SigV4 refusals
// and outages. Also checks the signature code against AWS's published streaming example.
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { FakeS3 } from './support/s3/index.ts';

const KEYS = { accessKeyId: 'AKIDFAKES3TEST', secretAccessKey: 'fake-s3-secret-key' };
const BUCKET = 'videos';
const REGION = 'auto';
const MiB = 1024 * 1024;

let s3: FakeS3;
let clockOffsetMs = 0;

function client(overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({ endpoint: s3.url, forcePathStyle: true, region: REGION, credentials: KEYS, ...overrides });
}

/** Deterministic bytes (not all equal, so misplaced chunks show). */
function bytes(length: number, seed = 0): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) out[i] = (i * 31 + seed) % 251;
  return out;
}

/** The SDK error a call failed with. */
async function failure(call: Promise<unknown>): Promise<S3ServiceException> {
  const outcome: unknown = await call.then(
    () => 'succeeded',
    (error: unknown) => error,
  );
  if (!(outcome instanceof S3ServiceException)) throw new Error(`expected an S3ServiceException, got ${String(outcome)}`);
  return outcome;
}

beforeAll(async () => {
  s3 = await FakeS3.start({ ...KEYS, region: REGION, bucket: BUCKET, now: () => Date.now() + clockOffsetMs });
});

beforeEach(() => {
  clockOffsetMs = 0;
  s3.setOutage(false);
});

afterAll(async () => {
  await s3?.close();
});

describe('FakeS3 with the AWS SDK v3', () => {
  it('stores a PutObject of a buffer, answers HeadObject and GetObject with the same bytes', async () => {
    const sdk = client();
    const body = bytes(4096);
    const key = 'results/Täsk 1/video (final).mp4';
    const put = await sdk.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: 'video/mp4', Metadata: { task: 't-1' } }));
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const head = await sdk.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect({ length: head.ContentLength, type: head.ContentType, etag: head.ETag, metadata: head.Metadata }).toEqual({
      length: 4096,
      type: 'video/mp4',
      etag: put.ETag,
      metadata: { task: 't-1' },
    });
    const got = await sdk.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body);
    expect(Buffer.from(s3.object(key)?.bytes ?? [])).toEqual(body);
    expect(s3.requests.find((r) => r.operation === 'PutObject' && r.key === key)).toMatchObject({
      auth: 'header',
      payload: expect.stringMatching(/^[0-9a-f]{64}$/),
      status: 200,
    });
  });

  it('decodes the aws-chunked body the SDK streams, with its CRC32 trailer', async () => {
    const body = bytes(200_000, 7);
    await client().send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'stream.bin',
        Body: Readable.from([body.subarray(0, 70_000), body.subarray(70_000)]),
        ContentLength: body.length,
      }),
    );
    const record = s3.requests.find((r) => r.key === 'stream.bin');
    expect(record).toMatchObject({ payload: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', status: 200 });
    expect(record?.bytes).toBeGreaterThan(body.length);
    expect(Buffer.from(s3.object('stream.bin')?.bytes ?? [])).toEqual(body);
    expect(s3.object('stream.bin')?.checksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==$/);
  });

  it('takes a 12 MB stream through lib-storage Upload as a multipart upload, and serves byte ranges', async () => {
    const body = bytes(12 * MiB, 3);
    const stream = Readable.from(Array.from({ length: 12 }, (_, i) => body.subarray(i * MiB, (i + 1) * MiB)));
    const started = s3.requests.length;
    await new Upload({ client: client(), params: { Bucket: BUCKET, Key: 'big.mp4', Body: stream, ContentType: 'video/mp4' } }).done();
    const operations = s3.requests.slice(started).map((r) => r.operation);
    expect(operations[0]).toBe('CreateMultipartUpload');
    expect(operations.filter((o) => o === 'UploadPart')).toHaveLength(3);
    expect(operations.at(-1)).toBe('CompleteMultipartUpload');
    const stored = s3.object('big.mp4');
    expect({ parts: stored?.parts, etag: stored?.etag, type: stored?.contentType, pending: s3.pendingUploads }).toEqual({
      parts: 3,
      etag: expect.stringMatching(/^"[0-9a-f]{32}-3"$/),
      type: 'video/mp4',
      pending: 0,
    });
    expect(Buffer.from(stored?.bytes ?? []).equals(body)).toBe(true);

    const range = await client().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big.mp4', Range: 'bytes=5242870-5242889' }));
    expect(range.ContentRange).toBe(`bytes 5242870-5242889/${12 * MiB}`);
    expect(Buffer.from(await range.Body!.transformToByteArray())).toEqual(body.subarray(5242870, 5242890));
    expect((await failure(client().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big.mp4', Range: `bytes=${13 * MiB}-` })))).name).toBe('InvalidRange');
  });

  it('refuses a completion with a small middle part, and aborts uploads', async () => {
    const sdk = client();
    const { UploadId } = await sdk.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'parts.bin' }));
    const part = { Bucket: BUCKET, Key: 'parts.bin', UploadId };
    const one = await sdk.send(new UploadPartCommand({ ...part, PartNumber: 1, Body: bytes(1000) }));
    const two = await sdk.send(new UploadPartCommand({ ...part, PartNumber: 2, Body: bytes(1000) }));
    const complete = new CompleteMultipartUploadCommand({
      ...part,
      MultipartUpload: {
        Parts: [
          { PartNumber: 1, ETag: one.ETag },
          { PartNumber: 2, ETag: two.ETag },
        ],
      },
    });
    expect((await failure(sdk.send(complete))).name).toBe('EntityTooSmall');
    await sdk.send(new AbortMultipartUploadCommand(part));
    expect(s3.pendingUploads).toBe(0);
    expect((await failure(sdk.send(new UploadPartCommand({ ...part, PartNumber: 3, Body: bytes(10) })))).name).toBe('NoSuchUpload');
    expect(s3.object('parts.bin')).toBeUndefined();
  });

  it('lists, deletes and reports missing objects', async () => {
    const sdk = client();
    for (const key of ['list/a', 'list/b', 'list/c']) await sdk.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    const first = await sdk.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'list/', MaxKeys: 2 }));
    expect(first.Contents?.map((c) => c.Key)).toEqual(['list/a', 'list/b']);
    expect(first.IsTruncated).toBe(true);
    const rest = await sdk.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'list/', ContinuationToken: first.NextContinuationToken }));
    expect(rest.Contents?.map((c) => [c.Key, c.Size])).toEqual([['list/c', 6]]);
    await sdk.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'list/b' }));
    expect((await failure(sdk.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'list/b' })))).name).toBe('NotFound');
    expect((await failure(sdk.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'list/b' })))).name).toBe('NoSuchKey');
    expect((await failure(sdk.send(new PutObjectCommand({ Bucket: 'other', Key: 'x', Body: 'x' })))).name).toBe('NoSuchBucket');
  });
});

describe('FakeS3 presigned URLs and signatures', () => {
  it('accepts a presigned PUT from plain fetch, and a presigned GET', async () => {
    // Since @aws-sdk/client-s3 3.729 a default client signs the CRC32 of an empty body into presigned PUT
    // URLs; S3 then refuses real content with BadDigest. WHEN_REQUIRED leaves it out.
    const presigner = client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
    const url = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: BUCKET, Key: 'provider/out.mp4' }), { expiresIn: 600 });
    const body = bytes(50_000, 9);
    const put = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'video/mp4' } });
    expect(put.status).toBe(200);
    expect(Buffer.from(s3.object('provider/out.mp4')?.bytes ?? [])).toEqual(body);
    expect(s3.requests.at(-1)).toMatchObject({ operation: 'PutObject', auth: 'presigned', payload: 'UNSIGNED-PAYLOAD', status: 200 });

    const getUrl = await getSignedUrl(presigner, new GetObjectCommand({ Bucket: BUCKET, Key: 'provider/out.mp4' }), { expiresIn: 600 });
    const got = await fetch(getUrl);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(body);
  });

  it("refuses a default client's presigned PUT of real content (the empty-body CRC32 in the URL)", async () => {
    const url = await getSignedUrl(client(), new PutObjectCommand({ Bucket: BUCKET, Key: 'provider/crc.mp4' }), { expiresIn: 600 });
    expect(new URL(url).searchParams.get('x-amz-checksum-crc32')).toBe('AAAAAA==');
    const put = await fetch(url, { method: 'PUT', body: bytes(1000) });
    expect(put.status).toBe(400);
    expect(await put.text()).toContain('<Code>BadDigest</Code>');
    expect(s3.object('provider/crc.mp4')).toBeUndefined();
  });

  it('refuses a wrong secret, an unknown key id, a tampered URL and an expired URL', async () => {
    const put = (sdk: S3Client): Promise<unknown> => sdk.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'denied.bin', Body: 'x' }));
    const badSecret = await failure(put(client({ credentials: { ...KEYS, secretAccessKey: 'wrong' } })));
    expect({ name: badSecret.name, status: badSecret.$metadata.httpStatusCode }).toEqual({ name: 'SignatureDoesNotMatch', status: 403 });
    expect((await failure(put(client({ credentials: { ...KEYS, accessKeyId: 'AKIDUNKNOWN' } })))).name).toBe('InvalidAccessKeyId');
    expect((await failure(put(client({ region: 'eu-west-1' })))).name).toBe('AuthorizationHeaderMalformed');
    expect(s3.object('denied.bin')).toBeUndefined();

    const presigner = client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
    const url = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: BUCKET, Key: 'late.mp4' }), { expiresIn: 60 });
    const tampered = url.replace('late.mp4', 'other.mp4');
    expect(await (await fetch(tampered, { method: 'PUT', body: 'x' })).text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    clockOffsetMs = 61_000;
    const expired = await fetch(url, { method: 'PUT', body: 'x' });
    expect(expired.status).toBe(403);
    const xml = await expired.text();
    expect(xml).toContain('<Code>AccessDenied</Code>');
    expect(xml).toContain('Request has expired');
    expect(s3.object('late.mp4')).toBeUndefined();
    expect(s3.requests.filter((r) => r.key === 'late.mp4').map((r) => [r.auth, r.status, r.error])).toEqual([['presigned', 403, 'AccessDenied']]);
  });

  it('answers 503 during an outage: the SDK retries, then surfaces the error; afterwards it works', async () => {
    s3.setOutage(true);
    const before = s3.requests.length;
    const error = await failure(client().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'outage.bin', Body: 'x' })));
    expect({ name: error.name, status: error.$metadata.httpStatusCode, attempts: error.$metadata.attempts }).toEqual({
      name: 'ServiceUnavailable',
      status: 503,
      attempts: 3,
    });
    expect(s3.requests.slice(before).map((r) => r.status)).toEqual([503, 503, 503]);
    s3.setOutage(true, 'SlowDown');
    expect((await failure(client({ maxAttempts: 1 }).send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'big.mp4' })))).$metadata.httpStatusCode).toBe(503);
    expect((await failure(client({ maxAttempts: 1 }).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big.mp4' })))).name).toBe('SlowDown');
    s3.setOutage(false);
    await client().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'outage.bin', Body: 'x' }));
    expect(s3.object('outage.bin')?.bytes.byteLength).toBe(1);
  });
});

describe("FakeS3 SigV4 against AWS's published example", () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html: a 66560-byte object of "a" in
  // 64 KiB chunks, each signed, chained from the request's seed signature.
  const SEED = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
  const CHUNK_SIGNATURES = [
    'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ];

  function chunkedBody(signatures: string[]): Buffer {
    const [first = '', second = '', last = ''] = signatures;
    return Buffer.concat([
      Buffer.from(`10000;chunk-signature=${first}\r\n`),
      Buffer.alloc(65536, 'a'),
      Buffer.from(`\r\n400;chunk-signature=${second}\r\n`),
      Buffer.alloc(1024, 'a'),
      Buffer.from(`\r\n0;chunk-signature=${last}\r\n\r\n`),
    ]);
  }

  function send(server: FakeS3, body: Buffer): Promise<{ status: number; text: string }> {
    const { port } = new URL(server.url);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: '/examplebucket/chunkObject.txt',
          headers: {
            host: 's3.amazonaws.com',
            'x-amz-date': '20130524T000000Z',
            'x-amz-storage-class': 'REDUCED_REDUNDANCY',
            authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${SEED}`,
            'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
            'content-encoding': 'aws-chunked',
            'x-amz-decoded-content-length': '66560',
            'content-length': String(body.length),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('verifies the seed signature and every chunk signature, and refuses a tampered chunk', async () => {
    const aws = await FakeS3.start({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      region: 'us-east-1',
      bucket: 'examplebucket',
      now: () => Date.UTC(2013, 4, 24, 0, 1),
    });
    try {
      const body = chunkedBody(CHUNK_SIGNATURES);
      expect(body.length).toBe(66824); // the example's Content-Length
      expect((await send(aws, body)).status).toBe(200);
      expect(aws.object('chunkObject.txt')?.bytes).toEqual(new Uint8Array(Buffer.alloc(66560, 'a')));

      const wrongChunk = chunkedBody([CHUNK_SIGNATURES[0] ?? '', '0'.repeat(64), CHUNK_SIGNATURES[2] ?? '']);
      const refused = await send(aws, wrongChunk);
      expect({ status: refused.status, code: /<Code>(\w+)<\/Code>/.exec(refused.text)?.[1] }).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    } finally {
      await aws.close();
    }
  });
});
