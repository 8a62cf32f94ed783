// Who, where and which interaction: the contexts interaction payloads are built from, and the fields every
// guild or DM interaction carries whatever its type (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object).
import { ApplicationIntegrationType, ChannelType, InteractionContextType, Locale, PermissionFlagsBits } from 'discord-api-types/v10';
import type {
  APIAuthorizingIntegrationOwnersMap,
  APIChatInputApplicationCommandDMInteraction,
  APIChatInputApplicationCommandGuildInteraction,
} from 'discord-api-types/v10';
import { ALL_PERMISSIONS, apiMember, apiUser } from './fixtures.ts';
import type { FakeChannelSpec, FakeGuildSpec, FakeUser } from './types.ts';
import { DEFAULT_ATTACHMENT_SIZE_LIMIT } from './world.ts';

/**
 * What an app may do in a DM with its bot user; Discord adds ATTACH_FILES, EMBED_LINKS, MENTION_EVERYONE and
 * USE_EXTERNAL_EMOJIS there (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object).
 */
const DM_APP_PERMISSIONS = (
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.UseExternalEmojis
).toString();

/** Who, where and which interaction: what every guild interaction payload is built from. */
export interface InteractionContext {
  id: string;
  token: string;
  applicationId: string;
  guild: FakeGuildSpec;
  channel: FakeChannelSpec;
  user: FakeUser;
  joinedAt: string;
}

export interface ChatCommandContext extends InteractionContext {
  commandId: string;
}

/** An interaction in the DM channel between a user and the bot. */
export interface DmInteractionContext {
  id: string;
  token: string;
  applicationId: string;
  channelId: string;
  user: FakeUser;
}

export type AnyInteractionContext = InteractionContext | DmInteractionContext;

export function inGuild(ctx: AnyInteractionContext): ctx is InteractionContext {
  return 'guild' in ctx;
}

/** GUILD_INSTALL ("0") → the guild id, or "0" in a DM with the bot user (same page, Authorizing Integration Owners). */
export function integrationOwners(ctx: AnyInteractionContext): APIAuthorizingIntegrationOwnersMap {
  return { [ApplicationIntegrationType.GuildInstall]: inGuild(ctx) ? ctx.guild.id : '0' };
}

export function attachmentSizeLimitOf(ctx: AnyInteractionContext): number {
  return (inGuild(ctx) ? ctx.guild.attachmentSizeLimit : undefined) ?? DEFAULT_ATTACHMENT_SIZE_LIMIT;
}

/** The fields every guild interaction carries, whatever its type and data. */
export type GuildInteractionBase = Omit<APIChatInputApplicationCommandGuildInteraction, 'type' | 'data'>;

export function guildInteractionBase(ctx: InteractionContext): GuildInteractionBase {
  return {
    id: ctx.id,
    application_id: ctx.applicationId,
    token: ctx.token,
    version: 1,
    guild_id: ctx.guild.id,
    guild: { id: ctx.guild.id, features: [], locale: Locale.EnglishUS },
    guild_locale: Locale.EnglishUS,
    channel_id: ctx.channel.id,
    channel: { id: ctx.channel.id, type: ChannelType.GuildText, guild_id: ctx.guild.id, name: ctx.channel.name },
    member: { ...apiMember(ctx.user, ctx.joinedAt, ctx.guild.id), permissions: ctx.user.permissions ?? ALL_PERMISSIONS },
    app_permissions: ALL_PERMISSIONS,
    locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: integrationOwners(ctx),
    context: InteractionContextType.Guild,
    attachment_size_limit: attachmentSizeLimitOf(ctx),
  };
}

/** The fields every interaction in a DM with the bot carries: `user` instead of `member`, no guild. */
export type DmInteractionBase = Omit<APIChatInputApplicationCommandDMInteraction, 'type' | 'data'>;

export function dmInteractionBase(ctx: DmInteractionContext): DmInteractionBase {
  const user = apiUser(ctx.user);
  return {
    id: ctx.id,
    application_id: ctx.applicationId,
    token: ctx.token,
    version: 1,
    channel_id: ctx.channelId,
    channel: { id: ctx.channelId, type: ChannelType.DM, recipients: [user] },
    user,
    app_permissions: DM_APP_PERMISSIONS,
    locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: integrationOwners(ctx),
    context: InteractionContextType.BotDM,
    attachment_size_limit: attachmentSizeLimitOf(ctx),
  };
}
