// Signature Version 4 as S3 checks it, for requests signed in the Authorization header and for presigned
// URLs (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html,
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { canonicalQuery, canonicalRequest, header, queryPairs } from './canonical.ts';
import type { RequestToVerify } from './canonical.ts';
import { errors } from './s3-errors.ts';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60_000;
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** What signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) are checked with: the request's key, date, scope and signature. */
export interface ChunkSigning {
  key: Buffer;
  amzDate: string;
  scope: string;
  seedSignature: string;
}

export interface Verified {
  auth: 'header' | 'presigned';
  /** x-amz-content-sha256 (header auth) or X-Amz-Content-Sha256 / UNSIGNED-PAYLOAD (presigned). */
  payload: string;
  signing: ChunkSigning;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** Verifies the request's signature with the configured keys; throws the S3Error S3 would answer with. */
export function verifySignature(req: RequestToVerify, keys: Keys, now: number): Verified {
  if (typeof req.headers.authorization === 'string') return verifyHeader(req, keys, now);
  if (queryPairs(req.rawQuery).some(([name]) => name === 'X-Amz-Signature')) return verifyPresigned(req, keys, now);
  throw errors.accessDenied();
}

function verifyHeader(req: RequestToVerify, keys: Keys, now: number): Verified {
  const match = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/.exec(String(req.headers.authorization));
  if (!match) throw errors.headerMalformed('expected AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…');
  const [, credential = '', signedHeaders = '', signature = ''] = match;
  const amzDate = header(req.headers, 'x-amz-date');
  if (!amzDate) throw errors.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  const scope = checkCredential(credential, amzDate, keys, errors.headerMalformed);
  const at = parseAmzDate(amzDate);
  if (at === undefined) throw errors.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  if (Math.abs(now - at) > MAX_SKEW_MS) {
    throw errors.requestTimeTooSkewed(amzDate, new Date(now));
  }
  const payload = header(req.headers, 'x-amz-content-sha256');
  if (!payload) throw errors.invalidRequest('Missing required header for this request: x-amz-content-sha256');
  const signed = signedHeaderNames(signedHeaders, req.headers);
  const canonical = canonicalRequest(req, signed, canonicalQuery(req.rawQuery), payload);
  return { auth: 'header', payload, signing: check(keys, amzDate, scope, canonical, signature) };
}

function verifyPresigned(req: RequestToVerify, keys: Keys, now: number): Verified {
  const params = new Map(queryPairs(req.rawQuery));
  const need = (name: string): string => {
    const value = params.get(name);
    if (!value) throw errors.queryMalformed(`Query-string authentication version 4 requires the ${name} parameter.`);
    return value;
  };
  if (need('X-Amz-Algorithm') !== ALGORITHM) throw errors.queryMalformed(`X-Amz-Algorithm only supports "${ALGORITHM}"`);
  const amzDate = need('X-Amz-Date');
  const scope = checkCredential(need('X-Amz-Credential'), amzDate, keys, errors.queryMalformed);
  const expires = Number(need('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) {
    throw errors.queryMalformed('X-Amz-Expires must be between 1 and 604800 seconds');
  }
  const at = parseAmzDate(amzDate);
  if (at === undefined) throw errors.queryMalformed("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  if (now > at + expires * 1000) {
    throw errors.accessDenied('Request has expired', {
      'X-Amz-Expires': String(expires),
      Expires: new Date(at + expires * 1000).toISOString(),
      ServerTime: new Date(now).toISOString(),
    });
  }
  const payload = params.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  const signed = signedHeaderNames(need('X-Amz-SignedHeaders'), req.headers);
  const query = canonicalQuery(req.rawQuery, 'X-Amz-Signature');
  const canonical = canonicalRequest(req, signed, query, payload);
  return { auth: 'presigned', payload, signing: check(keys, amzDate, scope, canonical, need('X-Amz-Signature')) };
}

/** Access key, then scope: <date of the request>/<configured region>/s3/aws4_request. Returns the scope. */
function checkCredential(credential: string, amzDate: string, keys: Keys, malformed: (message: string) => Error): string {
  const [accessKeyId = '', date, region, service, terminator, ...rest] = credential.split('/');
  if (accessKeyId !== keys.accessKeyId) throw errors.invalidAccessKeyId(accessKeyId);
  if (rest.length > 0 || service !== 's3' || terminator !== 'aws4_request' || date !== amzDate.slice(0, 8)) {
    throw malformed(`the credential scope ${credential.split('/').slice(1).join('/')} is not <date>/<region>/s3/aws4_request`);
  }
  if (region !== keys.region) throw malformed(`the region '${region ?? ''}' is wrong; expecting '${keys.region}'`);
  return `${date}/${region}/s3/aws4_request`;
}

/** Every x-amz-* header sent must be signed, and every signed header must have been sent. */
function signedHeaderNames(list: string, headers: IncomingHttpHeaders): string[] {
  const names = list.split(';');
  const missing = names.filter((n) => headers[n] === undefined);
  if (missing.length > 0 || !names.includes('host')) {
    throw errors.accessDenied('There were headers signed that were not present in the request', { SignedHeaders: list });
  }
  const unsigned = Object.keys(headers).filter((n) => n.startsWith('x-amz-') && !names.includes(n));
  if (unsigned.length > 0) {
    throw errors.accessDenied('There were headers present in the request which were not signed', { HeadersNotSigned: unsigned.join(', ') });
  }
  return names;
}

function check(keys: Keys, amzDate: string, scope: string, canonical: string, provided: string): ChunkSigning {
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
  const [date = '', region = ''] = scope.split('/');
  const key = signingKey(keys.secretAccessKey, date, region);
  const expected = hmac(key, stringToSign).toString('hex');
  if (!sameHex(expected, provided)) {
    throw errors.signatureDoesNotMatch({
      AWSAccessKeyId: keys.accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: provided,
      CanonicalRequest: canonical,
    });
  }
  return { key, amzDate, scope, seedSignature: expected };
}

export function signingKey(secret: string, date: string, region: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
}

export function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** 20130524T000000Z → epoch ms. */
function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}
