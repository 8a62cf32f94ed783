import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.ts';
import { configSchema, settingRules } from '../../src/config/schema.ts';

const APP_ID = '123456789012345678';
const VALID = { DISCORD_TOKEN: 't', RUNWARE_API_KEY: 'k', DISCORD_APPLICATION_ID: APP_ID };
const TOKEN_REQUIRED = "DISCORD_TOKEN is required and must be the bot's token (developer portal → your application → Bot → Reset Token)";

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reports every problem at once, each naming its setting', () => {
    const error = configError(() => loadConfig({ DISCORD_APPLICATION_ID: APP_ID, PORT: 'eighty', DEFAULT_MODEL: 'kling-9-ultra' }));
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(4);
    expect(error.problems).toContain(TOKEN_REQUIRED);
    expect(error.problems.some((p) => p.startsWith('RUNWARE_API_KEY is required (or KLING_API_KEY'))).toBe(true);
    expect(error.problems.filter((p) => p.startsWith('PORT '))).toHaveLength(1);
    expect(error.problems.filter((p) => p.startsWith('DEFAULT_MODEL '))).toHaveLength(1);
    expect(error.problems.find((p) => p.startsWith('DEFAULT_MODEL '))).toContain('kling-3-standard');
    // The message lists them all too, one per line, then says where settings come from.
    for (const problem of error.problems) expect(error.message).toContain(`  - ${problem}`);
    expect(error.message.startsWith('Invalid configuration:\n')).toBe(true);
    expect(error.message.split('\n').at(-1)).toBe(
      `Settings are read from the environment and from the .env file in the working directory (${process.cwd()}); ` +
        'the environment wins where both set one. .env.example lists every setting.',
    );
  });

  it('says "is required" and what the value looks like for an empty required secret', () => {
    const error = configError(() => loadConfig({ DISCORD_TOKEN: '', RUNWARE_API_KEY: 'k', DISCORD_APPLICATION_ID: APP_ID }));
    expect(error.problems).toEqual([TOKEN_REQUIRED]);
  });

  it('reports a number out of range with the setting name', () => {
    const error = configError(() => loadConfig({ DISCORD_TOKEN: 't', RUNWARE_API_KEY: 'k', DISCORD_APPLICATION_ID: APP_ID, PORT: '70000', MAX_VARIANTS: '5' }));
    expect(error.problems).toHaveLength(2);
    expect(error.problems.some((p) => p.startsWith('PORT ') && p.includes('65535'))).toBe(true);
    expect(error.problems.some((p) => p.startsWith('MAX_VARIANTS ') && p.includes('4'))).toBe(true);
  });

  it('never echoes a secret, a URL, an id or a long value back', () => {
    const secret = 'SECRET-0123456789abcdefghijklmnopqrstuvwxyz';
    const env = {
      DISCORD_TOKEN: 'tok-SECRET-1234',
      RUNWARE_API_KEY: 'rw-SECRET-5678',
      DISCORD_APPLICATION_ID: 'SECRET',
      DISCORD_GUILD_ID: `guild-${secret}`,
      PUBLIC_URL: 'ftp://bot:hunter2-SECRET@host.example/hook',
      DISCORD_API_URL: 'SECRET',
      // A key pasted into a number or closed-set setting is too long to be quoted.
      PORT: secret,
      DEFAULT_MODEL: secret,
      LOG_LEVEL: secret,
      FAILOVER: `${secret}==`,
    };
    const error = configError(() => loadConfig(env));
    expect(error.problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'DEFAULT_MODEL',
      'DISCORD_API_URL',
      'DISCORD_APPLICATION_ID',
      'DISCORD_GUILD_ID',
      'FAILOVER',
      'LOG_LEVEL',
      'PORT',
      'PUBLIC_URL',
    ]);
    const text = `${error.message}\n${error.problems.join('\n')}`;
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('(it is');
  });

  it('quotes a short refused value of a number or closed-set setting, to show the typo', () => {
    const error = configError(() =>
      loadConfig({ ...VALID, PORT: 'abc', MAX_VARIANTS: ' 5 ', LOG_LEVEL: 'verbose', DEFAULT_PROVIDER: 'openai', FAILOVER: 'maybe' }),
    );
    expect(error.problems).toEqual([
      'DEFAULT_PROVIDER must be one of: runware, kling, imini (it is "openai")',
      'FAILOVER must be true or false (it is "maybe")',
      'PORT must be a port number from 1 to 65535, or 0 for any free port (it is "abc")',
      'LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent (it is "verbose")',
      'MAX_VARIANTS must be a whole number from 1 to 4 (it is "5")',
    ]);
  });

  it("says what a valid value looks like instead of the validator's words", () => {
    const error = configError(() =>
      loadConfig({
        ...VALID,
        DISCORD_APPLICATION_ID: '1234567890123456', // 16 digits: shorter than any Discord id
        DISCORD_API_URL: 'discord.com/api',
        PUBLIC_URL: 'bot.example.com',
        KLING_UNIT_PRICE_USD: '0',
        TASK_TIMEOUT_MINUTES: '-5',
        PROVIDER_RETRIES: '2.5',
        PROVIDER_RETRY_MIN_MS: 'soon',
        LOG_FORMAT: 'text',
      }),
    );
    expect(error.problems).toEqual([
      "DISCORD_APPLICATION_ID must be a Discord id (a number of 17–20 digits: the Application ID on the developer portal's General Information page)",
      'DISCORD_API_URL must be the base URL of a Discord-compatible API without /v10, like https://discord.com/api',
      'KLING_UNIT_PRICE_USD must be a number of US dollars greater than 0 (it is "0")',
      "PUBLIC_URL must be the bot's public base URL, like https://bot.example.com (or empty to poll the providers instead)",
      'LOG_FORMAT must be one of: auto, json, pretty (it is "text")',
      'TASK_TIMEOUT_MINUTES must be a number of minutes greater than 0 (it is "-5")',
      'PROVIDER_RETRIES must be a whole number from 0 to 10 (it is "2.5")',
      'PROVIDER_RETRY_MIN_MS must be a whole number of milliseconds, at least 1 (it is "soon")',
    ]);
    for (const problem of error.problems) expect(problem).not.toMatch(/Invalid|expected|received|NaN/);
  });

  it("gives every setting its explanation, so no problem falls back to the validator's words", () => {
    for (const [name, schema] of Object.entries(configSchema.shape)) {
      expect(settingRules.get(schema)?.must, name).toMatch(/^\S.{8,}/);
    }
  });

  it('validates against another schema when given one (register-commands picks a subset)', () => {
    const schema = configSchema.pick({ DISCORD_TOKEN: true, DISCORD_APPLICATION_ID: true, DISCORD_GUILD_ID: true, DISCORD_API_URL: true });
    const config = loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: APP_ID }, schema);
    expect(config).toEqual({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: undefined, DISCORD_API_URL: 'https://discord.com/api' });
    const error = configError(() => loadConfig({ DISCORD_APPLICATION_ID: APP_ID }, schema));
    expect(error.problems).toEqual([TOKEN_REQUIRED]);
  });
});

describe('provider settings', () => {
  const base = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678' };
  it('accepts any one provider', () => {
    expect(loadConfig({ ...base, KLING_API_KEY: 'k' }).KLING_API_KEY).toBe('k');
    expect(loadConfig({ ...base, KLING_ACCESS_KEY: 'ak', KLING_SECRET_KEY: 'sk' }).KLING_ACCESS_KEY).toBe('ak');
    expect(loadConfig({ ...base, IMINI_API_KEY: 'i' }).IMINI_API_KEY).toBe('i');
  });
  it('wants both halves of a Kling key pair, and a default provider that is configured', () => {
    const error = configError(() => loadConfig({ ...base, RUNWARE_API_KEY: 'r', KLING_ACCESS_KEY: 'ak', DEFAULT_PROVIDER: 'imini' }));
    expect(error.problems).toEqual([
      'KLING_SECRET_KEY is required with the other Kling key (or use KLING_API_KEY)',
      'DEFAULT_PROVIDER names imini, which has no API key set',
    ]);
  });
});
