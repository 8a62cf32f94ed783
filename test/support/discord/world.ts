// The fake's state: guilds and users from the spec, DM channels, messages, interactions, commands, failures.
import type { APIMessageInteractionMetadata } from 'discord-api-types/v10';
import { apiUser } from './fixtures.ts';
import { FileHost } from './file-host.ts';
import { MessageStore } from './message-store.ts';
import type { MessageListener } from './message-store.ts';
import { nextSnowflake } from './snowflake.ts';
import type { ChannelFailure, FakeChannelSpec, FakeDiscordOptions, FakeGuildSpec, FakeUser, InteractionRecord } from './types.ts';

export type ChannelInfo = { kind: 'guild'; guild: FakeGuildSpec; channel: FakeChannelSpec } | { kind: 'dm'; user: FakeUser };

/** Discord's default upload limit per file (10 MiB): https://discord.com/developers/docs/reference#uploading-files */
export const DEFAULT_ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;
/** "Interaction tokens are valid for 15 minutes": https://discord.com/developers/docs/interactions/receiving-and-responding */
const DEFAULT_TOKEN_LIFETIME_MS = 15 * 60_000;

export interface InteractionState {
  id: string;
  token: string;
  /** InteractionType: 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  type: number;
  /** Undefined in DMs. */
  guildId: string | undefined;
  channelId: string;
  userId: string;
  /** Date.now() when the interaction was sent; the token's lifetime counts from here. */
  createdAt: number;
  /** Set by FakeDiscord.expireInteractionToken. */
  tokenExpired: boolean;
  attachmentSizeLimit: number;
  /** Component interactions (and modals opened from one): the message the component is on. */
  messageId?: string;
  /** Message context-menu commands: the target message, which the original response replies to. */
  targetMessageId?: string;
  /** What response messages carry as `interaction_metadata` (follow-ups add original_response_message_id). */
  metadata: APIMessageInteractionMetadata;
  record: InteractionRecord;
}

export class FakeWorld {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly guilds: FakeGuildSpec[];
  readonly baseUrl: string;
  /** When the bot "joined" every guild (members' joined_at too). */
  readonly joinedAt = new Date().toISOString();
  readonly files: FileHost;
  readonly messages: MessageStore;
  readonly registeredCommands = new Map<string, unknown[]>();
  readonly channelFailures = new Map<string, ChannelFailure>();
  readonly usersWithClosedDms = new Set<string>();
  readonly interactionTokenLifetimeMs: number;
  readonly #interactions = new Map<string, InteractionState>();
  readonly #dmByUser = new Map<string, string>();
  readonly #commandIds = new Map<string, string>();

  constructor(options: FakeDiscordOptions, baseUrl: string, onMessage: MessageListener) {
    this.token = options.botToken;
    this.applicationId = options.applicationId;
    this.botUser = options.botUser ?? { id: nextSnowflake(), username: 'fake-bot', bot: true };
    this.guilds = options.guilds;
    this.interactionTokenLifetimeMs = options.interactionTokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS;
    this.baseUrl = baseUrl;
    this.files = new FileHost(baseUrl);
    this.messages = new MessageStore(apiUser({ ...this.botUser, bot: true }), this.files, onMessage);
  }

  guild(guildId: string): FakeGuildSpec | undefined {
    return this.guilds.find((g) => g.id === guildId);
  }

  user(userId: string): FakeUser | undefined {
    if (userId === this.botUser.id) return this.botUser;
    for (const guild of this.guilds) {
      const member = guild.members.find((m) => m.id === userId);
      if (member) return member;
    }
    return undefined;
  }

  member(guildId: string, userId: string): FakeUser | undefined {
    if (userId === this.botUser.id && this.guild(guildId)) return this.botUser;
    return this.guild(guildId)?.members.find((m) => m.id === userId);
  }

  channel(channelId: string): ChannelInfo | undefined {
    for (const guild of this.guilds) {
      const channel = guild.channels.find((c) => c.id === channelId);
      if (channel) return { kind: 'guild', guild, channel };
    }
    for (const [userId, dmId] of this.#dmByUser) {
      const user = this.user(userId);
      if (dmId === channelId && user) return { kind: 'dm', user };
    }
    return undefined;
  }

  /** The DM channel id with that user, created on first use (stable afterwards). */
  openDm(userId: string): string {
    const existing = this.#dmByUser.get(userId);
    if (existing) return existing;
    const id = nextSnowflake();
    this.#dmByUser.set(userId, id);
    return id;
  }

  dmChannelId(userId: string): string | undefined {
    return this.#dmByUser.get(userId);
  }

  /** Command id for a name: the registered one when the bot registered it, else a stable made-up id. */
  commandId(guildId: string, name: string): string {
    for (const scope of [guildId, 'global']) {
      const found = (this.registeredCommands.get(scope) ?? []).find((c) => (c as { name?: string }).name === name);
      if (found) return (found as { id: string }).id;
    }
    const key = `${guildId}/${name}`;
    const id = this.#commandIds.get(key) ?? nextSnowflake();
    this.#commandIds.set(key, id);
    return id;
  }

  registeredCommandId(scope: string, name: string): string {
    const key = `${scope}/${name}`;
    const id = this.#commandIds.get(key) ?? nextSnowflake();
    this.#commandIds.set(key, id);
    return id;
  }

  /** The per-file upload limit in that channel: its guild's attachmentSizeLimit, or the default (DMs too). */
  attachmentSizeLimit(channelId: string): number {
    const info = this.channel(channelId);
    return (info?.kind === 'guild' ? info.guild.attachmentSizeLimit : undefined) ?? DEFAULT_ATTACHMENT_SIZE_LIMIT;
  }

  /** Whether the interaction's token no longer works (expired by lifetime or on request). */
  tokenExpired(state: InteractionState): boolean {
    return state.tokenExpired || Date.now() - state.createdAt >= this.interactionTokenLifetimeMs;
  }

  addInteraction(state: InteractionState): void {
    this.#interactions.set(state.id, state);
  }

  interaction(id: string): InteractionState | undefined {
    return this.#interactions.get(id);
  }

  interactionByToken(token: string): InteractionState | undefined {
    for (const state of this.#interactions.values()) if (state.token === token) return state;
    return undefined;
  }
}
