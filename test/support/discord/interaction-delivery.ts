// Turns "this user, in this channel" into an interaction context (fresh id and token), and delivers an
// INTERACTION_CREATE while recording the interaction's state (token age, upload limit, metadata).
import { randomBytes } from 'node:crypto';
import type { APIMessageInteractionMetadata } from 'discord-api-types/v10';
import { apiUser } from './fixtures.ts';
import type { FakeGateway } from './gateway.ts';
import { attachmentSizeLimitOf, inGuild } from './interaction-context.ts';
import type { AnyInteractionContext, InteractionContext } from './interaction-context.ts';
import { commandMetadata } from './interaction-messages.ts';
import { nextSnowflake } from './snowflake.ts';
import type { InteractionOrigin } from './types.ts';
import type { FakeWorld } from './world.ts';

export interface SentInteraction {
  id: string;
  token: string;
}

/** Where a guild or DM interaction happens: `guildId` may be left out (it is the channel's). */
export interface AnyOrigin {
  guildId?: string;
  channelId: string;
  userId: string;
}

export interface DeliveryExtras {
  messageId?: string;
  targetMessageId?: string;
  /** Defaults to a plain command's metadata. */
  metadata?: APIMessageInteractionMetadata;
}

export class InteractionDelivery {
  readonly #world: FakeWorld;
  readonly #gateway: FakeGateway;

  constructor(world: FakeWorld, gateway: FakeGateway) {
    this.#world = world;
    this.#gateway = gateway;
  }

  /** A guild interaction: guild, channel and member must all be in the spec. */
  guildContext(method: string, origin: InteractionOrigin): InteractionContext {
    const guild = this.#world.guild(origin.guildId);
    const channel = guild?.channels.find((c) => c.id === origin.channelId);
    const user = this.#world.member(origin.guildId, origin.userId);
    if (!guild || !channel || !user) {
      throw new Error(`FakeDiscord.${method}: guild ${origin.guildId}, channel ${origin.channelId} and member ${origin.userId} must all be in the spec`);
    }
    return { ...this.#fresh(), applicationId: this.#world.applicationId, guild, channel, user, joinedAt: this.#world.joinedAt };
  }

  /** A guild interaction, or one in the user's DM channel with the bot (opened by the bot before). */
  anyContext(method: string, origin: AnyOrigin): AnyInteractionContext {
    const info = this.#world.channel(origin.channelId);
    if (!info) throw new Error(`FakeDiscord.${method}: unknown channel ${origin.channelId} (a DM channel exists once the bot opened it)`);
    if (info.kind === 'guild') {
      if (origin.guildId !== undefined && origin.guildId !== info.guild.id) {
        throw new Error(`FakeDiscord.${method}: channel ${origin.channelId} is in guild ${info.guild.id}, not ${origin.guildId}`);
      }
      return this.guildContext(method, { ...origin, guildId: info.guild.id });
    }
    if (origin.guildId !== undefined) throw new Error(`FakeDiscord.${method}: channel ${origin.channelId} is a DM channel, not in guild ${origin.guildId}`);
    if (info.user.id !== origin.userId)
      throw new Error(`FakeDiscord.${method}: DM channel ${origin.channelId} belongs to user ${info.user.id}, not ${origin.userId}`);
    return { ...this.#fresh(), applicationId: this.#world.applicationId, channelId: origin.channelId, user: info.user };
  }

  deliver(ctx: AnyInteractionContext, type: number, payload: unknown, extras: DeliveryExtras = {}): SentInteraction {
    const { id, token } = ctx;
    this.#world.addInteraction({
      id,
      token,
      type,
      guildId: inGuild(ctx) ? ctx.guild.id : undefined,
      channelId: inGuild(ctx) ? ctx.channel.id : ctx.channelId,
      userId: ctx.user.id,
      createdAt: Date.now(),
      tokenExpired: false,
      attachmentSizeLimit: attachmentSizeLimitOf(ctx),
      ...(extras.messageId ? { messageId: extras.messageId } : {}),
      ...(extras.targetMessageId ? { targetMessageId: extras.targetMessageId } : {}),
      metadata: extras.metadata ?? commandMetadata(ctx, apiUser(ctx.user), extras.targetMessageId),
      record: { followUps: [] },
    });
    if (this.#gateway.dispatch('INTERACTION_CREATE', payload, null) === 0) {
      throw new Error('FakeDiscord: no identified gateway session to receive INTERACTION_CREATE; await waitForIdentify() first');
    }
    return { id, token };
  }

  #fresh(): { id: string; token: string } {
    const id = nextSnowflake();
    return { id, token: `interaction-token-${id}-${randomBytes(8).toString('hex')}` };
  }
}
