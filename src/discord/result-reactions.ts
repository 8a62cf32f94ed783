import type { Client } from 'discord.js';
import type { Logger } from '../logging/log.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import type { StoredTask, TaskRepository } from '../store/task-repository.ts';
import type { VideoRequests } from './video-requests.ts';

export const DELETE_EMOJI = '❌';
export const DM_EMOJI = '✉️';

/** What every result reaction action needs. */
export interface ResultReactionDeps {
  tasks: TaskRepository;
  video: VideoRequests;
  log: Logger;
  /** For the provider's label in the ✉️ DM; without it the provider's name is shown. */
  providers?: ProviderRegistry;
}

/** A member's reaction on a task's result message (bots are already filtered out). */
export interface ResultReaction {
  task: StoredTask;
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
