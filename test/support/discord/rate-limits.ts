// Discord's rate limits, switchable (https://discord.com/developers/docs/topics/rate-limits): a global limit
// per bot token over every route except the interaction endpoints, and a per-channel limit on creating
// messages whose bucket headers let @discordjs/rest wait before it is refused. Counters are kept always.
import type { Reply } from './http-io.ts';
import type { RateLimitOptions, RateLimitStats } from './types.ts';

const GLOBAL_WINDOW_MS = 1000;
/** A bucket id for POST /channels/{id}/messages (Discord's are opaque hashes, the same for every channel). */
const MESSAGE_CREATE_BUCKET = 'a06de7de3f8c1e2bd4b4b6e0ac5fb5c1';
const DEFAULTS: Required<RateLimitOptions> = { globalPerSecond: 50, channelMessages: { limit: 5, windowMs: 5000 } };

interface Window {
  start: number;
  count: number;
}

export interface RateCheck {
  /** A 429 to answer instead of running the route. */
  reject?: Reply;
  /** Bucket headers for the route's answer. */
  headers?: Record<string, string>;
}

/** What tests and benchmarks use (FakeDiscord.rateLimits). */
export type RateLimitControls = Pick<RateLimiter, 'configure' | 'enabled' | 'stats' | 'resetStats'>;

export class RateLimiter {
  #limits: Required<RateLimitOptions> | undefined;
  readonly #global = new Map<string, Window>();
  readonly #channels = new Map<string, Window>();
  #stats: RateLimitStats = emptyStats();

  constructor(config: boolean | RateLimitOptions | undefined) {
    this.configure(config ?? false);
  }

  /** Turns the limits off (false), on with Discord's numbers (true), or on with other numbers; restarts every window. */
  configure(config: boolean | RateLimitOptions): void {
    const custom: RateLimitOptions | undefined = config === false ? undefined : config === true ? {} : config;
    this.#limits = custom && {
      globalPerSecond: custom.globalPerSecond ?? DEFAULTS.globalPerSecond,
      channelMessages: custom.channelMessages ?? DEFAULTS.channelMessages,
    };
    this.#global.clear();
    this.#channels.clear();
  }

  get enabled(): boolean {
    return this.#limits !== undefined;
  }

  stats(): RateLimitStats {
    return structuredClone(this.#stats);
  }

  resetStats(): void {
    this.#stats = emptyStats();
  }

  /** Counts an API request (path segments after /api/v10) and decides whether it is over a limit. */
  check(method: string, segments: string[], authorization: string | undefined, now = Date.now()): RateCheck {
    if (isInteractionEndpoint(segments)) {
      this.#stats.requests.interactionEndpoints += 1;
      return {};
    }
    this.#stats.requests.globalLimited += 1;
    const channelId = method === 'POST' && segments.length === 3 && segments[0] === 'channels' && segments[2] === 'messages' ? segments[1] : undefined;
    const channel = channelId === undefined ? undefined : (this.#stats.channels[channelId] ??= { messageCreates: 0, tooManyRequests: 0 });
    if (channel) channel.messageCreates += 1;
    const limits = this.#limits;
    if (!limits) return {};

    const global = windowOf(this.#global, authorization ?? 'unauthenticated', GLOBAL_WINDOW_MS, now);
    if (global.count >= limits.globalPerSecond) {
      this.#stats.tooManyRequests.global += 1;
      if (channel) channel.tooManyRequests += 1;
      const waitMs = global.start + GLOBAL_WINDOW_MS - now;
      return { reject: tooManyRequests(waitMs, true, { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' }) };
    }
    global.count += 1;
    if (channelId === undefined || !channel) return {};

    const { limit, windowMs } = limits.channelMessages;
    const bucket = windowOf(this.#channels, channelId, windowMs, now);
    const resetAt = bucket.start + windowMs;
    if (bucket.count >= limit) {
      this.#stats.tooManyRequests.perRoute += 1;
      channel.tooManyRequests += 1;
      return { reject: tooManyRequests(resetAt - now, false, { ...bucketHeaders(limit, 0, resetAt, now), 'X-RateLimit-Scope': 'user' }) };
    }
    bucket.count += 1;
    return { headers: bucketHeaders(limit, limit - bucket.count, resetAt, now) };
  }
}

/** POST /interactions/{id}/{token}/callback and everything under /webhooks/{app}/{token} are exempt from the global limit. */
export function isInteractionEndpoint(segments: string[]): boolean {
  if (segments[0] === 'interactions') return segments.length === 4 && segments[3] === 'callback';
  return segments[0] === 'webhooks' && segments.length >= 3;
}

/** A fixed window that starts with the first request after the previous one ended. */
function windowOf(windows: Map<string, Window>, key: string, lengthMs: number, now: number): Window {
  const current = windows.get(key);
  if (current && now < current.start + lengthMs) return current;
  const fresh = { start: now, count: 0 };
  windows.set(key, fresh);
  return fresh;
}

/** The headers @discordjs/rest's SequentialHandler reads to wait before a bucket runs out. */
function bucketHeaders(limit: number, remaining: number, resetAt: number, now: number): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': (resetAt / 1000).toFixed(3),
    'X-RateLimit-Reset-After': (Math.max(0, resetAt - now) / 1000).toFixed(3),
    'X-RateLimit-Bucket': MESSAGE_CREATE_BUCKET,
  };
}

/** Discord's 429: `retry_after` in seconds (float) in the body, `Retry-After` rounded up to whole seconds. */
function tooManyRequests(waitMs: number, global: boolean, headers: Record<string, string>): Reply {
  const seconds = Math.max(1, Math.ceil(waitMs)) / 1000;
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: seconds, global },
    headers: { ...headers, 'Retry-After': String(Math.ceil(seconds)) },
  };
}

function emptyStats(): RateLimitStats {
  return { requests: { globalLimited: 0, interactionEndpoints: 0 }, tooManyRequests: { global: 0, perRoute: 0 }, channels: {} };
}
