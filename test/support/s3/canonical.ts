// The canonical request of Signature Version 4 as S3 builds it: the path encoded once, sorted query
// parameters, the signed headers with trimmed values, and the payload hash
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html#canonical-request).
import type { IncomingHttpHeaders } from 'node:http';

export interface RequestToVerify {
  method: string;
  /** The path exactly as sent, still percent-encoded. */
  rawPath: string;
  /** The query string as sent, without "?". */
  rawQuery: string;
  headers: IncomingHttpHeaders;
}

export function canonicalRequest(req: RequestToVerify, signedHeaders: string[], query: string, payload: string): string {
  const headers = signedHeaders.map((name) => `${name}:${headerValue(req.headers[name])}\n`).join('');
  return [req.method, canonicalUri(req.rawPath), query, headers, signedHeaders.join(';'), payload].join('\n');
}

/** S3 signs the path encoded once, each segment with RFC 3986 unreserved characters left alone. */
function canonicalUri(rawPath: string): string {
  return (
    rawPath
      .split('/')
      .map((segment) => awsEncode(safeDecode(segment)))
      .join('/') || '/'
  );
}

export function canonicalQuery(rawQuery: string, exclude?: string): string {
  return queryPairs(rawQuery)
    .filter(([name]) => name !== exclude)
    .map(([name, value]) => [awsEncode(name), awsEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** Decoded name/value pairs of a raw query string ("uploads" alone has the value ""). */
export function queryPairs(rawQuery: string): Array<[string, string]> {
  return rawQuery
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const at = part.indexOf('=');
      return at < 0 ? [safeDecode(part), ''] : [safeDecode(part.slice(0, at)), safeDecode(part.slice(at + 1))];
    });
}

export function awsEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function headerValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ');
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
