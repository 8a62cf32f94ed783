import { z } from 'zod';
import { MODEL_KEYS } from '../domain/models.ts';

/**
 * How a refused setting is explained: `must` completes "NAME must be …" and says what a valid
 * value looks like; `echo` allows quoting a short refused value back, which only settings with
 * a closed set of values or a number get (never secrets, URLs, ids or other free text).
 */
export interface SettingRule {
  must: string;
  echo: boolean;
}

/** Each setting's rule, kept with its schema so a picked subset (register-commands) keeps them. */
export const settingRules = z.registry<SettingRule>();

function rule<T extends z.ZodType>(schema: T, must: string, echo = false): T {
  if (settingRules.has(schema)) throw new Error(`two settings share one schema instance (${must})`);
  settingRules.add(schema, { must, echo });
  return schema;
}

// Functions, not shared instances: each setting registers its own rule on its own schema.
const optionalString = () =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .optional();

/** Discord ids have had 17 digits or more since February 2015, and 64 bits hold at most 20: https://discord.com/developers/docs/reference#snowflakes */
const snowflake = () => z.string().regex(/^\d{17,20}$/);
const DISCORD_ID = 'a Discord id (a number of 17–20 digits';

function url(fallback: string, what: string) {
  return rule(z.url().default(fallback), `${what}, like ${fallback}`);
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return { schema: z.enum(values), must: `one of: ${values.join(', ')}` };
}

/** A number whose limits are written once, for the check and for the message. */
function amount(unit: string, limits: { whole?: boolean; min?: number; above?: number; max?: number }, fallback: number) {
  let schema = z.coerce.number();
  let must = `${limits.whole ? 'a whole number' : 'a number'}${unit ? ` of ${unit}` : ''}`;
  if (limits.whole) schema = schema.int();
  if (limits.above !== undefined) schema = schema.gt(limits.above);
  if (limits.min !== undefined) schema = schema.min(limits.min);
  if (limits.max !== undefined) schema = schema.max(limits.max);
  if (limits.above !== undefined) must += ` greater than ${limits.above}`;
  else if (limits.min !== undefined && limits.max !== undefined) must += ` from ${limits.min} to ${limits.max}`;
  else if (limits.min !== undefined) must += `, at least ${limits.min}`;
  return rule(schema.default(fallback), must, true);
}

const provider = oneOf(['runware', 'kling', 'imini']);
const logLevel = oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const logFormat = oneOf(['auto', 'json', 'pretty']);
const rehost = oneOf(['all', 'oversize']);
const model = oneOf(MODEL_KEYS);
const SECONDS = { min: 0.05 };

