// What the spend end-to-end files share: members with and without Manage Server, slash commands with
// subcommands, the private answers of an interaction, and the ledger as the bot wrote it.
import { PermissionFlagsBits } from 'discord.js';
import type { RunningBot } from '../../src/start.ts';
import { IDS, type World } from '../support/bot-harness.ts';
import type { StoredMessage } from '../support/discord/index.ts';
import { waitUntil } from '../support/ports.ts';
import { buttonIds, settle, textOf, type CommandOption } from './helpers.ts';

export const SUBCOMMAND = 1;
export const USER = 6;
export const CHANNEL = 7;
export const ROLE = 8;
export const NUMBER = 10;

/** Can use commands and talk, nothing more: not Manage Server, not Manage Messages. */
export const PLAIN_MEMBER = String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.UseApplicationCommands);

/** A slash command as `userId` in the main channel (or `channelId`). */
export function sendCommand(world: World, name: string, options: CommandOption[], userId = IDS.alice, channelId = IDS.channel) {
  return world.discord.sendChatCommand({ guildId: IDS.guild, channelId, userId, name, options });
}

/** `/name sub option…` */
export function sendSubcommand(world: World, name: string, sub: string, options: CommandOption[] = [], userId = IDS.alice, channelId = IDS.channel) {
  return sendCommand(world, name, [{ name: sub, type: SUBCOMMAND, options } as CommandOption], userId, channelId);
}

/** Every message an interaction answered with (its reply, once no longer "thinking", and follow-ups). */
export function answersOf(world: World, interactionId: string): StoredMessage[] {
  const record = world.discord.interactionResponses(interactionId);
  const original = record.original && (record.original.flags & 128) === 0 && !record.original.deleted ? [record.original] : [];
  return [...original, ...record.followUps.filter((m) => !m.deleted)];
}

/** Waits for an answer of that interaction matching `predicate` (any answer by default). */
export async function answer(world: World, interactionId: string, predicate: (m: StoredMessage) => boolean = () => true): Promise<StoredMessage> {
  let found: StoredMessage | undefined;
  await waitUntil(() => (found = answersOf(world, interactionId).find(predicate)) !== undefined, `an answer to interaction ${interactionId}`);
  return found as StoredMessage;
}

/** Waits for a private answer and checks it is private. */
export async function privateAnswer(world: World, interactionId: string, predicate?: (m: StoredMessage) => boolean): Promise<StoredMessage> {
  const message = await answer(world, interactionId, predicate);
  if ((message.flags & 64) === 0) throw new Error(`answer ${message.id} is public: ${message.content}`);
  return message;
}

/** Presses a button on a stored message as `userId`. */
export function press(world: World, message: StoredMessage, customId: string, userId: string) {
  return world.discord.sendButton({ guildId: IDS.guild, channelId: message.channel_id, userId, messageId: message.id, customId });
}

/** The id of the button on `message` whose id starts with `prefix`. */
export function buttonStarting(message: StoredMessage, prefix: string): string {
  const id = buttonIds(message).find((b) => b.startsWith(prefix));
  if (!id) throw new Error(`message ${message.id} has no ${prefix}… button (it has ${buttonIds(message).join(', ') || 'none'})`);
  return id;
}

/** Runware's videoInference requests for a prompt. */
export function requestsFor(world: World, prompt: string) {
  return world.runware.videoRequests().filter((r) => r.positivePrompt === prompt);
}

/** The bot's charges (one per task) as numbers. */
export async function charges(bot: RunningBot) {
  const rows = await bot.app.database.db.selectFrom('charges').selectAll().orderBy('created_at').execute();
  return rows.map((r) => ({
    taskId: r.task_id,
    userId: r.user_id,
    state: r.state,
    reserved: Number(r.reserved_micros),
    charged: r.charged_micros === null ? null : Number(r.charged_micros),
  }));
}

/** Waits until the charge of a task is settled (charged or released). */
export async function settled(bot: RunningBot, taskId: string) {
  await waitUntil(async () => (await charges(bot)).some((c) => c.taskId === taskId && c.state !== 'reserved'), `task ${taskId} settled`);
  return (await charges(bot)).find((c) => c.taskId === taskId)!;
}

/** Messages in a channel containing `text` (after a moment, so late posts are counted too). */
export async function messagesWith(world: World, channelId: string, text: string): Promise<StoredMessage[]> {
  await settle(200);
  return world.discord.channelMessages(channelId).filter((m) => textOf(m).includes(text));
}
