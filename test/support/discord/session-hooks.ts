// What the gateway tells a bot that identifies: READY (bot user, guilds, application) and one GUILD_CREATE
// per guild, with other members only for the privileged GuildMembers intent.
import { randomBytes } from 'node:crypto';
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { ApplicationFlags } from 'discord-api-types/v10';
import { apiUser, guildCreate } from './fixtures.ts';
import type { GatewayHooks } from './gateway.ts';
import type { FakeWorld } from './world.ts';

export function sessionHooks(world: FakeWorld, wsUrl: string, onIdentified: () => void): GatewayHooks {
  return {
    token: world.token,
    ready: (shard) => ({
      v: 10,
      user: apiUser({ ...world.botUser, bot: true }),
      guilds: world.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: randomBytes(16).toString('hex'),
      resume_gateway_url: wsUrl,
      application: { id: world.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' }, // bit-flag enum has no 0 member
      shard,
    }),
    guildCreates: (intents) => {
      const withMembers = (intents & GatewayIntentBits.GuildMembers) !== 0;
      return world.guilds.map((g) => guildCreate(g, world.botUser, withMembers, world.joinedAt));
    },
    onIdentified,
  };
}
