// Multipart uploads, as @aws-sdk/lib-storage's Upload drives them for bodies over its part size: create,
// upload parts, complete (checked like S3: ascending, known ETags, parts of at least 5 MiB but the last), abort
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html).
import { createHash, randomBytes } from 'node:crypto';
import type { BucketState, PendingUpload, S3Request, S3Response } from './bucket.ts';
import { contentTypeOf, userMetadata } from './bucket.ts';
import { checkIntegrity, md5Hex } from './checksums.ts';
import { S3Error, errors } from './s3-errors.ts';
import { completedParts } from './xml.ts';
import { document, text } from './xml.ts';

const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

export function createUpload(bucket: BucketState, req: S3Request): S3Response {
  const uploadId = randomBytes(24).toString('base64url');
  const algorithm = req.headers['x-amz-checksum-algorithm'];
  bucket.uploads.set(uploadId, {
    key: req.key,
    contentType: contentTypeOf(req.headers),
    metadata: userMetadata(req.headers),
    ...(typeof algorithm === 'string' ? { checksumAlgorithm: algorithm.toUpperCase() } : {}),
    parts: new Map(),
  });
  const inner = `${text('Bucket', bucket.name)}${text('Key', req.key)}${text('UploadId', uploadId)}`;
  return {
    status: 200,
    headers: { 'Content-Type': 'application/xml', ...(typeof algorithm === 'string' ? { 'x-amz-checksum-algorithm': algorithm } : {}) },
    body: document('InitiateMultipartUploadResult', inner),
  };
}

export function uploadPart(bucket: BucketState, req: S3Request): S3Response {
  const upload = pending(bucket, req);
  const partNumber = Number(req.query.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw errors.invalidRequest(`Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`);
  }
  const wantsCrc32 = upload.checksumAlgorithm === 'CRC32' ? { 'x-amz-sdk-checksum-algorithm': 'CRC32' } : {};
  const checksumCRC32 = checkIntegrity(req.data, { ...wantsCrc32, ...req.stated });
  const etag = `"${md5Hex(req.data)}"`;
  upload.parts.set(partNumber, { bytes: req.data, etag, ...(checksumCRC32 ? { checksumCRC32 } : {}) });
  return { status: 200, headers: { ETag: etag, ...(checksumCRC32 ? { 'x-amz-checksum-crc32': checksumCRC32 } : {}) } };
}

export function completeUpload(bucket: BucketState, req: S3Request): S3Response {
  const uploadId = req.query.get('uploadId') ?? '';
  const upload = pending(bucket, req);
  const listed = completedParts(req.data.toString('utf8'));
  if (!listed) throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  const chosen = listed.map((entry, i) => {
    const previous = listed[i - 1];
    if (previous && previous.partNumber >= entry.partNumber) {
      throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', { UploadId: uploadId });
    }
    const part = upload.parts.get(entry.partNumber);
    const sameChecksum = entry.checksumCRC32 === undefined || entry.checksumCRC32 === part?.checksumCRC32;
    if (!part || part.etag.replaceAll('"', '') !== entry.etag.replaceAll('"', '') || !sameChecksum) {
      throw new S3Error(
        400,
        'InvalidPart',
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        { UploadId: uploadId, PartNumber: String(entry.partNumber), ETag: entry.etag },
      );
    }
    if (i < listed.length - 1 && part.bytes.length < MIN_PART_BYTES) {
      throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', {
        ProposedSize: String(part.bytes.length),
        MinSizeAllowed: String(MIN_PART_BYTES),
        PartNumber: String(entry.partNumber),
      });
    }
    return part;
  });
  // The multipart ETag: MD5 of the parts' binary MD5s, dash, number of parts.
  const md5s = Buffer.concat(chosen.map((p) => Buffer.from(p.etag.replaceAll('"', ''), 'hex')));
  const etag = `"${createHash('md5').update(md5s).digest('hex')}-${chosen.length}"`;
  const bytes = Buffer.concat(chosen.map((p) => p.bytes));
  bucket.objects.set(upload.key, {
    key: upload.key,
    bytes: new Uint8Array(bytes),
    contentType: upload.contentType,
    etag,
    lastModified: new Date(),
    metadata: upload.metadata,
    parts: chosen.length,
  });
  bucket.uploads.delete(uploadId);
  const location = `${bucket.url}/${upload.key.split('/').map(encodeURIComponent).join('/')}`;
  const inner = `${text('Location', location)}${text('Bucket', bucket.name)}${text('Key', upload.key)}${text('ETag', etag)}`;
  return { status: 200, headers: { 'Content-Type': 'application/xml' }, body: document('CompleteMultipartUploadResult', inner) };
}

export function abortUpload(bucket: BucketState, req: S3Request): S3Response {
  pending(bucket, req);
  bucket.uploads.delete(req.query.get('uploadId') ?? '');
  return { status: 204 };
}

function pending(bucket: BucketState, req: S3Request): PendingUpload {
  const uploadId = req.query.get('uploadId') ?? '';
  const upload = bucket.uploads.get(uploadId);
  if (!upload || upload.key !== req.key) throw errors.noSuchUpload(uploadId);
  return upload;
}
