import type { MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { Logger } from '../flow/ports.ts';
import type { TaskStore } from '../store/task-store.ts';
import { describe } from './discord-notifier.ts';
import { RERUN_EMOJI } from './message-builders.ts';
import type { VideoStarter } from './video-starter.ts';

/**
 * 🔁 on a result message reruns its request as a new task. Works for messages from before a
 * restart (the client has Message/Reaction partials; the task is found by message id in the store).
 * Bots' reactions (including the bot's own 🔁) and other emoji do nothing.
 */
export function makeReactionHandler(deps: { store: TaskStore; video: VideoStarter; log: Logger }) {
  return async (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): Promise<void> => {
    deps.log.debug({ emoji: reaction.emoji.name, userId: user.id, messageId: reaction.message.id }, 'reaction received');
    if (reaction.emoji.name !== RERUN_EMOJI) return;
    if (user.bot || user.id === reaction.client.user.id) return;
    const messageId = reaction.message.id;
    const task = await deps.store.taskForMessage(messageId);
    if (!task || task.resultMessageId !== messageId || task.status !== 'succeeded') return;
    deps.log.info({ taskId: task.id, userId: user.id, messageId }, 'rerun requested by reaction');
    try {
      await deps.video.rerun(task, user.id, reaction.message.channelId, messageId, reaction.message.guildId);
    } catch (error) {
      deps.log.error({ taskId: task.id, err: describe(error) }, 'rerun failed to start');
    }
  };
}
