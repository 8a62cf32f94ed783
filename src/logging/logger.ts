import pino, { type Logger as PinoLogger } from 'pino';
import { isColorSupported, prettyFactory } from 'pino-pretty';
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

export type LogFormat = 'auto' | 'json' | 'pretty';

/** The settings the logger reads (src/config/schema.ts); a bare level means LOG_FORMAT=auto. */
export interface LogSettings {
  LOG_LEVEL: string;
  LOG_FORMAT?: LogFormat;
}

/**
 * Logs on stdout (or `destination`): JSON lines, or with `pretty` (and with `auto` when the
 * output is a terminal) the same entries as human-readable lines by pino-pretty.
 *
 * Every line passes through `redactText` after pino has serialized it, so no field, error
 * property, nested cause, child binding or message can carry a token out, whichever call site
 * logs it; the pretty lines are made from the redacted JSON. Writes are synchronous
 * (https://github.com/pinojs/pino/blob/main/docs/asynchronous.md), so a process that exits right
 * after logging an error still prints it; pino-pretty is used through its `prettyFactory`, not
 * as a transport or stream, whose worker thread or piped stream would write later.
 */
export function createLogger(settings: string | LogSettings, destination?: pino.DestinationStream): PinoLogger {
  const { LOG_LEVEL: level, LOG_FORMAT: format = 'auto' } = typeof settings === 'string' ? { LOG_LEVEL: settings } : settings;
  const target = destination ?? pino.destination({ dest: 1, sync: true });
  const pretty = format === 'pretty' || (format === 'auto' && isTerminal(destination ?? process.stdout));
  const render = pretty ? prettyFactory({ colorize: destination ? false : isColorSupported, translateTime: 'SYS:standard' }) : (line: string) => line;
  const output = { write: (line: string) => target.write(render(redactText(line))) };
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'kling-video-bot' } }, output);
}

function isTerminal(stream: object): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}
