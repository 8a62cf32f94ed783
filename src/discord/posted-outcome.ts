import { Routes, type REST } from 'discord.js';
import type { Task } from '../domain/task.ts';
import type { Delivery } from '../flow/ports.ts';
import type { Logger } from '../logging/log.ts';
import { resultFooter } from './result-message.ts';

export interface PostedMessage {
  id: string;
  author?: { id: string };
  content?: string;
  embeds?: Array<{ footer?: { text?: string } }>;
  message_reference?: { message_id?: string };
}

/**
 * Looks in the channel, after the status message, for an outcome of this task the bot already posted
 * (recognised by the task id in the embed footer, or by being the bot's reply to the status that
 * mentions the requester): a crash between posting and recording it must not post twice, however long
 * the bot was down (Discord's nonce check lasts only minutes).
 */
export async function findPostedOutcome(task: Task, deps: { rest: REST; botUserId: () => Promise<string>; log: Logger }): Promise<Delivery | undefined> {
  const statusId = task.origin.statusMessageId;
  if (!statusId) return undefined;
  if (task.status === 'failed' && !task.submittedAt) return { messageId: statusId, viaDm: false };
  try {
    const botId = await deps.botUserId();
    const mine = (m: PostedMessage) =>
      m.author?.id === botId &&
      (m.embeds?.some((e) => e.footer?.text === resultFooter(task.id)) ||
        (m.message_reference?.message_id === statusId && (m.content ?? '').startsWith(`<@${task.origin.userId}> your video`)));
    const recent = (await deps.rest.get(Routes.channelMessages(task.origin.channelId), {
      query: new URLSearchParams({ after: statusId, limit: '100' }),
    })) as PostedMessage[];
    const found = recent.find(mine);
    return found ? { messageId: found.id, viaDm: false } : undefined;
  } catch (error) {
    deps.log.warn({ taskId: task.id, err: error instanceof Error ? error.message : String(error) }, 'could not look for an earlier post in the channel');
    return undefined;
  }
}
