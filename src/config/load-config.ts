import type { z } from 'zod';
import { SECRET_SETTINGS, configSchema, crossSettingProblems, settingRules, type Config } from './schema.ts';

export type EnvSource = Record<string, string | undefined>;

/** Raised when settings are missing or invalid; `problems` lists every one of them. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[], workingDirectory = process.cwd()) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        `Settings are read from the environment and from the .env file in the working directory (${workingDirectory}); ` +
        'the environment wins where both set one. .env.example lists every setting.',
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * A refused value short and plain enough to quote back. Secrets are much longer (Discord tokens
 * about 70 characters, provider keys 32 or more), so one pasted into the wrong setting is not
 * quoted either; and only settings whose rule allows it are quoted at all.
 */
const QUOTABLE = /^[A-Za-z0-9_.:+-]{1,24}$/;
const SECRET = new Set<string>(SECRET_SETTINGS);

/**
 * Validates settings from any env-like source (process.env, a test object).
 * Reports every problem at once, one per setting, each saying what a valid value looks like.
 * Values are never echoed, except a short one of a number or closed-set setting.
 */
export function loadConfig(env: EnvSource): Config;
export function loadConfig<S extends z.ZodType>(env: EnvSource, schema: S): z.infer<S>;
export function loadConfig(env: EnvSource, schema?: z.ZodType): unknown {
  // `PORT=` in a .env file means "not set": without this, z.coerce turns '' into 0.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const checked = schema ?? configSchema;
  const result = checked.safeParse(given);
  // Rules across settings apply to the bot's full settings, not to a subset (registration).
  const cross = schema ? [] : crossSettingProblems(given);
  if (result.success && cross.length === 0) return result.data;
  const problems = new Map<string, string>();
  for (const issue of result.success ? [] : result.error.issues) {
    const name = issue.path.join('.') || '(settings)';
    if (problems.has(name)) continue; // one line per setting: every issue of it gets the same explanation
    const raw = issue.path.length === 1 ? given[String(issue.path[0])] : undefined;
    const fieldRule = issue.path.length === 1 ? settingRules.get(fieldSchema(checked, String(issue.path[0]))) : undefined;
    problems.set(name, explain(name, raw, fieldRule, issue.message));
  }
  throw new ConfigError([...problems.values(), ...cross]);
}

function explain(name: string, raw: string | undefined, rule: { must: string; echo: boolean } | undefined, zodMessage: string): string {
  if (!rule) return `${name} ${zodMessage}`;
  if (raw === undefined) return `${name} is required and must be ${rule.must}`;
  const value = raw.trim();
  const quoted = rule.echo && !SECRET.has(name) && QUOTABLE.test(value) ? ` (it is "${value}")` : '';
  return `${name} must be ${rule.must}${quoted}`;
}

function fieldSchema(schema: z.ZodType, key: string): z.ZodType {
  const shape = (schema as { shape?: Record<string, z.ZodType> }).shape;
  return shape?.[key] ?? schema;
}
