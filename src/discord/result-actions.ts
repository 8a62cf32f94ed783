import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import type { Logger } from '../logging/log.ts';
import type { StoredTask, TaskRepository } from '../store/task-repository.ts';
import { describe } from './discord-notifier.ts';
import { messageLink, providerLabel, splitForDiscord, taskDetails } from './task-details.ts';

/** Discord's "Cannot send messages to this user" (DMs closed, or no shared server). */
const DMS_CLOSED = 50007;
/** Discord's "Unknown Message": someone deleted it already, which is what was wanted. */
const UNKNOWN_MESSAGE = 10008;

/** Where a result message is. */
export interface ResultPlace {
  guildId: string | null;
  channelId: string;
  messageId: string;
}

/** ✉️: DMs a member the video URL(s) and every parameter of a task, with a link back. Resolves false when DMs are closed. */
export async function sendTaskDetails(
  rest: REST,
  task: StoredTask,
  to: string,
  where: ResultPlace,
  deps: { providers?: ProviderRegistry; log: Logger },
): Promise<boolean> {
  const text = taskDetails(task, {
    providerLabel: providerLabel(deps.providers, task.provider),
    place: { kind: 'link', url: messageLink(where.guildId, where.channelId, where.messageId) },
  });
  try {
    const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: to } })) as { id: string };
    for (const content of splitForDiscord(text)) await rest.post(Routes.channelMessages(dm.id), { body: { content, allowed_mentions: { parse: [] } } });
    deps.log.info({ taskId: task.id, userId: to }, 'task details sent by DM');
    return true;
  } catch (error) {
    if (error instanceof DiscordAPIError && Number(error.code) === DMS_CLOSED) {
      deps.log.info({ taskId: task.id, userId: to }, 'could not DM task details: the user does not accept DMs');
    } else {
      deps.log.warn({ taskId: task.id, userId: to, err: describe(error) }, 'could not DM task details');
    }
    return false;
  }
}

/** ❌: deletes a result message (the caller has checked who may) and remembers it on the task. */
export async function deleteResult(
  rest: REST,
  task: StoredTask,
  by: string,
  where: ResultPlace,
  deps: { tasks: TaskRepository; log: Logger },
): Promise<boolean> {
  try {
    await rest.delete(Routes.channelMessage(where.channelId, where.messageId));
  } catch (error) {
    if (!(error instanceof DiscordAPIError && Number(error.code) === UNKNOWN_MESSAGE)) {
      deps.log.warn({ taskId: task.id, messageId: where.messageId, err: describe(error) }, 'could not delete the result message');
      return false;
    }
  }
  await deps.tasks.update(task.id, (t) => ({ ...t, resultDeletedAt: Date.now(), resultDeletedBy: by }));
  deps.log.info({ taskId: task.id, userId: by, messageId: where.messageId, byRequester: by === task.origin.userId }, 'result deleted');
  return true;
}
