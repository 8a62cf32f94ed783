import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/register-commands.ts';
import { BOT_TOKEN, IDS, startWorld, type World } from '../support/bot-harness.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

describe('npm run register', () => {
  it('registers /video with its public option names in the configured guild', async () => {
    const result = await registerCommands({
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: IDS.app,
      DISCORD_GUILD_ID: IDS.guild,
      DISCORD_API_URL: world.discord.apiUrl,
    });
    expect(result).toEqual({ scope: `guild ${IDS.guild}`, names: ['budget', 'element', 'jobs', 'Make video', 'settings', 'usage', 'video'] });
    const commands = world.discord.registeredCommands.get(IDS.guild) as Array<{
      name: string;
      options: Array<{ name: string; required?: boolean; choices?: Array<{ value: string }> }>;
    }>;
    const video = commands.find((c) => c.name === 'video');
    expect(video?.options.map((o) => o.name)).toEqual([
      'prompt',
      'model',
      'duration',
      'aspect_ratio',
      'sound',
      'negative_prompt',
      'first_frame',
      'last_frame',
      'variants',
      'provider',
      'element',
      'element2',
      'element3',
      'shots',
      'reference_image',
      'reference_image2',
      'reference_image3',
      'reference_video',
      'video_mode',
      'keep_original_sound',
    ]);
    expect(video?.options.find((o) => o.name === 'prompt')?.required).toBe(true);
    expect(video?.options.find((o) => o.name === 'model')?.choices?.map((c) => c.value)).toEqual([
      'kling-3-standard',
      'kling-3-pro',
      'kling-3-4k',
      'kling-3-omni-standard',
      'kling-3-omni-pro',
      'kling-3-omni-4k',
    ]);
  });

  it('registers /budget and /usage with their public subcommand, option and choice names', () => {
    type Option = { name: string; options?: Option[]; choices?: Array<{ value: string }> };
    const commands = world.discord.registeredCommands.get(IDS.guild) as Array<{ name: string; options: Option[] }>;
    const budget = commands.find((c) => c.name === 'budget');
    expect(budget?.options.map((s) => [s.name, (s.options ?? []).map((o) => o.name)])).toEqual([
      ['set', ['amount', 'period', 'member', 'role', 'channel']],
      ['show', []],
      ['clear', ['member', 'role', 'channel']],
    ]);
    expect(budget?.options[0]?.options?.[1]?.choices?.map((c) => c.value)).toEqual(['day', 'week', 'month', 'total']);
    const usage = commands.find((c) => c.name === 'usage');
    expect(usage?.options.map((o) => o.name)).toEqual(['period', 'member', 'channel', 'by']);
    expect(usage?.options[0]?.choices?.map((c) => c.value)).toEqual(['today', 'week', 'month', '30d', 'all']);
    expect(usage?.options[3]?.choices?.map((c) => c.value)).toEqual(['member', 'channel', 'model', 'provider', 'day']);
  });

  it('registers globally when no guild is set', async () => {
    const result = await registerCommands({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_APPLICATION_ID: IDS.app, DISCORD_API_URL: world.discord.apiUrl });
    expect(result.scope).toBe('global');
    expect(world.discord.registeredCommands.get('global')).toHaveLength(7);
  });
});

describe('start-up with bad settings', () => {
  it('stops with one message listing every problem and never prints a secret', () => {
    const run = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', resolve('src/main.ts')], {
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: 'super-secret-token-value',
        DISCORD_APPLICATION_ID: 'not-a-number',
        PORT: 'eighty',
        PUBLIC_URL: 'ftp://nope',
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    const output = `${run.stdout}${run.stderr}`;
    for (const name of ['DISCORD_APPLICATION_ID', 'RUNWARE_API_KEY', 'PORT', 'PUBLIC_URL']) expect(output).toContain(name);
    expect(output.match(/^ {2}- /gm)).toHaveLength(4);
    expect(output).not.toContain('super-secret-token-value');
  });
});
