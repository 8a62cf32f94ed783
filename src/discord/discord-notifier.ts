import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { Task } from '../domain/task.ts';
import type { Eta, Logger, TaskNotifier } from '../flow/ports.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import { outcomeMessage, RERUN_EMOJI, statusContent, type MessageBody } from './message-builders.ts';

interface PostedMessage {
  id: string;
}

/** Discord error codes that mean "this channel is not usable by the bot" (→ DM the requester). */
const CHANNEL_UNUSABLE = new Set([10003, 50001, 50013, 50007, 10008]);

/**
 * Posts and edits task messages by channel id with the bot token (interaction tokens die after
 * 15 minutes; videos can take longer). Falls back to the requester's DMs when the channel is gone.
 */
export class DiscordNotifier implements TaskNotifier {
  readonly #rest: REST;
  readonly #providers: ProviderRegistry;
  readonly #log: Logger;

  constructor(rest: REST, providers: ProviderRegistry, log: Logger) {
    this.#rest = rest;
    this.#providers = providers;
    this.#log = log;
  }

  async showStatus(task: Task, eta: Eta | undefined, now: number): Promise<void> {
    const messageId = task.origin.statusMessageId;
    if (!messageId) return;
    try {
      await this.#rest.patch(Routes.channelMessage(task.origin.channelId, messageId), {
        body: { content: statusContent(task, eta, now), allowed_mentions: { parse: [] } },
      });
    } catch (error) {
      this.#log.debug({ taskId: task.id, err: describe(error) }, 'status message not updated');
    }
  }

  async postOutcome(task: Task): Promise<{ messageId: string; viaDm: boolean }> {
    await this.showStatus(task, undefined, task.completedAt ?? Date.now());
    // A task that never reached the provider: its status message (the user's own reply) says why.
    if (task.status === 'failed' && !task.submittedAt && task.origin.statusMessageId) {
      return { messageId: task.origin.statusMessageId, viaDm: false };
    }
    const label = this.#providerLabel(task.provider);
    const body = outcomeMessage(task, label);
    try {
      const message = (await this.#rest.post(Routes.channelMessages(task.origin.channelId), { body })) as PostedMessage;
      await this.#addRerunReaction(task, task.origin.channelId, message.id);
      return { messageId: message.id, viaDm: false };
    } catch (error) {
      if (!(error instanceof DiscordAPIError) || !CHANNEL_UNUSABLE.has(Number(error.code))) throw error;
      this.#log.warn({ taskId: task.id, channelId: task.origin.channelId, err: describe(error) }, 'cannot post in channel; sending by DM');
    }
    return { messageId: await this.#postByDm(task, body), viaDm: true };
  }

  async #postByDm(task: Task, body: MessageBody): Promise<string> {
    const dm = (await this.#rest.post(Routes.userChannels(), { body: { recipient_id: task.origin.userId } })) as PostedMessage;
    const note = `\n(I could not post in <#${task.origin.channelId}>, so here it is by DM.)`;
    const { message_reference: _dropped, ...rest } = body;
    const message = (await this.#rest.post(Routes.channelMessages(dm.id), {
      body: { ...rest, content: `${body.content}${note}`.slice(0, 2000) },
    })) as PostedMessage;
    await this.#addRerunReaction(task, dm.id, message.id);
    return message.id;
  }

  /**
   * Adds 🔁 to a result so people see they can rerun it (✉️ and ❌ are named in the message
   * instead: every extra reaction is another call against Discord's 50 requests a second).
   */
  async #addRerunReaction(task: Task, channelId: string, messageId: string): Promise<void> {
    if (task.status !== 'succeeded') return;
    try {
      await this.#rest.put(Routes.channelMessageOwnReaction(channelId, messageId, encodeURIComponent(RERUN_EMOJI)));
    } catch (error) {
      this.#log.debug({ taskId: task.id, err: describe(error) }, 'could not add the rerun reaction');
    }
  }

  #providerLabel(name: string): string {
    return this.#providers.has(name) ? this.#providers.get(name).label : name;
  }
}

export function describe(error: unknown): string {
  if (error instanceof DiscordAPIError) return `Discord ${error.status} ${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
