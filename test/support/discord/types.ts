// Public shapes of the FakeDiscord test server (see ./index.ts).
import type { APIUser } from 'discord-api-types/v10';

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
  /** Guild permission bit string for this member in interactions (default: all, "2199023255551"). */
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
  /** API attachment objects; their urls are served by the fake server. */
  attachments: Array<{ id: string; filename: string; size: number; url: string; proxy_url: string; content_type: string }>;
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
