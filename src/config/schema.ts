import { z } from 'zod';
import { MODEL_KEYS } from '../domain/models.ts';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const snowflake = z.string().regex(/^\d{15,25}$/, 'must be a Discord id (digits)');

/** Every setting the bot reads. Names are public contract (README, .env.example). */
export const configSchema = z.object({
  DISCORD_TOKEN: z.string().min(1, 'is required'),
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: optionalString.pipe(snowflake.optional()),
  DISCORD_API_URL: z.url().default('https://discord.com/api'),
  RUNWARE_API_KEY: z.string().min(1, 'is required'),
  RUNWARE_API_URL: z.url().default('https://api.runware.ai/v1'),
  PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  STORE_URL: z.string().default('sqlite://./data/bot.sqlite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEFAULT_MODEL: z.enum(MODEL_KEYS).default('kling-3-standard'),
  TASK_TIMEOUT_MINUTES: z.coerce.number().positive().default(30),
  STATUS_REFRESH_SECONDS: z.coerce.number().min(1).default(10),
  POLL_INTERVAL_SECONDS: z.coerce.number().min(0.05).default(5),
  POLL_MAX_INTERVAL_SECONDS: z.coerce.number().min(0.05).default(30),
  SAFETY_POLL_SECONDS: z.coerce.number().min(0.05).default(300),
  PROVIDER_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  PROVIDER_RETRY_MIN_MS: z.coerce.number().int().min(1).default(1000),
  MAX_VARIANTS: z.coerce.number().int().min(1).max(4).default(4),
});

export type Config = z.infer<typeof configSchema>;

/** Names of settings whose values must never be printed. */
export const SECRET_SETTINGS = ['DISCORD_TOKEN', 'RUNWARE_API_KEY'] as const;
