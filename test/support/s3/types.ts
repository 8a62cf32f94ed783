// Public shapes of the FakeS3 test server (see ./index.ts).

export interface FakeS3Options {
  accessKeyId: string;
  secretAccessKey: string;
  /** The region requests must be signed for (default us-east-1; Cloudflare R2 uses "auto"). */
  region?: string;
  /** The one bucket this server holds (path-style: http://127.0.0.1:PORT/{bucket}/{key}). */
  bucket: string;
  /** The server's clock (default Date.now), for expiring presigned URLs without waiting. */
  now?: () => number;
}

export interface StoredObject {
  key: string;
  bytes: Uint8Array;
  /** As uploaded (Content-Type), or S3's default binary/octet-stream. */
  contentType: string;
  /** With its quotes, as S3 sends it: "md5hex", or "md5-of-md5s-N" for a multipart upload of N parts. */
  etag: string;
  lastModified: Date;
  /** x-amz-meta-* headers, without the prefix. */
  metadata: Record<string, string>;
  /** Base64 CRC32 of the whole object when the upload carried or asked for one (single-part uploads). */
  checksumCRC32?: string;
  /** Number of parts for a multipart upload. */
  parts?: number;
}

export type S3Operation =
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListObjectsV2'
  | 'HeadBucket'
  | 'Unsupported';

export interface S3RequestRecord {
  method: string;
  operation: S3Operation;
  bucket: string;
  /** Decoded object key ('' for bucket requests). */
  key: string;
  /** How it was signed: Authorization header, presigned query string, or not at all. */
  auth: 'header' | 'presigned' | 'anonymous';
  /** The payload hash mode: x-amz-content-sha256 (a hash, UNSIGNED-PAYLOAD, STREAMING-…) or X-Amz-Content-Sha256 of a presigned URL. */
  payload: string;
  /** Body bytes received (before aws-chunked decoding). */
  bytes: number;
  status: number;
  /** The S3 error code answered, if any. */
  error?: string;
  at: number;
}
