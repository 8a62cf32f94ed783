import { DiscordAPIError } from 'discord.js';
import { Writable } from 'node:stream';
import { createLogger, type LogSettings } from '../../src/logging/logger.ts';

/** A logger writing into an array; `isTTY` makes the sink look like a terminal. */
export function capture(settings: string | LogSettings = 'info', isTTY?: boolean) {
  const lines: string[] = [];
  const sink = Object.assign(new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }), isTTY ? { isTTY } : {});
  return { log: createLogger(settings, sink), text: () => lines.join('') };
}

/** A made-up interaction token, shaped like the base64url text Discord hands out. */
export const TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OlNFQ1JFVA';
export const APP = '100000000000000001';
export const INTERACTION = '900000000000000009';

/** What discord.js throws when Discord refuses a follow-up, an edit or a callback. */
export function discordError(url = `https://discord.com/api/v10/webhooks/${APP}/${TOKEN}/messages/@original`): DiscordAPIError {
  return new DiscordAPIError({ code: 10015, message: 'Unknown Webhook' }, 10015, 404, 'PATCH', url, { body: { content: 'done' } });
}
