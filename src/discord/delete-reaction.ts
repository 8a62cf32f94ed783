import { PermissionFlagsBits, Routes } from 'discord.js';
import { deleteResult } from './result-actions.ts';
import { describe } from './discord-notifier.ts';
import type { ResultReaction, ResultReactionDeps } from './result-reactions.ts';

/**
 * ❌: deletes the result message when the requester or a member with Manage Messages in that
 * channel asks. Anyone else's ❌ is taken off again, so nothing looks like it worked.
 */
export async function deleteFromReaction(event: ResultReaction, deps: ResultReactionDeps): Promise<void> {
  const { task, client } = event;
  const log = deps.log;
  const allowed = event.userId === task.origin.userId || (await canManageMessages(event, deps));
  if (!allowed) {
    log.info({ taskId: task.id, userId: event.userId, messageId: event.messageId }, 'result deletion refused: not the requester and no Manage Messages');
    try {
      await client.rest.delete(Routes.channelMessageUserReaction(event.channelId, event.messageId, event.emojiIdentifier, event.userId));
    } catch (error) {
      log.warn({ taskId: task.id, userId: event.userId, err: describe(error) }, 'could not remove a refused ❌ reaction');
    }
    return;
  }
  await deleteResult(client.rest, task, event.userId, event, deps);
}

/**
 * Whether the member has Manage Messages in the message's channel (roles and overwrites). The
 * member is fetched: the one in a reaction event may be partial. DMs have no such members.
 */
async function canManageMessages(event: ResultReaction, deps: ResultReactionDeps): Promise<boolean> {
  if (event.guildId === null) return false;
  try {
    const guild = event.client.guilds.cache.get(event.guildId) ?? (await event.client.guilds.fetch(event.guildId));
    const member = await guild.members.fetch(event.userId);
    const channel = await event.client.channels.fetch(event.channelId);
    if (!channel || channel.isDMBased()) return false;
    return member.permissionsIn(channel).has(PermissionFlagsBits.ManageMessages);
  } catch (error) {
    deps.log.warn({ taskId: event.task.id, userId: event.userId, err: describe(error) }, 'could not check Manage Messages; treating as not allowed');
    return false;
  }
}
