// Observes FakeDiscord's REST call log as it is written: when the fake records a call, the
// matching waiter resolves with performance.now() at that moment. (The fake's own waitForRest
// re-scans the whole log on every call, which is O(calls × waiters) and would distort a bench.)
import { performance } from 'node:perf_hooks';
import type { FakeDiscord, RestCall } from '../test/support/discord/index.ts';

/** The bench names its video URLs …/bench/<taskId>.mp4 so a result message names its task. */
export const VIDEO_URL_PREFIX = 'https://vm.runware.ai/video/os/bench/';
const VIDEO_ID = /\/video\/os\/bench\/([0-9a-f-]{36})\.mp4/;
const RESULT_PATH = /^\/channels\/\d+\/messages$/;
const CALLBACK_PATH = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

/** Key for the calls a bench waits for: a result message (msg:<taskId>) or an interaction callback (cb:<id>). */
function keyOf(call: RestCall): string | undefined {
  if (call.method !== 'POST') return undefined;
  if (RESULT_PATH.test(call.path)) {
    const content = (call.body as { content?: unknown } | undefined)?.content;
    const match = typeof content === 'string' ? VIDEO_ID.exec(content) : null;
    return match?.[1] ? `msg:${match[1]}` : undefined;
  }
  const callback = CALLBACK_PATH.exec(call.path);
  return callback?.[1] ? `cb:${callback[1]}` : undefined;
}

/** "PATCH /channels/:id/messages/:id" — for counting what the bot sent per delivery. */
function shapeOf(call: RestCall): string {
  const path = call.path
    .replace(/\/\d{15,}/g, '/:id')
    .replace(/\/interactions\/:id\/[^/]+\//, '/interactions/:id/:token/')
    .replace(/\/webhooks\/:id\/[^/]+/, '/webhooks/:id/:token')
    .replace(/\/reactions\/[^/]+\//, '/reactions/:emoji/');
  return `${call.method} ${path} ${call.status}`;
}

export class RestWatch {
  readonly #waiters = new Map<string, (at: number) => void>();
  readonly #seen = new Map<string, number>();
  #counts = new Map<string, number>();

  constructor(discord: FakeDiscord) {
    const calls = discord.restCalls; // the fake's live array: hook its push
    const push = calls.push.bind(calls);
    calls.push = (...items: RestCall[]): number => {
      const at = performance.now();
      for (const call of items) this.#record(call, at);
      return push(...items);
    };
  }

  /** Resolves with the time the fake recorded the call, or NaN after timeoutMs. */
  wait(key: string, timeoutMs: number): Promise<number> {
    const seen = this.#seen.get(key);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(key);
        resolve(Number.NaN);
      }, timeoutMs);
      this.#waiters.set(key, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  /** REST calls by shape since the last reset (then starts a new count). */
  takeCounts(): Map<string, number> {
    const counts = this.#counts;
    this.#counts = new Map();
    return counts;
  }

  #record(call: RestCall, at: number): void {
    const shape = shapeOf(call);
    this.#counts.set(shape, (this.#counts.get(shape) ?? 0) + 1);
    const key = keyOf(call);
    if (!key || this.#seen.has(key)) return;
    this.#seen.set(key, at);
    const waiter = this.#waiters.get(key);
    if (waiter) {
      this.#waiters.delete(key);
      waiter(at);
    }
  }
}
