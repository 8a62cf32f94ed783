import { createHmac, timingSafeEqual } from 'node:crypto';

/** Deliveries whose timestamp is further than this from our clock are refused (Standard Webhooks). */
const SIGNATURE_TOLERANCE_S = 300;

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The HMAC key of a Standard-Webhooks secret: base64 of the part after `whsec_`. */
function webhookKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/** `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` for one delivery. */
export function webhookSignature(secret: string, id: string, timestamp: string, rawBody: string): string {
  return `v1,${createHmac('sha256', webhookKey(secret)).update(`${id}.${timestamp}.${rawBody}`).digest('base64')}`;
}

/**
 * Checks a Standard-Webhooks signature (https://www.standardwebhooks.com, which Kling's callback protocol
 * follows): headers webhook-id, webhook-timestamp (s) and webhook-signature (space-separated
 * `v1,<base64>` entries). Returns why it fails, or undefined when valid.
 */
export function signatureProblem(secret: string, headers: Headers, rawBody: string, nowMs: number): string | undefined {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) return 'missing webhook-id, webhook-timestamp or webhook-signature header';
  if (!/^\d+$/.test(timestamp)) return 'webhook-timestamp is not a number of seconds';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_S) return 'webhook-timestamp is more than 5 minutes away';
  const expected = Buffer.from(webhookSignature(secret, id, timestamp, rawBody));
  for (const candidate of signatures.split(' ')) {
    const given = Buffer.from(candidate.trim());
    if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
  }
  return 'no webhook-signature entry matches';
}
