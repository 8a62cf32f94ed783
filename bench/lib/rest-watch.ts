// Watches FakeDiscord's REST log as it is written (its push is wrapped): when the fake records a result
// message or an interaction callback, the waiter for it resolves with performance.now() at that moment.
// A result message names its task in its buttons' custom ids (`result:<action>:<task id>`,
// src/discord/result-buttons.ts); only answers below 300 count (a 429 is not a post).
import { performance } from 'node:perf_hooks';
import type { FakeDiscord, RestCall } from '../../test/support/discord/index.ts';

const RESULT_ID = /"custom_id":"result:[a-z]+:([0-9a-f-]{36})"/;
const CALLBACK_PATH = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

export interface Posted {
  at: number;
  /** 'interaction' (a follow-up through the token) or 'channel' (bot token). */
  via: 'interaction' | 'channel';
}

function keyOf(call: RestCall): { key: string; via: Posted['via'] } | undefined {
  if (call.method !== 'POST' || call.status >= 300) return undefined;
  const callback = CALLBACK_PATH.exec(call.path);
  if (callback?.[1]) return { key: `cb:${callback[1]}`, via: 'interaction' };
  const isWebhook = /^\/webhooks\/\d+\/[^/]+$/.test(call.path);
  if (!isWebhook && !/^\/channels\/\d+\/messages$/.test(call.path)) return undefined;
  const task = RESULT_ID.exec(JSON.stringify(call.body ?? null))?.[1];
  return task ? { key: `result:${task}`, via: isWebhook ? 'interaction' : 'channel' } : undefined;
}

/** "PATCH /webhooks/:app/:token/messages/@original 200": what the bot sent, by shape. */
export function shapeOf(call: RestCall): string {
  const path = call.path
    .replace(/\/webhooks\/\d+\/[^/]+/, '/webhooks/:app/:token')
    .replace(/\/interactions\/\d+\/[^/]+\//, '/interactions/:id/:token/')
    .replace(/\/\d{15,}/g, '/:id');
  return `${call.method} ${path} ${call.status}`;
}

export class RestWatch {
  readonly #waiters = new Map<string, (posted: Posted) => void>();
  readonly #seen = new Map<string, Posted>();
  #counts = new Map<string, number>();

  constructor(discord: FakeDiscord) {
    const calls = discord.restCalls; // the fake's live array
    const push = calls.push.bind(calls);
    calls.push = (...items: RestCall[]): number => {
      const at = performance.now();
      for (const call of items) this.#record(call, at);
      return push(...items);
    };
  }

  /** When the result of `taskId` was posted (resolves at once if it was), or undefined after timeoutMs. */
  result(taskId: string, timeoutMs: number): Promise<Posted | undefined> {
    return this.#wait(`result:${taskId}`, timeoutMs);
  }

  /** When interaction `id` was answered (its callback accepted). */
  callback(id: string, timeoutMs: number): Promise<Posted | undefined> {
    return this.#wait(`cb:${id}`, timeoutMs);
  }

  posted(taskId: string): Posted | undefined {
    return this.#seen.get(`result:${taskId}`);
  }

  /** REST calls by shape since the last call (then starts counting afresh). */
  takeCounts(): Map<string, number> {
    const counts = this.#counts;
    this.#counts = new Map();
    return counts;
  }

  #wait(key: string, timeoutMs: number): Promise<Posted | undefined> {
    const seen = this.#seen.get(key);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(key);
        resolve(undefined);
      }, timeoutMs);
      this.#waiters.set(key, (posted) => {
        clearTimeout(timer);
        resolve(posted);
      });
    });
  }

  #record(call: RestCall, at: number): void {
    const shape = shapeOf(call);
    this.#counts.set(shape, (this.#counts.get(shape) ?? 0) + 1);
    const found = keyOf(call);
    if (!found || this.#seen.has(found.key)) return;
    const posted = { at, via: found.via };
    this.#seen.set(found.key, posted);
    const waiter = this.#waiters.get(found.key);
    if (waiter) {
      this.#waiters.delete(found.key);
      waiter(posted);
    }
  }
}
