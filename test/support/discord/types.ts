// Public shapes of the FakeDiscord test server (see ./index.ts).
import type { APIUser } from 'discord-api-types/v10';

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
  /**
   * This member's guild permissions, a decimal bit string (default ALL_PERMISSIONS, "2199023255551",
   * which includes Administrator). Sent as `member.permissions` in interactions, and carried by a
   * role of the member's own in GUILD_CREATE, interaction members and GET /guilds/{g}/members/{u}
   * (@everyone grants nothing), so in the bot `member.permissions` and
   * `member.permissionsIn(channel)` are exactly these bits. For a member without Manage Messages /
   * Manage Guild use '0' or e.g. String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages).
   * A member with explicit permissions is never the default guild owner (the owner has every
   * permission whatever its roles); set FakeGuildSpec.ownerId to choose one.
   */
  permissions?: string;
}

export interface FakeChannelSpec {
  id: string;
  name: string;
}

export interface FakeGuildSpec {
  id: string;
  name: string;
  channels: FakeChannelSpec[];
  members: FakeUser[];
  ownerId?: string;
}

export interface FakeDiscordOptions {
  botToken: string;
  applicationId: string;
  botUser?: FakeUser;
  guilds: FakeGuildSpec[];
}

/** A file the bot uploaded with a message (multipart `files[n]` part). */
export interface UploadedFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: APIUser;
  content: string;
  embeds: unknown[];
  components: unknown[];
  /** API attachment objects; their urls are served by the fake server (or come from the spec). */
  attachments: StoredAttachment[];
  /** Bytes of every file uploaded for this message (creation and edits), in upload order. */
  files: UploadedFile[];
  message_reference?: { message_id?: string; channel_id?: string; guild_id?: string; fail_if_not_exists?: boolean; type?: number };
  allowed_mentions?: unknown;
  flags: number;
  /** Emoji names the bot added via PUT .../reactions/{emoji}/@me (and did not remove). */
  reactions: string[];
  edited: boolean;
  deleted: boolean;
  /** Set when the message is an interaction reply or follow-up. */
  interaction_id?: string;
  timestamp: string;
  edited_timestamp: string | null;
  /** The full JSON body of the latest create/edit request (payload_json when multipart). */
  raw: unknown;
}

export interface StoredAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type: string;
  width?: number;
  height?: number;
}

export interface RestCall {
  method: string;
  /** Percent-decoded path after /api/v10, without the query string. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** HTTP status the fake answered with. */
  status: number;
  at: number;
}

export interface InteractionRecord {
  callback?: { type: number; data?: any }; // any: data is whatever the bot sent; tests poke into it freely
  original?: StoredMessage;
  followUps: StoredMessage[];
}

/** Where an interaction happens and who triggers it; all three must be in the guild spec. */
export interface InteractionOrigin {
  guildId: string;
  channelId: string;
  userId: string;
}

export interface ChatCommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: ChatCommandOption[];
}

export interface FakeAttachmentSpec {
  filename: string;
  contentType?: string;
  size?: number;
  width?: number;
  height?: number;
  url: string;
}

export interface ChatCommandInput {
  guildId: string;
  channelId: string;
  userId: string;
  name: string;
  options?: ChatCommandOption[];
  /** Keyed by option name; each becomes an ATTACHMENT option whose value is the auto-assigned attachment id. */
  attachments?: Record<string, FakeAttachmentSpec>;
}

export interface ReactionInput {
  guildId?: string;
  channelId: string;
  messageId: string;
  userId: string;
  /** A unicode emoji ('🔁') or a custom one as 'name:id'. */
  emoji: string;
}

export type ChannelFailure = 'forbidden' | 'missing';

/** An autocomplete request: exactly one option (possibly inside a sub-command) has `focused: true`; its value is sent as a string. */
export interface AutocompleteInput extends InteractionOrigin {
  name: string;
  options: ChatCommandOption[];
}

/** One choice the bot offered with `interaction.respond([...])`. */
export interface AutocompleteChoice {
  name: string;
  value: string | number;
}

/**
 * The message a message context-menu command targets. Without `id` the fake first stores it in the
 * channel as a message by `authorId` (no gateway event), so the bot can fetch it too; with `id` it is
 * only sent in the interaction. Attachments get ids; a missing contentType becomes application/octet-stream.
 */
export interface TargetMessageSpec {
  id?: string;
  content: string;
  authorId: string;
  attachments: FakeAttachmentSpec[];
}

export interface MessageCommandInput extends InteractionOrigin {
  name: string;
  targetMessage: TargetMessageSpec;
}

/** A modal submission; each field becomes its own action row holding one text input (custom_id → value). */
export interface ModalSubmitInput extends InteractionOrigin {
  customId: string;
  fields: Record<string, string>;
}

/** The modal the bot answered an interaction with (callback type 9). */
export interface ShownModal {
  custom_id: string;
  title: string;
  components: unknown[];
}
