// PutObject, GetObject (with Range), HeadObject, DeleteObject, ListObjectsV2 and HeadBucket
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html and the pages next to it).
import type { BucketState, S3Request, S3Response } from './bucket.ts';
import { contentTypeOf, userMetadata } from './bucket.ts';
import { checkIntegrity, md5Hex } from './checksums.ts';
import { S3Error, errors } from './s3-errors.ts';
import type { StoredObject } from './types.ts';
import { document, text } from './xml.ts';

export function putObject(bucket: BucketState, req: S3Request): S3Response {
  const checksumCRC32 = checkIntegrity(req.data, req.stated);
  const object: StoredObject = {
    key: req.key,
    bytes: new Uint8Array(req.data),
    contentType: contentTypeOf(req.headers),
    etag: `"${md5Hex(req.data)}"`,
    lastModified: new Date(),
    metadata: userMetadata(req.headers),
    ...(checksumCRC32 ? { checksumCRC32 } : {}),
  };
  bucket.objects.set(req.key, object);
  return { status: 200, headers: { ETag: object.etag, ...(checksumCRC32 ? { 'x-amz-checksum-crc32': checksumCRC32 } : {}) } };
}

/** GET and HEAD: the object's headers; GET also its bytes, or the one byte range asked for (206). */
export function readObject(bucket: BucketState, req: S3Request): S3Response {
  const object = bucket.objects.get(req.key);
  if (!object) throw errors.noSuchKey(req.key);
  const size = object.bytes.byteLength;
  const range = typeof req.headers.range === 'string' ? byteRange(req.headers.range, size) : undefined;
  const headers: Record<string, string> = {
    ETag: object.etag,
    'Last-Modified': object.lastModified.toUTCString(),
    'Content-Type': object.contentType,
    'Accept-Ranges': 'bytes',
    ...Object.fromEntries(Object.entries(object.metadata).map(([name, value]) => [`x-amz-meta-${name}`, value])),
  };
  // S3 returns the stored checksum when asked (x-amz-checksum-mode: ENABLED) for a whole single-part object.
  if (object.checksumCRC32 && !range && req.headers['x-amz-checksum-mode'] === 'ENABLED') headers['x-amz-checksum-crc32'] = object.checksumCRC32;
  const bytes = Buffer.from(object.bytes.buffer, object.bytes.byteOffset, size);
  if (!range) return { status: 200, headers: { ...headers, 'Content-Length': String(size) }, ...(req.method === 'GET' ? { body: bytes } : {}) };
  const slice = bytes.subarray(range.start, range.end + 1);
  return {
    status: 206,
    headers: { ...headers, 'Content-Length': String(slice.length), 'Content-Range': `bytes ${range.start}-${range.end}/${size}` },
    ...(req.method === 'GET' ? { body: slice } : {}),
  };
}

/** bytes=a-b, bytes=a- or bytes=-n (one range; others are ignored as S3 ignores what it cannot parse). */
function byteRange(value: string, size: number): { start: number; end: number } | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end)
    throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', { RangeRequested: value, ActualObjectSize: String(size) });
  return { start, end };
}

export function deleteObject(bucket: BucketState, req: S3Request): S3Response {
  bucket.objects.delete(req.key);
  return { status: 204 };
}

/** ListObjectsV2 with prefix, max-keys, start-after and continuation tokens (no delimiter grouping). */
export function listObjects(bucket: BucketState, req: S3Request): S3Response {
  const prefix = req.query.get('prefix') ?? '';
  const maxKeys = Math.min(1000, Number(req.query.get('max-keys') ?? 1000));
  const token = req.query.get('continuation-token');
  const after = token !== undefined ? Buffer.from(token, 'base64url').toString('utf8') : (req.query.get('start-after') ?? '');
  const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  const page = keys.slice(0, maxKeys);
  const truncated = keys.length > page.length;
  const contents = page
    .map((key) => bucket.objects.get(key))
    .filter((o): o is StoredObject => o !== undefined)
    .map(
      (o) =>
        `<Contents>${text('Key', o.key)}${text('LastModified', o.lastModified.toISOString())}${text('ETag', o.etag)}` +
        `${text('Size', o.bytes.byteLength)}${text('StorageClass', 'STANDARD')}</Contents>`,
    )
    .join('');
  const last = page.at(-1);
  const inner =
    `${text('Name', bucket.name)}${text('Prefix', prefix)}${text('KeyCount', page.length)}${text('MaxKeys', maxKeys)}` +
    `${text('IsTruncated', truncated)}${contents}` +
    (token !== undefined ? text('ContinuationToken', token) : '') +
    (truncated && last !== undefined ? text('NextContinuationToken', Buffer.from(last).toString('base64url')) : '');
  return { status: 200, headers: { 'Content-Type': 'application/xml' }, body: document('ListBucketResult', inner) };
}
