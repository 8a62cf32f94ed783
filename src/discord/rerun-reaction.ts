import { describe } from './discord-notifier.ts';
import { memberOf } from './members.ts';
import type { ResultReaction, ResultReactionDeps } from './result-reactions.ts';

/** 🔁: runs a successful result's request again as a new task for whoever reacted. */
export async function rerunFromReaction(event: ResultReaction, deps: ResultReactionDeps): Promise<void> {
  const { task } = event;
  if (task.status !== 'succeeded') return;
  if (task.resultDeletedAt !== undefined) {
    deps.log.info({ taskId: task.id, userId: event.userId }, 'rerun ignored: the result was deleted');
    return;
  }
  deps.log.info({ taskId: task.id, userId: event.userId, messageId: event.messageId }, 'rerun requested by reaction');
  try {
    const member = await memberOf(event.client, event.guildId, event.userId);
    await deps.video.rerunFromReaction(task, {
      userId: event.userId,
      guildId: event.guildId,
      channelId: event.channelId,
      messageId: event.messageId,
      ...member,
    });
  } catch (error) {
    deps.log.error({ taskId: task.id, err: describe(error) }, 'rerun failed to start');
  }
}