/** Every setting the bot reads. Names are public contract (README, .env.example). */
export const configSchema = z.object({
  DISCORD_TOKEN: rule(z.string().min(1), "the bot's token (developer portal → your application → Bot → Reset Token)"),
  DISCORD_APPLICATION_ID: rule(snowflake(), `${DISCORD_ID}: the Application ID on the developer portal's General Information page)`),
  DISCORD_GUILD_ID: rule(optionalString().pipe(snowflake().optional()), `${DISCORD_ID}, from Developer Mode → right-click the server → Copy Server ID)`),
  DISCORD_API_URL: url('https://discord.com/api', 'the base URL of a Discord-compatible API without /v10'),
  RUNWARE_API_KEY: rule(optionalString(), 'a Runware API key'),
  RUNWARE_API_URL: url('https://api.runware.ai/v1', "Runware's API URL"),
  KLING_API_URL: url('https://api-singapore.klingai.com', "Kling AI's API URL"),
  KLING_ACCESS_KEY: rule(optionalString(), 'a Kling AI access key'),
  KLING_SECRET_KEY: rule(optionalString(), 'a Kling AI secret key'),
  KLING_API_KEY: rule(optionalString(), 'a Kling AI API key'),
  KLING_WEBHOOK_SECRET: rule(optionalString(), "Kling AI's webhook secret"),
  /** USD value of one Kling billing unit (1 unit ≈ $0.14 at list price, https://app.klingai.com/global/dev/document-api/apiReference/commonInfo). */
  KLING_UNIT_PRICE_USD: amount('US dollars', { above: 0 }, 0.14),
  IMINI_API_URL: url('https://openapi.imini.ai/imini/router', "imini's API URL"),
  IMINI_API_KEY: rule(optionalString(), 'an imini API key'),
  /** imini returns no cost: `model=usd_per_s[/usd_per_s_with_audio],…` (estimates). */
  IMINI_PRICES: rule(
    z.string().default('kling-3-omni-standard=0.084/0.112,kling-3-omni-pro=0.112/0.14,kling-3-standard=0.084/0.126,kling-3-pro=0.112/0.168'),
    'a list like kling-3-pro=0.112/0.168,kling-3-standard=0.084 (model=USD per second[/USD per second with audio])',
  ),
  DEFAULT_PROVIDER: rule(provider.schema.optional(), provider.must, true),
  FAILOVER: rule(z.stringbool().default(true), 'true or false', true),
  PUBLIC_URL: rule(
    optionalString().pipe(z.url({ protocol: /^https?$/ }).optional()),
    "the bot's public base URL, like https://bot.example.com (or empty to poll the providers instead)",
  ),
  PORT: rule(z.coerce.number().int().min(0).max(65535).default(8080), 'a port number from 1 to 65535, or 0 for any free port', true),
  HOST: rule(z.string().default('0.0.0.0'), 'the address of a network interface to listen on, like 0.0.0.0 (all) or 127.0.0.1'),
  /** A listener of its own for GET /metrics; unset, /metrics is served on PORT with the webhooks. */
  METRICS_PORT: rule(z.coerce.number().int().min(1).max(65535).optional(), 'a port number from 1 to 65535, or empty to serve /metrics on PORT', true),
  METRICS_HOST: rule(z.string().default('127.0.0.1'), 'the address of a network interface for the /metrics listener, like 127.0.0.1 (this machine only)'),
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  METRICS_TOKEN: rule(
    optionalString().pipe(z.string().min(16).optional()),
    'a secret of at least 16 characters that Prometheus sends as "Authorization: Bearer <token>" (or empty for none)',
  ),
  STORE_URL: rule(
    z.string().default('sqlite://./data/bot.sqlite'),
    'where everything is kept: sqlite://./data/bot.sqlite, postgres://user:pass@host:5432/db or memory://',
  ),
  LOG_LEVEL: rule(logLevel.schema.default('info'), logLevel.must, true),
  /** `auto`: human-readable lines when stdout is a terminal, JSON lines otherwise (src/logging/logger.ts). */
  LOG_FORMAT: rule(logFormat.schema.default('auto'), logFormat.must, true),
  DEFAULT_MODEL: rule(model.schema.default('kling-3-standard'), model.must, true),
  TASK_TIMEOUT_MINUTES: amount('minutes', { above: 0 }, 30),
  POLL_INTERVAL_SECONDS: amount('seconds', SECONDS, 5),
  POLL_MAX_INTERVAL_SECONDS: amount('seconds', SECONDS, 30),
  SAFETY_POLL_SECONDS: amount('seconds', SECONDS, 300),
  PROVIDER_RETRIES: amount('', { whole: true, min: 0, max: 10 }, 4),
  PROVIDER_RETRY_MIN_MS: amount('milliseconds', { whole: true, min: 1 }, 1000),
  MAX_VARIANTS: amount('', { whole: true, min: 1, max: 4 }, 4),
  /** Finished tasks (and images no task used since) are deleted after this many days; spend records are kept. */
  RETENTION_DAYS: amount('days', { whole: true, min: 1 }, 90),
  /** How long a process's claim on a task's work lasts before another process may take it over. */
  WORK_LEASE_SECONDS: amount('seconds', { min: 1, max: 600 }, 60),
  /** S3-compatible storage for lasting copies of results (src/media/storage-settings.ts, docs-draft/storage.md). */
  S3_ENDPOINT: rule(
    optionalString().pipe(z.url({ protocol: /^https?$/ }).optional()),
    'the URL of an S3-compatible API, like https://<account>.r2.cloudflarestorage.com or http://minio:9000 (empty = AWS S3)',
  ),
  S3_REGION: rule(optionalString(), "the bucket's region, like eu-west-1 (AWS), auto (Cloudflare R2) or us-east-1 (MinIO)"),
  S3_BUCKET: rule(optionalString(), 'the name of the bucket that keeps the videos'),
  S3_ACCESS_KEY_ID: rule(optionalString(), "the access key id of a key that may read and write the bucket's objects"),
  S3_SECRET_ACCESS_KEY: rule(optionalString(), 'the secret access key that goes with S3_ACCESS_KEY_ID'),
  S3_PUBLIC_URL: rule(
    optionalString().pipe(z.url({ protocol: /^https?$/ }).optional()),
    "the public base URL the bucket's objects are readable at, like https://videos.example.com",
  ),
  REHOST: rule(rehost.schema.default('oversize'), `${rehost.must} (all: copy every video to the bucket; oversize: only those too large to attach)`, true),
  /** Post http:// video links too (a local test setup); real providers serve https. */
  ALLOW_HTTP_MEDIA_URLS: rule(z.stringbool().default(false), 'true or false', true),
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
  const port = env.PORT ?? '8080';
  if (env.METRICS_PORT && Number(env.METRICS_PORT) === Number(port))
    problems.push(`METRICS_PORT must differ from PORT (both are ${port}); leave it empty to serve /metrics on PORT`);
  const storage = storageProblem(env);
  if (storage) problems.push(storage);
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

/** Settings without which there is no bucket; the other S3_ settings only refine it. */
const STORAGE_REQUIRED = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_PUBLIC_URL'] as const;
const STORAGE_OPTIONAL = ['S3_ENDPOINT', 'S3_REGION'] as const;

/** Storage is all or nothing: any S3 setting (or REHOST=all) without the ones a bucket needs is a mistake. */
function storageProblem(env: Record<string, string | undefined>): string | undefined {
  const missing = STORAGE_REQUIRED.filter((name) => !env[name]);
  const given = [...STORAGE_REQUIRED, ...STORAGE_OPTIONAL].filter((name) => env[name]);
  const wantsCopies = env.REHOST === 'all';
  if (missing.length === 0 || (given.length === 0 && !wantsCopies)) return undefined;
  const reasons = [
    ...(given.length > 0 ? [`${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set`] : []),
    ...(wantsCopies ? ['REHOST=all asks for copies'] : []),
  ];
  return `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required for storage (${reasons.join('; ')}): set all of ${STORAGE_REQUIRED.join(', ')}, or none`;
}

/** Names of settings whose values must never be printed. */
export const SECRET_SETTINGS = [
  'DISCORD_TOKEN',
  'RUNWARE_API_KEY',
  'KLING_SECRET_KEY',
  'KLING_API_KEY',
  'KLING_WEBHOOK_SECRET',
  'IMINI_API_KEY',
  'METRICS_TOKEN',
  'S3_SECRET_ACCESS_KEY',
] as const;
