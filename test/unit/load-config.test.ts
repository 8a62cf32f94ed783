import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.ts';
import { configSchema } from '../../src/config/schema.ts';

const APP_ID = '123456789012345678';

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
    expect(error.problems).toContain('DISCORD_TOKEN is required');
    expect(error.problems.some((p) => p.startsWith('RUNWARE_API_KEY is required (or KLING_API_KEY'))).toBe(true);
    expect(error.problems.filter((p) => p.startsWith('PORT '))).toHaveLength(1);
    expect(error.problems.filter((p) => p.startsWith('DEFAULT_MODEL '))).toHaveLength(1);
    expect(error.problems.find((p) => p.startsWith('DEFAULT_MODEL '))).toContain('kling-3-standard');
    // The message lists them all too, one per line.
    for (const problem of error.problems) expect(error.message).toContain(`  - ${problem}`);
    expect(error.message.startsWith('Invalid configuration:\n')).toBe(true);
  });

  it('says "is required" for an empty required secret', () => {
    const error = configError(() => loadConfig({ DISCORD_TOKEN: '', RUNWARE_API_KEY: 'k', DISCORD_APPLICATION_ID: APP_ID }));
    expect(error.problems).toEqual(['DISCORD_TOKEN is required']);
  });

  it('reports a number out of range with the setting name', () => {
    const error = configError(() => loadConfig({ DISCORD_TOKEN: 't', RUNWARE_API_KEY: 'k', DISCORD_APPLICATION_ID: APP_ID, PORT: '70000', MAX_VARIANTS: '5' }));
    expect(error.problems).toHaveLength(2);
    expect(error.problems.some((p) => p.startsWith('PORT ') && p.includes('65535'))).toBe(true);
    expect(error.problems.some((p) => p.startsWith('MAX_VARIANTS ') && p.includes('4'))).toBe(true);
  });

  it('never echoes a rejected value back (values may be secrets)', () => {
    const env = {
      DISCORD_TOKEN: 'tok-SECRET-1234',
      RUNWARE_API_KEY: 'rw-SECRET-5678',
      DISCORD_APPLICATION_ID: 'appid-SECRET-42',
      PUBLIC_URL: 'ftp://bot:hunter2-SECRET@host.example/hook',
      PORT: 'port-SECRET-99',
      DEFAULT_MODEL: 'model-SECRET-7',
      LOG_LEVEL: 'loud-SECRET',
    };
    const error = configError(() => loadConfig(env));
    expect(error.problems.map((p) => p.split(' ')[0]).sort()).toEqual(['DEFAULT_MODEL', 'DISCORD_APPLICATION_ID', 'LOG_LEVEL', 'PORT', 'PUBLIC_URL']);
    const text = `${error.message}\n${error.problems.join('\n')}`;
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('hunter2');
  });

  it('validates against another schema when given one (register-commands picks a subset)', () => {
    const schema = configSchema.pick({ DISCORD_TOKEN: true, DISCORD_APPLICATION_ID: true, DISCORD_GUILD_ID: true, DISCORD_API_URL: true });
    const config = loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: APP_ID }, schema);
    expect(config).toEqual({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: undefined, DISCORD_API_URL: 'https://discord.com/api' });
    const error = configError(() => loadConfig({ DISCORD_APPLICATION_ID: APP_ID }, schema));
    expect(error.problems).toEqual(['DISCORD_TOKEN is required']);
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
