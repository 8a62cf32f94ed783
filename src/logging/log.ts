/** What the bot's code logs through: pino (src/logging/logger.ts) in the process, recorders in tests. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}
