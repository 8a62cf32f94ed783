// Storage settings: all or nothing (every missing name reported), the secret never echoed, and the
// region and addressing an endpoint gets when S3_REGION is empty.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.ts';
import { needsPathStyle, regionFor, storageSettings } from '../../src/media/storage-settings.ts';

const BASE = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678', RUNWARE_API_KEY: 'k' };
const R2 = {
  S3_ENDPOINT: 'https://0123456789abcdef.r2.cloudflarestorage.com',
  S3_BUCKET: 'kling-videos',
  S3_ACCESS_KEY_ID: 'r2-access-key-id',
  S3_SECRET_ACCESS_KEY: 'r2-secret-access-key-hunter2',
  S3_PUBLIC_URL: 'https://videos.example.com/',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('storage settings', () => {
  it('leave storage off when none is set, with REHOST=oversize', () => {
    const config = loadConfig(BASE);
    expect(config.REHOST).toBe('oversize');
    expect(storageSettings(config)).toBeUndefined();
  });

  it('describe the bucket when all are set: R2 signs for auto, path-style, public URL without its trailing slash', () => {
    const config = loadConfig({ ...BASE, ...R2, REHOST: 'all' });
    expect(config.REHOST).toBe('all');
    expect(storageSettings(config)).toEqual({
      endpoint: R2.S3_ENDPOINT,
      region: 'auto',
      bucket: 'kling-videos',
      accessKeyId: 'r2-access-key-id',
      secretAccessKey: R2.S3_SECRET_ACCESS_KEY,
      publicUrl: 'https://videos.example.com',
      forcePathStyle: true,
    });
    expect(storageSettings(loadConfig({ ...BASE, ...R2, S3_REGION: 'wnam' }))?.region).toBe('wnam');
  });

  it('refuse a partial configuration, naming every missing setting and never the secret', () => {
    const found = problems({ S3_ENDPOINT: R2.S3_ENDPOINT, S3_SECRET_ACCESS_KEY: R2.S3_SECRET_ACCESS_KEY });
    expect(found).toEqual([
      'S3_BUCKET, S3_ACCESS_KEY_ID, S3_PUBLIC_URL are required for storage (S3_SECRET_ACCESS_KEY, S3_ENDPOINT are set): ' +
        'set all of S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PUBLIC_URL, or none',
    ]);
    expect(found.join('\n')).not.toContain('hunter2');
    expect(problems({ ...R2, S3_PUBLIC_URL: '' })).toEqual([
      'S3_PUBLIC_URL is required for storage (S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_ENDPOINT are set): ' +
        'set all of S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PUBLIC_URL, or none',
    ]);
    expect(problems({ REHOST: 'all' })).toEqual([
      'S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PUBLIC_URL are required for storage (REHOST=all asks for copies): ' +
        'set all of S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PUBLIC_URL, or none',
    ]);
  });

  it('refuse URLs that are not http(s), and a REHOST that is neither value', () => {
    expect(problems({ ...R2, S3_ENDPOINT: 'r2.example', S3_PUBLIC_URL: 'ftp://videos.example.com', REHOST: 'some' })).toEqual([
      'S3_ENDPOINT must be the URL of an S3-compatible API, like https://<account>.r2.cloudflarestorage.com or http://minio:9000 (empty = AWS S3)',
      "S3_PUBLIC_URL must be the public base URL the bucket's objects are readable at, like https://videos.example.com",
      'REHOST must be one of: all, oversize (all: copy every video to the bucket; oversize: only those too large to attach) (it is "some")',
    ]);
  });

  it('pick the region an endpoint signs for when S3_REGION is empty', () => {
    expect(regionFor('https://abc.r2.cloudflarestorage.com')).toBe('auto');
    expect(regionFor('https://abc.eu.r2.cloudflarestorage.com')).toBe('auto');
    expect(regionFor('https://s3.eu-west-1.amazonaws.com')).toBe('eu-west-1');
    expect(regionFor('https://s3.dualstack.ap-southeast-2.amazonaws.com')).toBe('ap-southeast-2');
    expect(regionFor('https://s3-us-gov-west-1.amazonaws.com')).toBe('us-gov-west-1');
    expect(regionFor('https://s3.us-west-004.backblazeb2.com')).toBe('us-west-004');
    expect(regionFor('http://minio:9000')).toBe('us-east-1');
    expect(regionFor(undefined)).toBe('us-east-1');
  });

  it('address buckets path-style except on AWS itself', () => {
    expect(needsPathStyle('http://minio:9000')).toBe(true);
    expect(needsPathStyle('https://abc.r2.cloudflarestorage.com')).toBe(true);
    expect(needsPathStyle('https://s3.us-west-004.backblazeb2.com')).toBe(true);
    expect(needsPathStyle('https://s3.eu-west-1.amazonaws.com')).toBe(false);
    expect(needsPathStyle(undefined)).toBe(false);
  });
});
