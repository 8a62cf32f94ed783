import { Client, GatewayIntentBits, Partials, REST, type ClientOptions } from 'discord.js';

type MakeRequest = NonNullable<NonNullable<ClientOptions['rest']>['makeRequest']>;

/**
 * The discord.js client. Intents: Guilds (interactions, channels), reactions in guilds and DMs.
 * Partials let reactions on messages from before a restart reach the handler.
 */
export function createDiscordClient(apiUrl: string): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.DirectMessageReactions],
    partials: [Partials.Message, Partials.Reaction, Partials.Channel, Partials.User],
    // Node's own fetch: once the bot loads undici 8 (provider calls), discord.js's default request
    // function rejects its own multipart bodies ("FormData created by this undici package instance").
    rest: { api: apiUrl, makeRequest: fetch as unknown as MakeRequest },
  });
}

/**
 * A REST instance for interaction-token routes only (`/webhooks/{app}/{token}`): Discord exempts them
 * from the bot's global rate limit, but @discordjs/rest counts every request of an instance against
 * its 50/s, so they get their own (https://discord.com/developers/docs/topics/rate-limits#global-rate-limit),
 * with that client-side global budget lifted: left at 50/s it capped results at 25 a second (a
 * follow-up and a status edit each). Per-route buckets still apply from Discord's headers
 * (node_modules/@discordjs/rest/dist/index.mjs, SequentialHandler).
 */
export function createInteractionRest(apiUrl: string): REST {
  return new REST({ api: apiUrl, makeRequest: fetch as unknown as MakeRequest, globalRequestsPerSecond: Number.POSITIVE_INFINITY });
}
