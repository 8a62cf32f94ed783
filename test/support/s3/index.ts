// Public entry point of the local S3-compatible test server (AWS S3, Cloudflare R2 or MinIO as the bot sees them).
// Usage:
//   const s3 = await FakeS3.start({ accessKeyId, secretAccessKey, region: 'auto', bucket: 'videos' });
//   const client = new S3Client({ endpoint: s3.url, forcePathStyle: true, region: 'auto', credentials: { accessKeyId, secretAccessKey } });
//   … PutObject / Upload (multipart) / HeadObject / GetObject / presigned PUT URLs …
//   s3.object('key')?.bytes; s3.requests (method, operation, key, auth, payload, status, error);
//   s3.setOutage(true) → every request answers 503 until setOutage(false).
//   await s3.close();
// Signatures (header or presigned), payload hashes, aws-chunked bodies and checksums are checked like S3 does.
export { FakeS3 } from './fake-s3.ts';
export type { OutageCode } from './fake-s3.ts';
export type { FakeS3Options, S3Operation, S3RequestRecord, StoredObject } from './types.ts';
