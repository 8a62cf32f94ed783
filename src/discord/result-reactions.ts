import type { Client } from 'discord.js';
import type { Task } from '../domain/task.ts';
import type { Logger } from '../flow/ports.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import type { TaskStore } from '../store/task-store.ts';
import { RERUN_EMOJI } from './message-builders.ts';
import type { VideoStarter } from './video-starter.ts';

export const DELETE_EMOJI = '❌';
export const DM_EMOJI = '✉️';

/** The reactions the bot puts under a successful result, in this order. */

/** What every result reaction action needs. */
export interface ResultReactionDeps {
  store: TaskStore;
  video: VideoStarter;
  log: Logger;
  /** For the provider's label in the ✉️ DM; without it the provider's name is shown. */
  providers?: ProviderRegistry;
}

/** A member's reaction on a task's result message (bots are already filtered out). */
export interface ResultReaction {
  task: Task;
  userId: string;
  guildId: string | null;
  channelId: string;
  messageId: string;
  /** The emoji as Discord's routes want it (URL-encoded), to remove this reaction. */
  emojiIdentifier: string;
  client: Client<true>;
}

/** Emoji names compared without the variation selector (Discord may send ✉ or ✉️). */
export function sameEmoji(name: string | null, emoji: string): boolean {
  if (name === null) return false;
  const plain = (s: string) => s.replace(/\uFE0F/g, '');
  return plain(name) === plain(emoji);
}
