import type { Config } from '../config/schema.ts';

/** Where lasting copies of videos go: one bucket of an S3-compatible store, and where it is public. */
export interface StorageSettings {
  /** The S3 API's URL; undefined = AWS S3's own endpoint for `region`. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Public base URL of the bucket's objects (no trailing slash). */
  publicUrl: string;
  /** Path-style requests (https://host/bucket/key) instead of virtual-hosted ones (https://bucket.host/key). */
  forcePathStyle: boolean;
}

export type RehostPolicy = 'all' | 'oversize';

/** The bucket the settings describe, or undefined when storage is not configured (settings checked it is all or nothing). */
export function storageSettings(config: Config): StorageSettings | undefined {
  const { S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey, S3_PUBLIC_URL: publicUrl } = config;
  if (!bucket || !accessKeyId || !secretAccessKey || !publicUrl) return undefined;
  return {
    ...(endpoint ? { endpoint } : {}),
    region: config.S3_REGION ?? regionFor(endpoint),
    bucket,
    accessKeyId,
    secretAccessKey,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    forcePathStyle: needsPathStyle(endpoint),
  };
}

/**
 * The region to sign for when S3_REGION is empty:
 * - Cloudflare R2 uses `auto` ("an empty value and us-east-1 will alias to the auto region":
 *   https://developers.cloudflare.com/r2/api/s3/api/);
 * - AWS S3 (https://docs.aws.amazon.com/general/latest/gr/s3.html: s3.<region>.amazonaws.com, also
 *   s3-<region> and s3.dualstack.<region>) and Backblaze B2 (s3.<region>.backblazeb2.com) name it in the host;
 * - anything else (MinIO, whose default region is us-east-1) gets us-east-1.
 */
export function regionFor(endpoint: string | undefined): string {
  const host = endpoint && URL.canParse(endpoint) ? new URL(endpoint).hostname.toLowerCase() : '';
  if (host.endsWith('.r2.cloudflarestorage.com')) return 'auto';
  const named =
    /(?:^|\.)s3[.-](?:dualstack\.)?([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com$/.exec(host) ??
    /(?:^|\.)s3\.([a-z]+-[a-z]+-\d{3})\.backblazeb2\.com$/.exec(host);
  return named?.[1] ?? 'us-east-1';
}

/**
 * Virtual-hosted addressing only for AWS itself (its default; path-style is deprecated there:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html). Everything else gets
 * path-style, which MinIO needs unless it runs with MINIO_DOMAIN, and which R2 and B2 accept too.
 */
export function needsPathStyle(endpoint: string | undefined): boolean {
  if (!endpoint || !URL.canParse(endpoint)) return false;
  return !new URL(endpoint).hostname.toLowerCase().endsWith('.amazonaws.com');
}
