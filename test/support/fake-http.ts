// Small HTTP helpers shared by the fake provider servers: body reading, JSON replies, loopback-only outgoing POSTs.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';
import type { FakeVideo } from './fake-video.ts';
/** HTTP status of an outgoing POST (webhook/callback), or 'network-error'. */
export type DeliveryStatus = number | 'network-error';

export const OUTGOING_TIMEOUT_MS = 5_000;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON.parse that reports failure instead of throwing. */
export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendBytes(res: ServerResponse, contentType: string, bytes: Uint8Array): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.byteLength });
  res.end(bytes);
}

export function headerRecord(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** True for http(s) URLs whose host is a loopback address; the fake never talks to anything else. */
export function isLoopbackUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') return false;
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** POSTs JSON (webhook delivery). Non-loopback targets and network failures/timeouts give 'network-error'. */
export function postJson(url: string, body: unknown): Promise<DeliveryStatus> {
  return postCallback(url, JSON.stringify(body), {});
}

/** POSTs exact bytes as JSON with extra headers (signed callbacks). Same failure rules as postJson. */
export async function postCallback(url: string, rawBody: string, headers: Record<string, string>): Promise<DeliveryStatus> {
  if (!isLoopbackUrl(url)) return 'network-error';
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: rawBody,
      signal: AbortSignal.timeout(OUTGOING_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'network-error';
  }
}

/** Answers GET (or HEAD) with a fake video, streamed so a large one is never held in memory. */
export function sendVideo(req: IncomingMessage, res: ServerResponse, video: FakeVideo): void {
  res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': video.size });
  if (req.method === 'HEAD') return void res.end();
  pipeline(video.stream(), res).catch(() => undefined); // a client that hangs up early is its own business
}

/** Time allowed for a video PUT (larger than a JSON POST's: the body may be many MiB). */
const PUT_TIMEOUT_MS = 30_000;

/**
 * PUTs a fake video to a presigned upload URL (`content-type: video/mp4`), as a provider honouring
 * an upload endpoint would. Non-loopback targets and network failures/timeouts give 'network-error'.
 */
export function putVideo(url: string, video: FakeVideo): Promise<DeliveryStatus> {
  if (!isLoopbackUrl(url)) return Promise.resolve('network-error');
  return new Promise((resolve) => {
    const target = new URL(url);
    const req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
      method: 'PUT',
      headers: { 'content-type': 'video/mp4', 'content-length': video.size },
      timeout: PUT_TIMEOUT_MS,
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 'network-error'));
      res.on('error', () => resolve('network-error'));
    });
    req.on('timeout', () => req.destroy(new Error('PUT timed out')));
    req.on('error', () => resolve('network-error'));
    pipeline(video.stream(), req).catch(() => undefined); // the error reaches req's 'error' listener
  });
}
