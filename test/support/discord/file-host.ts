// Serves bytes at URLs on the fake server: attachment URLs for commands and files the bot uploaded.
import { nextSnowflake } from './snowflake.ts';
import { notFound } from './http-io.ts';
import type { Reply } from './http-io.ts';

interface HostedFile {
  bytes: Uint8Array;
  contentType: string;
  expired: boolean;
}

export const FILES_PREFIX = 'files';

export class FileHost {
  readonly #files = new Map<string, HostedFile>();
  readonly #baseUrl: string;

  constructor(baseUrl: string) {
    this.#baseUrl = baseUrl;
  }

  /** Stores the bytes and returns an absolute URL that serves them. */
  host(name: string, bytes: Uint8Array, contentType: string): string {
    const key = `${nextSnowflake()}/${name}`;
    this.#files.set(key, { bytes, contentType, expired: false });
    return `${this.#baseUrl}/${FILES_PREFIX}/${encodePath(key)}`;
  }

  /** From now on the URL answers 404 (as an expired Discord CDN link does). */
  expire(url: string): void {
    const file = this.#files.get(this.#keyOf(url));
    if (!file) throw new Error(`FakeDiscord.expireFile: ${url} is not hosted here`);
    file.expired = true;
  }

  /** Answers GET /files/{id}/{name}; segments are already percent-decoded. */
  serve(segments: string[]): Reply {
    const file = this.#files.get(segments.join('/'));
    if (!file || file.expired) return notFound();
    return { status: 200, body: file.bytes, contentType: file.contentType };
  }

  #keyOf(url: string): string {
    const path = new URL(url).pathname
      .split('/')
      .filter((s) => s.length > 0)
      .map((s) => decodeURIComponent(s));
    return path.slice(1).join('/');
  }
}

function encodePath(key: string): string {
  return key
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}
