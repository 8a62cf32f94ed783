// Reading requests (JSON or multipart with payload_json + files[n]) and writing Discord-style replies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UploadedFile } from './types.ts';

export interface ParsedRequest {
  method: string;
  /** Path segments after the route prefix, each percent-decoded. */
  segments: string[];
  query: Record<string, string>;
  authorization: string | undefined;
  /** The JSON body, or payload_json for multipart requests; undefined when there was no body. */
  body: unknown;
  files: UploadedFile[];
}

export interface Reply {
  status: number;
  /** JSON-serialised unless it is a Uint8Array (then sent as-is with contentType). */
  body?: unknown;
  contentType?: string;
  /** Extra response headers (rate-limit headers). */
  headers?: Record<string, string>;
}

export class BadRequestBody extends Error {}

export function json(status: number, body: unknown): Reply {
  return { status, body };
}

export function noContent(): Reply {
  return { status: 204 };
}

export function apiError(status: number, message: string, code: number): Reply {
  return { status, body: { message, code } };
}

export function notFound(): Reply {
  return apiError(404, '404: Not Found', 0);
}

export function splitUrl(rawUrl: string): { segments: string[]; query: Record<string, string> } {
  const url = new URL(rawUrl, 'http://fake.invalid');
  const segments = url.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => safeDecode(s));
  return { segments, query: Object.fromEntries(url.searchParams) };
}

export async function readBody(req: IncomingMessage): Promise<{ body: unknown; files: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const contentType = req.headers['content-type'] ?? '';
  if (bytes.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('multipart/form-data')) return readMultipart(bytes, contentType);
  if (contentType.startsWith('application/json')) return { body: parseJson(bytes.toString('utf8')), files: [] };
  return { body: bytes.toString('utf8'), files: [] };
}

async function readMultipart(bytes: Buffer, contentType: string): Promise<{ body: unknown; files: UploadedFile[] }> {
  const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  let body: unknown;
  const indexed: Array<{ index: number; file: UploadedFile }> = [];
  for (const [name, value] of form.entries()) {
    if (name === 'payload_json' && typeof value === 'string') {
      body = parseJson(value);
      continue;
    }
    const match = /^files\[(\d+)\]$/.exec(name) ?? /^file(\d*)$/.exec(name);
    if (match && typeof value !== 'string') {
      const file: UploadedFile = {
        name: value.name,
        contentType: value.type || 'application/octet-stream',
        bytes: new Uint8Array(await value.arrayBuffer()),
      };
      indexed.push({ index: Number(match[1] || 0), file });
    }
  }
  indexed.sort((a, b) => a.index - b.index);
  return { body, files: indexed.map((f) => f.file) };
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  const headers = reply.headers ?? {};
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
  } else if (reply.body instanceof Uint8Array) {
    res.writeHead(reply.status, { ...headers, 'content-type': reply.contentType ?? 'application/octet-stream' }).end(reply.body);
  } else {
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestBody('The request body contains invalid JSON.');
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
