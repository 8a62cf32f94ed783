import type { MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import { deleteFromReaction } from './delete-reaction.ts';
import { describe } from './discord-notifier.ts';
import { dmFromReaction } from './dm-reaction.ts';
import { RERUN_EMOJI } from './message-builders.ts';
import { rerunFromReaction } from './rerun-reaction.ts';
import { DELETE_EMOJI, DM_EMOJI, sameEmoji, type ResultReaction, type ResultReactionDeps } from './result-reactions.ts';

type Action = (event: ResultReaction, deps: ResultReactionDeps) => Promise<void>;

const ACTIONS: ReadonlyArray<readonly [string, Action]> = [
  [RERUN_EMOJI, rerunFromReaction],
  [DELETE_EMOJI, deleteFromReaction],
  [DM_EMOJI, dmFromReaction],
];

/**
 * Reactions on a result message (the task's `resultMessageId`): 🔁 reruns, ❌ deletes, ✉️ DMs the
 * details. Works for messages from before a restart (Message/Reaction partials; the task is found
 * by message id in the store). Bots' reactions (including the bot's own) and other emoji do nothing.
 */
export function makeReactionHandler(deps: ResultReactionDeps) {
  return async (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): Promise<void> => {
    const messageId = reaction.message.id;
    deps.log.debug({ emoji: reaction.emoji.name, userId: user.id, messageId }, 'reaction received');
    const action = ACTIONS.find(([emoji]) => sameEmoji(reaction.emoji.name, emoji))?.[1];
    if (!action || user.bot || user.id === reaction.client.user.id) return;
    const task = await deps.tasks.taskForMessage(messageId);
    if (!task || task.resultMessageId !== messageId) return;
    const event: ResultReaction = {
      task,
      userId: user.id,
      guildId: reaction.message.guildId,
      channelId: reaction.message.channelId,
      messageId,
      emojiIdentifier: reaction.emoji.identifier,
      client: reaction.client,
    };
    try {
      await action(event, deps);
    } catch (error) {
      deps.log.error({ taskId: task.id, emoji: reaction.emoji.name, err: describe(error) }, 'reaction action failed');
    }
  };
}
