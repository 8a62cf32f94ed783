// Messages the bot created (channel messages, DMs, interaction replies), with edits, deletes and own reactions.
import type { APIMessageInteractionMetadata, APIUser } from 'discord-api-types/v10';
import { apiMessage } from './fixtures.ts';
import type { FileHost } from './file-host.ts';
import { nextSnowflake } from './snowflake.ts';
import type { StoredMessage, UploadedFile } from './types.ts';

/** MessageFlags.Ephemeral */
const EPHEMERAL = 64;

/** What happened to a message; reactions are the bot's own (PUT/DELETE .../@me). */
export type MessageChange = 'create' | 'update' | 'delete' | 'reaction-add' | 'reaction-remove';
export type MessageListener = (kind: MessageChange, message: StoredMessage, emoji?: string) => void;

/** The message fields the fake reads from a create/edit body; everything else stays in `raw`. */
interface MessageBody {
  content?: string | null;
  embeds?: unknown[] | null;
  components?: unknown[] | null;
  attachments?: Array<{ id?: string | number; filename?: string }> | null;
  message_reference?: StoredMessage['message_reference'];
  allowed_mentions?: unknown;
  flags?: number | null;
}

export interface NewMessage {
  channelId: string;
  guildId?: string;
  body: unknown;
  files: UploadedFile[];
  interactionId?: string;
  /** Extra flags the server sets itself (e.g. 128 "loading" for a deferred reply). */
  extraFlags?: number;
  /** Set by the server for interaction responses (they cannot choose these themselves). */
  type?: number;
  reference?: StoredMessage['message_reference'];
  interactionMetadata?: APIMessageInteractionMetadata;
  webhookId?: string;
}

export class MessageStore {
  readonly #byId = new Map<string, StoredMessage>();
  readonly #byChannel = new Map<string, StoredMessage[]>();
  readonly #author: APIUser;
  readonly #files: FileHost;
  readonly #onChange: MessageListener;

  constructor(author: APIUser, files: FileHost, onChange: MessageListener) {
    this.#author = author;
    this.#files = files;
    this.#onChange = onChange;
  }

  create(input: NewMessage): StoredMessage {
    const body = asBody(input.body);
    const message: StoredMessage = {
      id: nextSnowflake(),
      channel_id: input.channelId,
      ...(input.guildId ? { guild_id: input.guildId } : {}),
      author: this.#author,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: this.#upload(body, input.files),
      files: [...input.files],
      ...(input.reference || body.message_reference ? { message_reference: input.reference ?? body.message_reference } : {}),
      ...(body.allowed_mentions !== undefined ? { allowed_mentions: body.allowed_mentions } : {}),
      flags: (body.flags ?? 0) | (input.extraFlags ?? 0),
      reactions: [],
      edited: false,
      deleted: false,
      ...(input.interactionId ? { interaction_id: input.interactionId } : {}),
      ...(input.type !== undefined ? { type: input.type } : {}),
      ...(input.interactionMetadata ? { interaction_metadata: input.interactionMetadata } : {}),
      ...(input.webhookId ? { webhook_id: input.webhookId } : {}),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      raw: input.body,
    };
    this.insert(message);
    this.#onChange('create', message);
    return message;
  }

