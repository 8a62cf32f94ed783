import { Client, GatewayIntentBits, Partials } from 'discord.js';

/**
 * The discord.js client. Intents: Guilds (interactions, channels), reactions in guilds and DMs.
 * Partials let reactions on messages from before a restart reach the handler.
 */
export function createDiscordClient(apiUrl: string): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.DirectMessageReactions],
    partials: [Partials.Message, Partials.Reaction, Partials.Channel, Partials.User],
    rest: { api: apiUrl },
  });
}
