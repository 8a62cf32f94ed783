// The one bucket's state, and the request and response shapes its operations use.
import type { IncomingHttpHeaders } from 'node:http';
import type { S3Operation, StoredObject } from './types.ts';

export interface PendingUpload {
  key: string;
  contentType: string;
  metadata: Record<string, string>;
  /** x-amz-checksum-algorithm of CreateMultipartUpload (the SDK asks for CRC32). */
  checksumAlgorithm?: string;
  parts: Map<number, { bytes: Buffer; etag: string; checksumCRC32?: string }>;
}

export interface BucketState {
  name: string;
  /** http://127.0.0.1:PORT/{bucket} */
  url: string;
  objects: Map<string, StoredObject>;
  uploads: Map<string, PendingUpload>;
}

/** An authenticated request, body decoded (aws-chunked removed). */
export interface S3Request {
  method: string;
  key: string;
  /** Decoded query parameters. */
  query: Map<string, string>;
  headers: IncomingHttpHeaders;
  data: Buffer;
  /** Checksums stated for `data`: headers, aws-chunked trailers and presigned query parameters (lower-case names). */
  stated: Record<string, string | undefined>;
}

export interface S3Response {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** Which S3 API a path-style request calls (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html). */
export function operationOf(method: string, key: string, query: Map<string, string>): S3Operation {
  if (key === '') {
    if (method === 'HEAD') return 'HeadBucket';
    if (method === 'GET' && query.get('list-type') === '2') return 'ListObjectsV2';
    return 'Unsupported';
  }
  const uploadId = query.has('uploadId');
  switch (method) {
    case 'PUT':
      if (query.has('partNumber') && uploadId) return 'UploadPart';
      return query.size === 0 || [...query.keys()].every((k) => k === 'x-id' || k.startsWith('X-Amz-') || k.startsWith('x-amz-')) ? 'PutObject' : 'Unsupported';
    case 'POST':
      if (query.has('uploads')) return 'CreateMultipartUpload';
      return uploadId ? 'CompleteMultipartUpload' : 'Unsupported';
    case 'DELETE':
      return uploadId ? 'AbortMultipartUpload' : 'DeleteObject';
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    default:
      return 'Unsupported';
  }
}

/** x-amz-meta-* request headers, without the prefix. */
export function userMetadata(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => name.startsWith('x-amz-meta-'))
      .map(([name, value]) => [name.slice('x-amz-meta-'.length), Array.isArray(value) ? value.join(',') : String(value)]),
  );
}

export function contentTypeOf(headers: IncomingHttpHeaders): string {
  return headers['content-type'] ?? 'binary/octet-stream';
}
