import pino, { type Logger as PinoLogger } from 'pino';
import { SECRET_SETTINGS } from '../config/schema.ts';

/** Fields that may hold secrets anywhere in a log object; pino replaces them before writing. */
const REDACT = [
  'token',
  '*.token',
  'webhookToken',
  '*.webhookToken',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'secret',
  '*.secret',
  ...SECRET_SETTINGS,
  ...SECRET_SETTINGS.map((name) => `*.${name}`),
];

/**
 * Secrets inside text, wherever it is logged (a message, an error's message, stack or url, a
 * cause, any string field):
 * - the token of an interaction or webhook in a Discord API path, `/webhooks/<id>/<token>…` and
 *   `/interactions/<id>/<token>/callback`, which lets anyone post as the bot
 *   (https://discord.com/developers/docs/interactions/receiving-and-responding#endpoints,
 *   https://discord.com/developers/docs/resources/webhook#execute-webhook);
 * - `token=` query values, like the per-task secret in the bot's own callback URLs
 *   (`PUBLIC_URL/webhooks/<provider>/<task id>?token=<secret>`, README "Running it for real").
 * A token is everything up to the next `/`, `?`, `#`, quote, backslash or space.
 */
const TOKEN_IN_PATH = /(\/(?:webhooks|interactions)\/\d+\/)[^/?#\s"'\\]+/g;
const TOKEN_IN_QUERY = /([?&][\w.-]*token=)[^&#\s"'\\]+/gi;

export function redactText(text: string): string {
  return text.replace(TOKEN_IN_PATH, '$1[redacted]').replace(TOKEN_IN_QUERY, '$1[redacted]');
}

/**
 * Structured JSON logs on stdout (pino). Every line passes through `redactText` after pino has
 * serialized it, so no field, error property, nested cause, child binding or message can carry a
 * token out, whichever call site logs it.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): PinoLogger {
  const target = destination ?? pino.destination(1);
  const output = { write: (line: string) => target.write(redactText(line)) };
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'kling-video-bot' } }, output);
}
