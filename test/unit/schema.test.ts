import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { SECRET_SETTINGS, configSchema } from '../../src/config/schema.ts';

const REQUIRED = {
  DISCORD_TOKEN: 'discord-token-value',
  DISCORD_APPLICATION_ID: '123456789012345678',
  RUNWARE_API_KEY: 'runware-key-value',
};

describe('configSchema defaults', () => {
  it('fills every optional setting with its documented default', () => {
    const config = loadConfig({ ...REQUIRED });
    expect(config).toMatchObject({
      DISCORD_TOKEN: 'discord-token-value',
      DISCORD_APPLICATION_ID: '123456789012345678',
      RUNWARE_API_KEY: 'runware-key-value',
      DISCORD_API_URL: 'https://discord.com/api',
      RUNWARE_API_URL: 'https://api.runware.ai/v1',
      PORT: 8080,
      HOST: '0.0.0.0',
      STORE_URL: 'sqlite://./data/bot.sqlite',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'auto',
      DEFAULT_MODEL: 'kling-3-standard',
      TASK_TIMEOUT_MINUTES: 30,
      POLL_INTERVAL_SECONDS: 5,
      POLL_MAX_INTERVAL_SECONDS: 30,
      SAFETY_POLL_SECONDS: 300,
      PROVIDER_RETRIES: 4,
      PROVIDER_RETRY_MIN_MS: 1000,
      MAX_VARIANTS: 4,
      RETENTION_DAYS: 90,
      WORK_LEASE_SECONDS: 60,
      ALLOW_HTTP_MEDIA_URLS: false,
    });
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
    expect(config.PUBLIC_URL).toBeUndefined();
  });

  it('coerces numeric strings and keeps given values over defaults', () => {
    const config = loadConfig({
      ...REQUIRED,
      PORT: '3000',
      TASK_TIMEOUT_MINUTES: '12.5',
      MAX_VARIANTS: '2',
      DEFAULT_MODEL: 'kling-3-omni-pro',
      LOG_LEVEL: 'debug',
      PUBLIC_URL: 'https://bot.example.com/base',
      DISCORD_GUILD_ID: '987654321098765432',
    });
    expect(config.PORT).toBe(3000);
    expect(config.TASK_TIMEOUT_MINUTES).toBe(12.5);
    expect(config.MAX_VARIANTS).toBe(2);
    expect(config.DEFAULT_MODEL).toBe('kling-3-omni-pro');
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.PUBLIC_URL).toBe('https://bot.example.com/base');
    expect(config.DISCORD_GUILD_ID).toBe('987654321098765432');
  });

  it('turns empty (or blank) optional strings into undefined', () => {
    const config = loadConfig({ ...REQUIRED, DISCORD_GUILD_ID: '', PUBLIC_URL: '   ' });
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
    expect(config.PUBLIC_URL).toBeUndefined();
  });

  it('trims optional strings before checking them', () => {
    const config = loadConfig({ ...REQUIRED, PUBLIC_URL: '  http://localhost:8080  ', DISCORD_GUILD_ID: ' 987654321098765432 ' });
    expect(config.PUBLIC_URL).toBe('http://localhost:8080');
    expect(config.DISCORD_GUILD_ID).toBe('987654321098765432');
  });

  it('accepts only http(s) for PUBLIC_URL', () => {
    expect(() => loadConfig({ ...REQUIRED, PUBLIC_URL: 'ftp://bot.example.com' })).toThrow(/PUBLIC_URL/);
  });

  it('refuses a guild id that is not a snowflake', () => {
    expect(() => loadConfig({ ...REQUIRED, DISCORD_GUILD_ID: 'my-guild' })).toThrow(
      'DISCORD_GUILD_ID must be a Discord id (a number of 17–20 digits, from Developer Mode → right-click the server → Copy Server ID)',
    );
  });

  it('takes Discord ids of 17 to 20 digits, as Discord makes them', () => {
    expect(loadConfig({ ...REQUIRED, DISCORD_GUILD_ID: '80351110224678912' }).DISCORD_GUILD_ID).toBe('80351110224678912');
    expect(loadConfig({ ...REQUIRED, DISCORD_GUILD_ID: '12345678901234567890' }).DISCORD_GUILD_ID).toBe('12345678901234567890');
    for (const id of ['1234567890123456', '123456789012345678901']) expect(() => loadConfig({ ...REQUIRED, DISCORD_GUILD_ID: id })).toThrow(/DISCORD_GUILD_ID/);
  });

  it('keeps PORT=0 (any free port, what the tests use) and the ends of the port range', () => {
    expect(loadConfig({ ...REQUIRED, PORT: '0' }).PORT).toBe(0);
    expect(loadConfig({ ...REQUIRED, PORT: '65535' }).PORT).toBe(65535);
    expect(() => loadConfig({ ...REQUIRED, PORT: '-1' })).toThrow(/PORT must be a port number from 1 to 65535, or 0 for any free port/);
  });

  it('takes LOG_FORMAT auto, json or pretty', () => {
    for (const format of ['auto', 'json', 'pretty'] as const) expect(loadConfig({ ...REQUIRED, LOG_FORMAT: format }).LOG_FORMAT).toBe(format);
    expect(() => loadConfig({ ...REQUIRED, LOG_FORMAT: 'JSON' })).toThrow('LOG_FORMAT must be one of: auto, json, pretty (it is "JSON")');
  });

  // Was a bug (fixed): src/config/schema.ts PORT uses z.coerce.number(): an empty PORT= line (common in .env files, and what
  // dotenv yields for it) becomes Number('') = 0 instead of falling back to 8080, so the webhook server silently
  // listens on a random port. Expected PORT 8080, actual 0.
  it('falls back to the default PORT when PORT is empty', () => {
    expect(loadConfig({ ...REQUIRED, PORT: '' }).PORT).toBe(8080);
  });

  // Was a bug (fixed): same cause (src/config/schema.ts PROVIDER_RETRIES, z.coerce.number()): PROVIDER_RETRIES= (empty) becomes 0 and
  // silently turns off retries of transient provider errors. Expected 4 (the default), actual 0.
  it('falls back to the default PROVIDER_RETRIES when it is empty', () => {
    expect(loadConfig({ ...REQUIRED, PROVIDER_RETRIES: '' }).PROVIDER_RETRIES).toBe(4);
  });

  it('names every secret setting (token, provider keys, the metrics token and the storage secret)', () => {
    expect([...SECRET_SETTINGS]).toEqual([
      'DISCORD_TOKEN',
      'RUNWARE_API_KEY',
      'KLING_SECRET_KEY',
      'KLING_API_KEY',
      'KLING_WEBHOOK_SECRET',
      'IMINI_API_KEY',
      'METRICS_TOKEN',
      'S3_SECRET_ACCESS_KEY',
    ]);
    for (const name of SECRET_SETTINGS) expect(Object.keys(configSchema.shape)).toContain(name);
  });
});
