// Integrity checks S3 applies to uploaded data: Content-MD5 and the flexible checksums (x-amz-checksum-*)
// sent as headers, aws-chunked trailers or presigned query parameters
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { S3Error, errors } from './s3-errors.ts';

/** Base64 of the big-endian CRC32, as S3 writes x-amz-checksum-crc32. */
export function crc32Base64(data: Uint8Array): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out.toString('base64');
}

export function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

const FLEXIBLE: Record<string, { label: string; compute: (data: Uint8Array) => string }> = {
  'x-amz-checksum-crc32': { label: 'CRC32', compute: crc32Base64 },
  'x-amz-checksum-sha1': { label: 'SHA1', compute: (d) => createHash('sha1').update(d).digest('base64') },
  'x-amz-checksum-sha256': { label: 'SHA256', compute: (d) => createHash('sha256').update(d).digest('base64') },
};

/**
 * Checks every checksum the request states for `data` (CRC32C and CRC64NVME are accepted unchecked);
 * throws BadDigest on a mismatch. Returns the CRC32 S3 keeps: the stated one, or one computed when the
 * request asked for CRC32 (x-amz-sdk-checksum-algorithm / the upload's algorithm).
 */
export function checkIntegrity(data: Uint8Array, stated: Record<string, string | undefined>): string | undefined {
  const md5 = stated['content-md5'];
  if (md5 !== undefined && createHash('md5').update(data).digest('base64') !== md5) {
    throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
  for (const [name, { label, compute }] of Object.entries(FLEXIBLE)) {
    const value = stated[name];
    if (value !== undefined && compute(data) !== value) throw errors.badDigest(label);
  }
  const wantsCrc32 = stated['x-amz-sdk-checksum-algorithm']?.toUpperCase() === 'CRC32';
  return stated['x-amz-checksum-crc32'] ?? (wantsCrc32 ? crc32Base64(data) : undefined);
}
