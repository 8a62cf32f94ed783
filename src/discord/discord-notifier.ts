import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { Task } from '../domain/task.ts';
import type { Delivery, Eta, Logger, TaskNotifier } from '../flow/ports.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import type { MessageBody } from './message-builders.ts';
import { failureMessage, resultFooter, resultMessage } from './result-message.ts';
import { moneyLine, statusContent } from './status-message.ts';

interface PostedMessage {
  id: string;
  author?: { id: string };
  content?: string;
  embeds?: Array<{ footer?: { text?: string } }>;
  message_reference?: { message_id?: string };
}

/** Discord error codes that mean "this channel is not usable by the bot" (→ DM the requester). */
const CHANNEL_UNUSABLE = new Set([10003, 50001, 50013, 50007, 10008]);

export interface NotifierOptions {
  /** The bot's own user id (to recognise its earlier posts). */
  botUserId: () => Promise<string>;
  /** Post http video links too (local testing only). */
  allowHttpLinks: boolean;
}

/**
 * Posts and edits task messages by channel id with the bot token (interaction tokens die after
 * 15 minutes; videos can take longer). Falls back to the requester's DMs when the channel is gone.
 */
export class DiscordNotifier implements TaskNotifier {
  readonly #rest: REST;
  readonly #providers: ProviderRegistry;
  readonly #log: Logger;
  readonly #options: NotifierOptions;

  constructor(rest: REST, providers: ProviderRegistry, log: Logger, options: NotifierOptions) {
    this.#rest = rest;
    this.#providers = providers;
    this.#log = log;
    this.#options = options;
  }

  async showStatus(task: Task, eta: Eta | undefined): Promise<void> {
    const messageId = task.origin.statusMessageId;
    if (!messageId) return;
    try {
      await this.#rest.patch(Routes.channelMessage(task.origin.channelId, messageId), {
        body: { content: statusContent(task, eta), allowed_mentions: { parse: [] } },
      });
    } catch (error) {
      this.#log.debug({ taskId: task.id, err: describe(error) }, 'status message not updated');
    }
  }

  async postOutcome(task: Task): Promise<Delivery> {
    // A task that never reached the provider: its status message (the member's own reply) says why.
    if (task.status === 'failed' && !task.submittedAt && task.origin.statusMessageId) {
      return { messageId: task.origin.statusMessageId, viaDm: false };
    }
    const body = this.#outcomeBody(task);
    try {
      const message = (await this.#rest.post(Routes.channelMessages(task.origin.channelId), { body })) as PostedMessage;
      return { messageId: message.id, viaDm: false };
    } catch (error) {
      if (!(error instanceof DiscordAPIError) || !CHANNEL_UNUSABLE.has(Number(error.code))) throw error;
      this.#log.warn({ taskId: task.id, channelId: task.origin.channelId, err: describe(error) }, 'cannot post in channel; sending by DM');
    }
    return { messageId: await this.#postByDm(task, body), viaDm: true };
  }

  async findOutcome(task: Task): Promise<Delivery | undefined> {
    const statusId = task.origin.statusMessageId;
    if (!statusId) return undefined;
    if (task.status === 'failed' && !task.submittedAt) return { messageId: statusId, viaDm: false };
    const botId = await this.#options.botUserId();
    const mine = (m: PostedMessage) =>
      m.author?.id === botId &&
      (m.embeds?.some((e) => e.footer?.text === resultFooter(task.id)) ||
        (m.message_reference?.message_id === statusId && (m.content ?? '').startsWith(`<@${task.origin.userId}> your video`)));
    try {
      const recent = (await this.#rest.get(Routes.channelMessages(task.origin.channelId), {
        query: new URLSearchParams({ after: statusId, limit: '100' }),
      })) as PostedMessage[];
      const found = recent.find(mine);
      if (found) return { messageId: found.id, viaDm: false };
    } catch (error) {
      this.#log.warn({ taskId: task.id, err: describe(error) }, 'could not look for an earlier post in the channel');
    }
    return undefined;
  }

  async tell(task: Task, text: string): Promise<void> {
    const reference = task.origin.statusMessageId ? { message_reference: { message_id: task.origin.statusMessageId, fail_if_not_exists: false } } : {};
    try {
      await this.#rest.post(Routes.channelMessages(task.origin.channelId), {
        body: { content: `<@${task.origin.userId}> ${text}`, allowed_mentions: { parse: [], users: [task.origin.userId] }, ...reference },
      });
    } catch (error) {
      this.#log.warn({ taskId: task.id, err: describe(error) }, 'could not tell the requester');
    }
  }

  #outcomeBody(task: Task): MessageBody {
    if (task.status !== 'succeeded') return failureMessage(task, task.submittedAt ? moneyLine(task, true) : undefined);
    const provider = this.#providers.has(task.provider) ? this.#providers.get(task.provider) : undefined;
    const expiresAt = provider?.resultExpiry?.(task, task.completedAt ?? Date.now());
    return resultMessage(task, {
      providerLabel: provider?.label ?? task.provider,
      allowHttpLinks: this.#options.allowHttpLinks,
      videos: task.results.map((r) => ({ resultId: r.id, url: r.url, permanent: false, expiresAt })),
    });
  }

  async #postByDm(task: Task, body: MessageBody): Promise<string> {
    const dm = (await this.#rest.post(Routes.userChannels(), { body: { recipient_id: task.origin.userId } })) as PostedMessage;
    const note = `\n(I could not post in <#${task.origin.channelId}>, so here it is by DM.)`;
    const { message_reference: _dropped, ...rest } = body;
    const message = (await this.#rest.post(Routes.channelMessages(dm.id), {
      body: { ...rest, content: `${body.content}${note}`.slice(0, 2000) },
    })) as PostedMessage;
    return message.id;
  }
}

export function describe(error: unknown): string {
  if (error instanceof DiscordAPIError) return `Discord ${error.status} ${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
