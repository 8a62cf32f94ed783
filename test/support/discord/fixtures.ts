// Builders for the Discord API objects the fake server sends (typed against discord-api-types).
import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  MessageType,
} from 'discord-api-types/v10';
import type {
  APIDMChannel,
  GuildMemberFlags,
  APIGuildMember,
  APIMessage,
  APITextChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';
import { guildRoles, memberRoleId, ownerIdOf } from './roles.ts';
import type { FakeChannelSpec, FakeGuildSpec, FakeUser, StoredMessage } from './types.ts';

export { ALL_PERMISSIONS } from './roles.ts';
/** Bit-flag enums have no 0 member; Discord sends 0 for "no flags". */
const NO_FLAGS = 0;

export function apiUser(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: null,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
  };
}

/** A member of that guild; its first role carries the spec's `permissions` (see roles.ts), then its further `roles`. */
export function apiMember(user: FakeUser, joinedAt: string, guildId: string): APIGuildMember {
  return {
    user: apiUser(user),
    roles: [memberRoleId(guildId, user.id), ...(user.roles ?? [])],
    joined_at: joinedAt,
    deaf: false,
    mute: false,
    flags: NO_FLAGS as GuildMemberFlags,
  };
}

export function guildTextChannel(guildId: string, spec: FakeChannelSpec, position: number): APITextChannel {
  return {
    id: spec.id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name: spec.name,
    position,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
  };
}

export function dmChannel(id: string, recipient: FakeUser): APIDMChannel {
  return { id, type: ChannelType.DM, recipients: [apiUser(recipient)], last_message_id: null, name: null };
}

/**
 * GUILD_CREATE payload. Like real Discord, other members are only included when the bot asked for the
 * privileged GuildMembers intent; the bot's own member is always there.
 */
export function guildCreate(spec: FakeGuildSpec, bot: FakeUser, withAllMembers: boolean, joinedAt: string): GatewayGuildCreateDispatchData {
  const everyone = spec.members.some((m) => m.id === bot.id) ? spec.members : [...spec.members, bot];
  const members = withAllMembers ? everyone : [bot];
  return {
    id: spec.id,
    name: spec.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: ownerIdOf(spec, bot),
    region: 'us-west',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: guildRoles(spec.id, everyone),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    incidents_data: null,
    max_video_channel_users: 25,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: everyone.length,
    voice_states: [],
    members: members.map((m) => apiMember(m, joinedAt, spec.id)),
    channels: spec.channels.map((c, i) => guildTextChannel(spec.id, c, i)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** Message types whose `referenced_message` Discord resolves (https://discord.com/developers/docs/resources/message). */
const RESOLVES_REFERENCE = new Set<number>([MessageType.Reply, MessageType.ThreadStarterMessage, MessageType.ContextMenuCommand]);

/** The API form of a stored message; replies carry the referenced message when the fake knows it. */
export function apiMessage(message: StoredMessage, referenced?: StoredMessage): APIMessage & { guild_id?: string } {
  const reference = message.message_reference;
  // A forward (reference type 1) is a plain message with a reference; only type-0 references are replies.
  const isReply = reference !== undefined && (reference.type ?? 0) === 0;
  const type = message.type ?? (isReply ? MessageType.Reply : message.interaction_id ? MessageType.ChatInputCommand : MessageType.Default);
  return {
    id: message.id,
    channel_id: message.channel_id,
    author: message.author,
    content: message.content,
    timestamp: message.timestamp,
    edited_timestamp: message.edited_timestamp,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: message.attachments,
    embeds: message.embeds as APIMessage['embeds'],
    components: message.components as APIMessage['components'],
    pinned: false,
    type,
    flags: message.flags,
    ...(message.guild_id ? { guild_id: message.guild_id } : {}),
    ...(message.webhook_id ? { webhook_id: message.webhook_id, application_id: message.webhook_id } : {}),
    ...(message.interaction_metadata ? { interaction_metadata: message.interaction_metadata } : {}),
    ...(message.reactions.length > 0 ? { reactions: message.reactions.map((name) => reactionCount(name)) } : {}),
    ...(reference ? { message_reference: { channel_id: message.channel_id, ...reference } } : {}),
    ...(reference && RESOLVES_REFERENCE.has(type) ? { referenced_message: referenced ? apiMessage(referenced) : null } : {}),
  };
}

function reactionCount(name: string): NonNullable<APIMessage['reactions']>[number] {
  return {
    count: 1,
    count_details: { burst: 0, normal: 1 },
    me: true,
    me_burst: false,
    burst_colors: [],
    emoji: { id: null, name },
  };
}
