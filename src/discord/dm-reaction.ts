import { DiscordAPIError, Routes } from 'discord.js';
import { describe } from './discord-notifier.ts';
import type { ResultReaction, ResultReactionDeps } from './result-reactions.ts';
import { messageLink, providerLabel, splitForDiscord, taskDetails } from './task-details.ts';

/** Discord's "Cannot send messages to this user" (DMs closed, or no shared server). */
const DMS_CLOSED = 50007;

/**
 * ✉️: DMs whoever reacted the video URL(s) and every parameter of the task, with a link back to
 * the result. Closed DMs are only logged: nothing shows in the channel.
 */
export async function dmFromReaction(event: ResultReaction, deps: ResultReactionDeps): Promise<void> {
  const { task } = event;
  const text = taskDetails(task, {
    providerLabel: providerLabel(deps.providers, task.provider),
    place: { kind: 'link', url: messageLink(event.guildId, event.channelId, event.messageId) },
  });
  try {
    const dm = (await event.client.rest.post(Routes.userChannels(), { body: { recipient_id: event.userId } })) as { id: string };
    for (const content of splitForDiscord(text)) {
      await event.client.rest.post(Routes.channelMessages(dm.id), { body: { content, allowed_mentions: { parse: [] } } });
    }
    deps.log.info({ taskId: task.id, userId: event.userId }, 'task details sent by DM');
  } catch (error) {
    if (error instanceof DiscordAPIError && Number(error.code) === DMS_CLOSED) {
      deps.log.info({ taskId: task.id, userId: event.userId }, 'could not DM task details: the user does not accept DMs');
    } else {
      deps.log.warn({ taskId: task.id, userId: event.userId, err: describe(error) }, 'could not DM task details');
    }
  }
}
