import pino, { type Logger as PinoLogger } from 'pino';

/** Fields that may hold secrets anywhere in a log object; pino replaces them before writing. */
const REDACT = [
  'token', '*.token', 'webhookToken', '*.webhookToken', 'apiKey', '*.apiKey', 'authorization', '*.authorization',
  'headers.authorization', '*.headers.authorization', 'DISCORD_TOKEN', 'RUNWARE_API_KEY', '*.DISCORD_TOKEN', '*.RUNWARE_API_KEY',
];

/** Structured JSON logs on stdout (pino). */
export function createLogger(level: string, destination?: pino.DestinationStream): PinoLogger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'kling-video-bot' } }, destination);
}
