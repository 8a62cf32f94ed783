import Keyv from 'keyv';
import { resolve } from 'node:path';
import { SqliteMap } from './sqlite-map.ts';

/**
 * Opens the Keyv store named by STORE_URL:
 *   sqlite://./data/bot.sqlite  (default; a path relative to the working directory, or sqlite:///abs/path)
 *   memory://                   (tests; lost on exit)
 */
export function openKeyv(storeUrl: string): { keyv: Keyv; close: () => void } {
  if (storeUrl === 'memory://' || storeUrl === 'memory') {
    return { keyv: new Keyv({ namespace: 'bot' }), close: () => undefined };
  }
  const match = /^sqlite:\/\/(.+)$/.exec(storeUrl);
  if (!match?.[1]) {
    throw new Error(`STORE_URL must be sqlite://<path> or memory:// (got a ${storeUrl.split(':')[0]}: URL)`);
  }
  const map = new SqliteMap(resolve(match[1]));
  // SqliteMap writes JSON itself: Keyv's own serialization would encode every value twice.
  return { keyv: new Keyv({ store: map, namespace: 'bot', serialization: false }), close: () => map.close() };
}
