import { afterAll, beforeAll, expect } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import type { ServerSettings } from '../../src/store/guild-settings.ts';
import type { StoredMessage } from '../support/discord/index.ts';
import { IDS, startBotIn, startWorld, type World } from '../support/bot-harness.ts';

export const STRING = 3;
export const INTEGER = 4;
export const BOOLEAN = 5;
export const ATTACHMENT = 11;

export type CommandOption = { name: string; type: number; value?: string | number | boolean };

/** Sends /video as `userId` in the main channel. */
export function sendVideo(
  world: World,
  options: CommandOption[],
  extra: { userId?: string; attachments?: Parameters<World['discord']['sendChatCommand']>[0]['attachments'] } = {},
) {
  return world.discord.sendChatCommand({
    guildId: IDS.guild,
    channelId: IDS.channel,
    userId: extra.userId ?? IDS.alice,
    name: 'video',
    options,
    attachments: extra.attachments,
  });
}

export const prompt = (text: string): CommandOption => ({ name: 'prompt', type: STRING, value: text });

/** The status message of an interaction (the deferred reply, edited), once it exists. */
export async function statusMessage(world: World, interactionId: string): Promise<StoredMessage> {
  await world.discord.waitForRest((c) => c.method === 'PATCH' && c.path.includes('/messages/@original'));
  const original = world.discord.interactionResponses(interactionId).original;
  expect(original, 'status message').toBeDefined();
  return original as StoredMessage;
}

/** The result/failure message: a new channel message that pings the requester. */
export function outcomeMessage(world: World, userId = IDS.alice, channelId = IDS.channel): Promise<StoredMessage> {
  return world.discord.waitForMessage(channelId, (m) => m.content.startsWith(`<@${userId}> your video`));
}

export function outcomeMessages(world: World, channelId = IDS.channel): StoredMessage[] {
  return world.discord.channelMessages(channelId).filter((m) => / your video /.test(m.content));
}

/** Lets pending async work (deliveries, posts) settle so "nothing more happened" can be asserted. */
export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** Resolves once the bot logged that the task's outcome is posted and recorded (reactions can find it). */
export async function delivered(world: World, taskId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!world.logs.some((l) => l.msg === 'outcome delivered' && l.taskId === taskId)) {
    if (Date.now() > deadline) throw new Error(`task ${taskId} was never delivered`);
    await settle(20);
  }
}

/**
 * Starts the local servers and the bot once for a test file and stops them after it;
 * `assign` hands them to the file's own variables.
 */
export function useBot(
  options: Parameters<typeof startWorld>[0] & { server?: Partial<ServerSettings> },
  assign: (world: World, bot: RunningBot) => void,
): void {
  let started: { world: World; bot?: RunningBot } | undefined;
  beforeAll(async () => {
    started = { world: await startWorld(options) };
    started.bot = await startBotIn(started.world);
    if (options.server) await started.bot.app.guildSettings.updateServer(IDS.guild, options.server);
    assign(started.world, started.bot);
  });
  afterAll(async () => {
    await started?.bot?.stop();
    await started?.world.close();
  });
}

/** Everything a member reads in a message: its content and its embeds' text (title, description, fields, footer). */
export function textOf(message: Pick<StoredMessage, 'content' | 'embeds'> | undefined): string {
  if (!message) return '';
  const embeds = (message.embeds as Array<Record<string, unknown>>).map((e) => {
    const fields = (e.fields as Array<{ name: string; value: string }> | undefined) ?? [];
    return [e.title, e.url, e.description, ...fields.map((f) => `${f.name}: ${f.value}`), (e.footer as { text?: string } | undefined)?.text]
      .filter(Boolean)
      .join('\n');
  });
  return [message.content, ...embeds].join('\n');
}

/** Custom ids of every button on a message. */
export function buttonIds(message: Pick<StoredMessage, 'components'> | undefined): string[] {
  const rows = (message?.components ?? []) as Array<{ components?: Array<{ custom_id?: string }> }>;
  return rows.flatMap((row) => (row.components ?? []).map((c) => c.custom_id ?? '')).filter(Boolean);
}

/** Waits for the private "Start it?" prompt of an interaction and presses Start (or Cancel) as `userId`. */
export async function answerPrompt(world: World, interactionId: string, action: 'start' | 'cancel' = 'start', userId = IDS.alice) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const prompt = world.discord.interactionResponses(interactionId).original;
    const customId = buttonIds(prompt).find((id) => id.startsWith(`order:${action}:`));
    if (prompt && customId)
      return { prompt, ...world.discord.sendButton({ guildId: IDS.guild, channelId: prompt.channel_id, userId, messageId: prompt.id, customId }) };
    if (Date.now() > deadline) throw new Error(`no confirmation prompt for interaction ${interactionId}`);
    await settle(20);
  }
}
