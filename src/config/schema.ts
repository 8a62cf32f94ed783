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
  RUNWARE_API_KEY: optionalString,
  RUNWARE_API_URL: z.url().default('https://api.runware.ai/v1'),
  KLING_API_URL: z.url().default('https://api-singapore.klingai.com'),
  KLING_ACCESS_KEY: optionalString,
  KLING_SECRET_KEY: optionalString,
  KLING_API_KEY: optionalString,
  KLING_WEBHOOK_SECRET: optionalString,
  /** USD value of one Kling billing unit (providers.md §4: 1 unit ≈ $0.14 list). */
  KLING_UNIT_PRICE_USD: z.coerce.number().positive().default(0.14),
  IMINI_API_URL: z.url().default('https://openapi.imini.ai/imini/router'),
  IMINI_API_KEY: optionalString,
  /** imini returns no cost: `model=usd_per_s[/usd_per_s_with_audio],…` (estimates). */
  IMINI_PRICES: z.string().default('kling-3-omni-standard=0.084/0.112,kling-3-omni-pro=0.112/0.14,kling-3-standard=0.084/0.126,kling-3-pro=0.112/0.168'),
  DEFAULT_PROVIDER: z.enum(['runware', 'kling', 'imini']).optional(),
  FAILOVER: z.stringbool().default(true),
  PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  STORE_URL: z.string().default('sqlite://./data/bot.sqlite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEFAULT_MODEL: z.enum(MODEL_KEYS).default('kling-3-standard'),
  TASK_TIMEOUT_MINUTES: z.coerce.number().positive().default(30),
  POLL_INTERVAL_SECONDS: z.coerce.number().min(0.05).default(5),
  POLL_MAX_INTERVAL_SECONDS: z.coerce.number().min(0.05).default(30),
  SAFETY_POLL_SECONDS: z.coerce.number().min(0.05).default(300),
  PROVIDER_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  PROVIDER_RETRY_MIN_MS: z.coerce.number().int().min(1).default(1000),
  MAX_VARIANTS: z.coerce.number().int().min(1).max(4).default(4),
  /** Finished tasks (and images no task used since) are deleted after this many days; spend records are kept. */
  RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  /** How long a process's claim on a task's work lasts before another process may take it over. */
  WORK_LEASE_SECONDS: z.coerce.number().min(1).max(600).default(60),
  /** Post http:// video links too (a local test setup); real providers serve https. */
  ALLOW_HTTP_MEDIA_URLS: z.stringbool().default(false),
});

export type Config = z.infer<typeof configSchema>;

/**
 * Rules across settings, checked on the raw values so they are reported together with every
 * other problem (zod skips refinements once a field fails).
 */
export function crossSettingProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const kling = Boolean(env.KLING_API_KEY || (env.KLING_ACCESS_KEY && env.KLING_SECRET_KEY));
  if (!env.RUNWARE_API_KEY && !kling && !env.IMINI_API_KEY) {
    problems.push('RUNWARE_API_KEY is required (or KLING_API_KEY, KLING_ACCESS_KEY + KLING_SECRET_KEY, or IMINI_API_KEY): configure at least one provider');
  }
  if (!env.KLING_API_KEY && Boolean(env.KLING_ACCESS_KEY) !== Boolean(env.KLING_SECRET_KEY)) {
    problems.push(`${env.KLING_ACCESS_KEY ? 'KLING_SECRET_KEY' : 'KLING_ACCESS_KEY'} is required with the other Kling key (or use KLING_API_KEY)`);
  }
  const wanted = env.DEFAULT_PROVIDER;
  const configured = { runware: Boolean(env.RUNWARE_API_KEY), kling, imini: Boolean(env.IMINI_API_KEY) } as Record<string, boolean>;
  if (wanted && wanted in configured && !configured[wanted]) problems.push(`DEFAULT_PROVIDER names ${wanted}, which has no API key set`);
  return problems;
}

export function configuredKling(config: Config): boolean {
  return Boolean(config.KLING_API_KEY || (config.KLING_ACCESS_KEY && config.KLING_SECRET_KEY));
}

/** Provider names with credentials, in the order failover tries them. */
export function configuredProviders(config: Config): Array<'runware' | 'kling' | 'imini'> {
  const names: Array<'runware' | 'kling' | 'imini'> = [];
  if (config.RUNWARE_API_KEY) names.push('runware');
  if (configuredKling(config)) names.push('kling');
  if (config.IMINI_API_KEY) names.push('imini');
  return names;
}

/** Names of settings whose values must never be printed. */
export const SECRET_SETTINGS = ['DISCORD_TOKEN', 'RUNWARE_API_KEY', 'KLING_SECRET_KEY', 'KLING_API_KEY', 'KLING_WEBHOOK_SECRET', 'IMINI_API_KEY'] as const;
