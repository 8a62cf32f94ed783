// Turns changes to the bot's messages into the gateway events real Discord would send (intent-filtered).
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { FakeGateway } from './gateway.ts';
import type { MessageChange } from './message-store.ts';
import { reactionPayload } from './interaction-payloads.ts';
import { memberRoleId } from './roles.ts';
import type { StoredMessage } from './types.ts';
import type { FakeWorld } from './world.ts';

const EPHEMERAL = 64;

export function publishMessageChange(gateway: FakeGateway, world: FakeWorld, kind: MessageChange, message: StoredMessage, emoji?: string): void {
  if ((message.flags & EPHEMERAL) !== 0) return; // ephemeral messages never reach the gateway
  const guildId = message.guild_id;
  const messageIntent = guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
  const reactionIntent = guildId ? GatewayIntentBits.GuildMessageReactions : GatewayIntentBits.DirectMessageReactions;
  const where = { channel_id: message.channel_id, ...(guildId ? { guild_id: guildId } : {}) };
  // The author's member (with its permissions role), as Discord sends it: without `user`.
  const author = guildId ? world.member(guildId, message.author.id) : undefined;
  const roles = guildId && author ? [memberRoleId(guildId, author.id)] : [];
  const member = guildId ? { member: { roles, joined_at: world.joinedAt, deaf: false, mute: false, flags: 0 } } : {};
  switch (kind) {
    case 'create':
      gateway.dispatch('MESSAGE_CREATE', { ...world.messages.toApi(message), ...member }, messageIntent);
      return;
    case 'update':
      gateway.dispatch('MESSAGE_UPDATE', { ...world.messages.toApi(message), ...member }, messageIntent);
      return;
    case 'delete':
      gateway.dispatch('MESSAGE_DELETE', { id: message.id, ...where }, messageIntent);
      return;
    case 'reaction-add':
    case 'reaction-remove': {
      const payload = reactionPayload({
        guildId,
        channelId: message.channel_id,
        messageId: message.id,
        user: world.botUser,
        emoji: emoji ?? '',
        messageAuthorId: message.author.id,
        joinedAt: world.joinedAt,
      });
      if (kind === 'reaction-add') gateway.dispatch('MESSAGE_REACTION_ADD', payload, reactionIntent);
      else gateway.dispatch('MESSAGE_REACTION_REMOVE', { ...payload, member: undefined, message_author_id: undefined }, reactionIntent);
      return;
    }
  }
}
