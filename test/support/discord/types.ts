// Public shapes of the FakeDiscord test server (see ./index.ts).
import type { APIMessageInteractionMetadata, APIUser } from 'discord-api-types/v10';

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
  /**
   * Further role ids this member holds (granting no permissions), e.g. for budgets by role or a spender
   * role. Each becomes a guild role (named `role <id>`) in GUILD_CREATE, and is in the member's `roles`.
   */
  roles?: string[];
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
  /**
   * Largest file (bytes) a message may carry here, sent as every interaction's `attachment_size_limit`
   * (default 10 MiB = 10485760, an unboosted guild's). Uploads over it answer 413 {code: 40005}.
   */
  attachmentSizeLimit?: number;
}

export interface FakeDiscordOptions {
  botToken: string;
  applicationId: string;
  botUser?: FakeUser;
  guilds: FakeGuildSpec[];
  /**
   * How long an interaction token works, from the moment the interaction was sent (default 15 minutes, as on
   * Discord). Afterwards its callback answers 404 {code: 10062} and /webhooks/{app}/{token}… 401 {code: 50027}.
   */
  interactionTokenLifetimeMs?: number;
  /** Discord's rate limits: off by default; `true` for Discord's numbers, or other numbers. See setRateLimits. */
  rateLimits?: boolean | RateLimitOptions;
}

/**
 * Rate limits as Discord applies them (https://discord.com/developers/docs/topics/rate-limits). Interaction
 * endpoints (POST /interactions/{id}/{token}/callback and /webhooks/{app}/{token}…) are exempt from both.
 */
export interface RateLimitOptions {
  /** Requests per second per bot token (per Authorization header) over every other route (default 50). */
  globalPerSecond?: number;
  /** POST /channels/{id}/messages allowed per channel per window (default 5 per 5000 ms). */
  channelMessages?: { limit: number; windowMs: number };
}

/** Counters for benchmarks; kept whether or not the limits are on. */
export interface RateLimitStats {
  /** API requests received (429 answers included): subject to the global limit, or interaction endpoints. */
  requests: { globalLimited: number; interactionEndpoints: number };
  /** 429 answers: over the global limit, or over a per-route (per-channel message) limit. */
  tooManyRequests: { global: number; perRoute: number };
  /** POST /channels/{id}/messages by channel: received, and answered 429 (either limit). */
  channels: Record<string, { messageCreates: number; tooManyRequests: number }>;
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
  /** Discord's message type when the server decides it (interaction responses); else derived from the reference. */
  type?: number;
  /** For interaction responses and follow-ups, as Discord sends it. */
  interaction_metadata?: APIMessageInteractionMetadata;
  /** For interaction responses and follow-ups: the application id (they are sent through its webhook). */
  webhook_id?: string;
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
  /**
   * The original response: the reply a callback 4/5 created, or, after 6/7 on a component interaction,
   * the message the component is on (what @original then refers to).
   */
  original?: StoredMessage;
  followUps: StoredMessage[];
}

export type ChannelFailure = 'forbidden' | 'missing';

export type * from './inputs.ts';