  /** Stores a message someone else wrote (e.g. a user's, for a context-menu command) without any gateway event. */
  insert(message: StoredMessage): StoredMessage {
    if (this.#byId.has(message.id)) throw new Error(`FakeDiscord: message ${message.id} already exists`);
    this.#byId.set(message.id, message);
    const list = this.#byChannel.get(message.channel_id) ?? [];
    list.push(message);
    this.#byChannel.set(message.channel_id, list);
    return message;
  }

  edit(message: StoredMessage, rawBody: unknown, files: UploadedFile[], clearFlags = 0): StoredMessage {
    const body = asBody(rawBody);
    if (body.content !== undefined) message.content = body.content ?? '';
    if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
    if (body.components !== undefined) message.components = body.components ?? [];
    if (body.allowed_mentions !== undefined) message.allowed_mentions = body.allowed_mentions;
    const kept = body.attachments == null ? message.attachments : message.attachments.filter((a) => body.attachments?.some((keep) => String(keep.id) === a.id));
    message.attachments = [...kept, ...this.#upload(body, files)];
    message.files.push(...files);
    // Ephemerality is fixed at creation, as on Discord.
    message.flags = (((body.flags ?? message.flags) & ~EPHEMERAL) | (message.flags & EPHEMERAL)) & ~clearFlags;
    message.edited = true;
    message.edited_timestamp = new Date().toISOString();
    message.raw = rawBody;
    this.#onChange('update', message);
    return message;
  }

  remove(message: StoredMessage): void {
    message.deleted = true;
    this.#onChange('delete', message);
  }

  setReaction(message: StoredMessage, emoji: string, present: boolean): void {
    const has = message.reactions.includes(emoji);
    if (present && !has) message.reactions.push(emoji);
    if (!present && has) message.reactions = message.reactions.filter((e) => e !== emoji);
    if (present !== has) this.#onChange(present ? 'reaction-add' : 'reaction-remove', message, emoji);
  }

  /** A live (not deleted) message in that channel. */
  get(channelId: string, messageId: string): StoredMessage | undefined {
    const message = this.#byId.get(messageId);
    return message && !message.deleted && message.channel_id === channelId ? message : undefined;
  }

  byId(messageId: string): StoredMessage | undefined {
    return this.#byId.get(messageId);
  }

  /**
   * GET /channels/{id}/messages: live, non-ephemeral messages newest first, `limit` of them before, after
   * or around an id (snowflake order). https://discord.com/developers/docs/resources/message#get-channel-messages
   */
  history(channelId: string, page: { limit: number; before?: string; after?: string; around?: string }): StoredMessage[] {
    const visible = this.inChannel(channelId)
      .filter((m) => (m.flags & EPHEMERAL) === 0)
      .sort((a, b) => compareIds(b.id, a.id));
    const { limit } = page;
    if (page.before !== undefined) return visible.filter((m) => compareIds(m.id, page.before ?? '') < 0).slice(0, limit);
    if (page.after !== undefined) return visible.filter((m) => compareIds(m.id, page.after ?? '') > 0).slice(-limit);
    if (page.around !== undefined) {
      const around = page.around;
      const newer = visible.filter((m) => compareIds(m.id, around) > 0).slice(-Math.floor(limit / 2));
      const rest = visible.filter((m) => compareIds(m.id, around) <= 0).slice(0, limit - newer.length);
      return [...newer, ...rest];
    }
    return visible.slice(0, limit);
  }

  inChannel(channelId: string, includeDeleted = false): StoredMessage[] {
    return (this.#byChannel.get(channelId) ?? []).filter((m) => includeDeleted || !m.deleted);
  }

  toApi(message: StoredMessage): ReturnType<typeof apiMessage> {
    const referencedId = message.message_reference?.message_id;
    const referenced = referencedId ? this.#byId.get(referencedId) : undefined;
    return apiMessage(message, referenced && !referenced.deleted ? referenced : undefined);
  }

  #upload(body: MessageBody, files: UploadedFile[]): StoredMessage['attachments'] {
    return files.map((file, index) => {
      const described = body.attachments?.find((a) => String(a.id) === String(index));
      const filename = described?.filename ?? file.name;
      const url = this.#files.host(filename, file.bytes, file.contentType);
      return { id: nextSnowflake(), filename, size: file.bytes.byteLength, url, proxy_url: url, content_type: file.contentType };
    });
  }
}

function compareIds(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

function asBody(raw: unknown): MessageBody {
  return typeof raw === 'object' && raw !== null ? (raw as MessageBody) : {};
}
