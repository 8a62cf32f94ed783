import type { z } from 'zod';
import { configSchema, crossSettingProblems, type Config } from './schema.ts';

export type EnvSource = Record<string, string | undefined>;

/** Raised when settings are missing or invalid; `problems` lists every one of them. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Validates settings from any env-like source (process.env, a test object).
 * Reports every problem at once and never echoes a value back (values may be secrets).
 */
export function loadConfig(env: EnvSource): Config;
export function loadConfig<S extends z.ZodType>(env: EnvSource, schema: S): z.infer<S>;
export function loadConfig(env: EnvSource, schema?: z.ZodType): unknown {
  // `PORT=` in a .env file means "not set": without this, z.coerce turns '' into 0.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const result = (schema ?? configSchema).safeParse(given);
  // Rules across settings apply to the bot's full settings, not to a subset (registration).
  const cross = schema ? [] : crossSettingProblems(given);
  if (result.success && cross.length === 0) return result.data;
  const problems = (result.success ? [] : result.error.issues).map((issue) => {
    const name = issue.path.join('.') || '(settings)';
    const raw = issue.path.length === 1 ? given[String(issue.path[0])] : undefined;
    const message = raw === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
    return `${name} ${message}`;
  });
  throw new ConfigError([...problems, ...cross]);
}
