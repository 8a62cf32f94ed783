import { REST, Routes } from 'discord.js';
import { config as loadDotenv } from 'dotenv';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config/load-config.ts';
import { configSchema } from './config/schema.ts';
import { loadCommands } from './discord/command-loader.ts';
import { inviteUrl } from './discord/invite-url.ts';

/** Registers every command in commands/: in DISCORD_GUILD_ID when set (instant), else globally. */
export async function registerCommands(env: Record<string, string | undefined>): Promise<{ scope: string; names: string[] }> {
  const config = loadConfig(env, configSchema.pick({ DISCORD_TOKEN: true, DISCORD_APPLICATION_ID: true, DISCORD_GUILD_ID: true, DISCORD_API_URL: true }));
  const commands = await loadCommands();
  const body = [...commands.values()].map((c) => c.data.toJSON());
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(config.DISCORD_APPLICATION_ID, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(config.DISCORD_APPLICATION_ID);
  await rest.put(route, { body });
  return { scope: config.DISCORD_GUILD_ID ? `guild ${config.DISCORD_GUILD_ID}` : 'global', names: body.map((c) => c.name) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  loadDotenv({ quiet: true });
  try {
    const { scope, names } = await registerCommands(process.env);
    console.log(
      `Registered ${names.length} command(s) (${names.join(', ')}) ${scope === 'global' ? 'globally (may take up to an hour to appear)' : `in ${scope}`}.`,
    );
    // The application id was checked by registerCommands().
    console.log(`Invite the bot to a server with the permissions it needs:\n  ${inviteUrl(process.env.DISCORD_APPLICATION_ID ?? '')}`);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : `Registration failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
