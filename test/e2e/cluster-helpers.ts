import type { World } from '../support/bot-harness.ts';
import type { StoredMessage } from '../support/discord/index.ts';
import { outcomeMessages, textOf } from './helpers.ts';

const EPHEMERAL = 64;

/** The private "I can’t start this video" answer of an interaction (a reply, or a follow-up after a deferral), if any. */
export function privateRefusal(world: World, interactionId: string): StoredMessage | undefined {
  const record = world.discord.interactionResponses(interactionId);
  return [record.original, ...record.followUps].find(
    (m): m is StoredMessage => m !== undefined && (m.flags & EPHEMERAL) !== 0 && m.content.startsWith('I can’t start this video'),
  );
}

/** The task id a result message names in its embed footer ("Task <id>", src/discord/result-message.ts). */
export function taskIdOf(message: StoredMessage): string | undefined {
  const footers = (message.embeds as Array<{ footer?: { text?: string } }>).map((e) => e.footer?.text ?? '');
  return footers.map((f) => /^Task (\S+)$/.exec(f)?.[1]).find(Boolean);
}

/** How many result messages the channel shows for each task id. */
export function resultsPerTask(world: World): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of outcomeMessages(world)) {
    const id = taskIdOf(message) ?? `(no task id) ${textOf(message).slice(0, 60)}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
