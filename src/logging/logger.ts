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

/** Structured JSON logs on stdout (pino). */
export function createLogger(level: string, destination?: pino.DestinationStream): PinoLogger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'kling-video-bot' } }, destination);
}
