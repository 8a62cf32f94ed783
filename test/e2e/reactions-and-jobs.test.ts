import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import type { StoredMessage } from '../support/discord/index.ts';
import { BOOLEAN, INTEGER, STRING, delivered, prompt, sendVideo, settle, type CommandOption, textOf, buttonIds } from './helpers.ts';

const CAROL = '400000000000000003';
const MEMBER =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands;
const G = IDS.guild;
const C = IDS.channel;

let world: World;
let bot: RunningBot;

/** The standard world, but alice and bob are plain members and carol has Manage Messages (in interactions and in the roles the bot reads). */
const WORLD = {
  members: [
    { id: IDS.alice, username: 'alice', permissions: String(MEMBER) },
    { id: IDS.bob, username: 'bob', permissions: String(MEMBER) },
    { id: CAROL, username: 'carol', permissions: String(MEMBER | PermissionFlagsBits.ManageMessages) },
  ],
};

// Not useBot: a test below restarts the bot, so the hooks stop whichever bot is current.
beforeAll(async () => {
  world = await startWorld(WORLD);
  bot = await startBotIn(world);
  // These tests leave many tasks running and make pricier videos: no running limit or confirmation, as a team may set.
  await bot.app.guildSettings.updateServer(IDS.guild, { maxRunning: 0, confirmAboveUsd: 0 });
});
afterAll(async () => {
  await bot?.stop();
  await world?.close();
});

interface Made {
  taskId: string;
  result: StoredMessage;
  urls: string[];
}

/** Runs /video as `userId` through to the posted, recorded result. */
async function makeVideo(userId: string, text: string, options: CommandOption[] = [], cost = 0.42): Promise<Made> {
  sendVideo(world, [prompt(text), ...options], { userId });
  const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === text);
  const taskId = String(request.taskUUID);
  await world.runware.completeTask(taskId, { cost });
  const urls = (world.runware.videoTasks.get(taskId)?.results ?? []).map((r) => String(r.videoURL));
  const result = await world.discord.waitForMessage(C, (m) => textOf(m).startsWith(`<@${userId}> your video is ready`) && textOf(m).includes(urls[0] ?? '?'));
  await delivered(world, taskId);
  return { taskId, result, urls };
}

function react(userId: string, messageId: string, emoji: string): void {
  world.discord.sendReaction({ guildId: G, channelId: C, messageId, userId, emoji });
}

const messageDeletes = (messageId: string) => world.discord.restCalls.filter((c) => c.method === 'DELETE' && c.path === `/channels/${C}/messages/${messageId}`);
const isDeleted = (messageId: string) => world.discord.channelMessages(C, { includeDeleted: true }).find((m) => m.id === messageId)?.deleted === true;
const reactionRemoval = (messageId: string, userId: string) => (c: { method: string; path: string }) =>
  c.method === 'DELETE' && c.path === `/channels/${C}/messages/${messageId}/reactions/❌/${userId}`;

/** Sends a slash command and resolves with what the bot answered (callback data, then follow-ups). */
async function command(userId: string, name: string, options: CommandOption[] = []) {
  const { id, token } = world.discord.sendChatCommand({ guildId: G, channelId: C, userId, name, options });
  await world.discord.waitForRest((c) => c.method === 'POST' && c.path === `/interactions/${id}/${token}/callback`);
  await settle(100);
  return world.discord.interactionResponses(id);
}

/** Resolves once the bot logged `msg` (with the given fields). */
async function logged(msg: string, fields: Record<string, unknown>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!world.logs.some((l) => l.msg === msg && Object.entries(fields).every(([k, v]) => l[k] === v))) {
    if (Date.now() > deadline) throw new Error(`the bot never logged "${msg}"`);
    await settle(20);
  }
}

async function dmTo(userId: string, predicate: (m: StoredMessage) => boolean): Promise<StoredMessage> {
  await world.discord.waitForRest((c) => c.path === '/users/@me/channels' && (c.body as { recipient_id?: string }).recipient_id === userId);
  return world.discord.waitForMessage(world.discord.dmChannelId(userId) ?? '?', predicate);
}

const made: Record<string, Made> = {};

describe('reactions on result messages', () => {
  it('❌ by the requester deletes the result, after which 🔁 no longer reruns it', async () => {
    const r = await makeVideo(IDS.bob, 'bob deletes his own');
    react(IDS.bob, r.result.id, '❌');
    await world.discord.waitForRest((c) => c.method === 'DELETE' && c.path === `/channels/${C}/messages/${r.result.id}`);
    expect(isDeleted(r.result.id)).toBe(true);
    await logged('result deleted', { taskId: r.taskId, userId: IDS.bob });
    expect(await bot.tasks.get(r.taskId)).toMatchObject({ resultDeletedBy: IDS.bob, resultMessageId: r.result.id });

    react(IDS.alice, r.result.id, '🔁');
    await logged('rerun ignored: the result was deleted', { taskId: r.taskId });
    await settle(300);
    expect(world.runware.videoRequests().filter((q) => q.positivePrompt === 'bob deletes his own')).toHaveLength(1);
    made.bobDeleted = r;
  });

  it('ignores bots, and ❌ by a member without Manage Messages deletes nothing and is taken off', async () => {
    const r = await makeVideo(IDS.alice, 'alice keeps hers');
    const botId = world.discord.botUser.id;
    react(botId, r.result.id, '❌');
    react(botId, r.result.id, '✉️');
    react(IDS.bob, r.result.id, '❌');
    await world.discord.waitForRest(reactionRemoval(r.result.id, IDS.bob));
    await logged('result deletion refused: not the requester and no Manage Messages', { taskId: r.taskId, userId: IDS.bob });
    await settle(300);
    expect(messageDeletes(r.result.id)).toHaveLength(0);
    expect(isDeleted(r.result.id)).toBe(false);
    expect(world.discord.restCalls.some(reactionRemoval(r.result.id, botId))).toBe(false);
    expect(world.discord.dmChannelId(botId)).toBeUndefined();
    made.aliceKept = r;
  });

  it('❌ by a member with Manage Messages deletes someone else’s result', async () => {
    const r = await makeVideo(IDS.alice, 'carol moderates this');
    react(CAROL, r.result.id, '❌');
    await world.discord.waitForRest((c) => c.method === 'DELETE' && c.path === `/channels/${C}/messages/${r.result.id}`);
    expect(isDeleted(r.result.id)).toBe(true);
    await logged('result deleted', { taskId: r.taskId, userId: CAROL });
    expect(world.discord.restCalls.some(reactionRemoval(r.result.id, CAROL))).toBe(false);
  });

  it('✉️ DMs whoever reacted the video URLs and every parameter; closed DMs show nothing', async () => {
    const options: CommandOption[] = [
      { name: 'model', type: STRING, value: 'kling-3-pro' },
      { name: 'aspect_ratio', type: STRING, value: '9:16' },
      { name: 'duration', type: INTEGER, value: 10 },
      { name: 'sound', type: BOOLEAN, value: true },
      { name: 'negative_prompt', type: STRING, value: 'blurry, text' },
      { name: 'variants', type: INTEGER, value: 2 },
    ];
    const r = await makeVideo(IDS.alice, 'a knight at dawn', options, 3.36);
    expect(r.urls).toHaveLength(2);
    react(IDS.bob, r.result.id, '✉️');
    const dm = await dmTo(IDS.bob, (m) => textOf(m).includes(r.taskId));
    for (const url of r.urls) expect(dm.content).toContain(url);
    for (const part of [
      'Prompt:\n> a knight at dawn',
      'Negative prompt:\n> blurry, text',
      'Model: Kling 3.0 Pro (1080p)',
      'Duration: 10 s · Aspect ratio: 9:16 · Sound: on',
      'Frames: none (text only)',
      'Variants: 2',
      'Cost: $3.36',
      `Task: \`${r.taskId}\``,
      `Result message: https://discord.com/channels/${G}/${C}/${r.result.id}`,
      'Date: <t:',
    ]) {
      expect(dm.content).toContain(part);
    }
    expect(dm.content).toMatch(/^Provider: Runware$/im); // the label once app.ts passes `providers` to the reaction handler
    expect(dm.allowed_mentions).toEqual({ parse: [] });
    made.knight = r;

    world.discord.setUserDmsClosed(CAROL, true);
    const before = world.discord.channelMessages(C).length;
    react(CAROL, r.result.id, '✉️');
    await world.discord.waitForRest(
      (c) => c.method === 'POST' && c.path === `/channels/${world.discord.dmChannelId(CAROL) ?? '?'}/messages` && c.status === 403,
    );
    await logged('could not DM task details: the user does not accept DMs', { taskId: r.taskId, userId: CAROL });
    expect(world.discord.dmMessages(CAROL)).toHaveLength(0);
    expect(world.discord.channelMessages(C)).toHaveLength(before);
    world.discord.setUserDmsClosed(CAROL, false);
  });

  it('❌ and ✉️ still work on a result posted before a restart', async () => {
    const r = await makeVideo(IDS.alice, 'posted before the restart');
    await bot.stop();
    bot = await startBotIn(world);

    react(IDS.bob, r.result.id, '❌');
    await world.discord.waitForRest(reactionRemoval(r.result.id, IDS.bob));
    expect(isDeleted(r.result.id)).toBe(false);

    react(IDS.alice, r.result.id, '✉️');
    const dm = await dmTo(IDS.alice, (m) => textOf(m).includes(r.taskId));
    expect(dm.content).toContain(r.urls[0] ?? '?');
    expect(dm.content).toContain('Prompt:\n> posted before the restart');

    react(IDS.alice, r.result.id, '❌');
    await world.discord.waitForRest((c) => c.method === 'DELETE' && c.path === `/channels/${C}/messages/${r.result.id}`);
    expect(isDeleted(r.result.id)).toBe(true);
    await logged('result deleted', { taskId: r.taskId, userId: IDS.alice });
  });
});

describe('/jobs', () => {
  it('lists the caller’s tasks here newest first, ten a page, with short ids and Prev/Next buttons', async () => {
    const first = await makeVideo(CAROL, 'job 1');
    for (let i = 2; i <= 11; i++) {
      sendVideo(world, [prompt(`job ${i}`)], { userId: CAROL });
      await world.runware.waitForVideoTask((r) => r.positivePrompt === `job ${i}`);
    }
    const page1 = await command(CAROL, 'jobs');
    expect(page1.callback?.data?.flags).toBe(64);
    const embed = page1.callback?.data?.embeds?.[0];
    const lines = String(embed?.description).split('\n');
    expect(lines).toHaveLength(10);
    expect(lines.map((l) => /“(job \d+)”/.exec(l)?.[1])).toEqual(['job 11', 'job 10', 'job 9', 'job 8', 'job 7', 'job 6', 'job 5', 'job 4', 'job 3', 'job 2']);
    expect(lines[0]).toMatch(/^(⏳|🕒|⚙️) \*\*Kling 3\.0 Standard \(720p\)\*\* · 5 s · ≈ \$0\.42 · <t:\d+:R> · `[0-9a-f]{8}` · “job 11”$/);
    expect(embed?.footer?.text).toBe('page 1 of 2');
    expect(embed?.title).toBe('Your videos (11)');
    expect(buttonIds(page1.original)).toEqual(['jobs:page:1', 'jobs:page:2']);

    // Next ▶ turns the private list to page 2 in place.
    const list = page1.original;
    if (!list) throw new Error('no /jobs message');
    const next = world.discord.sendButton({ guildId: IDS.guild, channelId: IDS.channel, userId: CAROL, messageId: list.id, customId: 'jobs:page:2' });
    await world.discord.waitForRest((c) => c.path.startsWith(`/interactions/${next.id}/`));
    const turned = world.discord.interactionResponses(next.id);
    expect(turned.callback?.type).toBe(7);
    const embed2 = turned.callback?.data?.embeds?.[0];
    expect(embed2?.footer?.text).toBe('page 2 of 2');
    expect(embed2?.description).toBe(
      `✅ **Kling 3.0 Standard (720p)** · 5 s · $0.42 · <t:${String(embed2?.description).match(/<t:(\d+):R>/)?.[1]}:R> · [result](https://discord.com/channels/${G}/${C}/${first.result.id}) · \`${first.taskId.slice(0, 8)}\` · “job 1”`,
    );
  });

  it('/jobs id: shows the caller’s own task in full, refuses someone else’s, and shows any task to Manage Messages', async () => {
    const knight = made.knight;
    const kept = made.aliceKept;
    const deleted = made.bobDeleted;
    if (!knight || !kept || !deleted) throw new Error('the reaction tests must run first');
    const idOption = (id: string): CommandOption[] => [{ name: 'id', type: STRING, value: id }];

    const own = await command(IDS.alice, 'jobs', idOption(knight.taskId));
    expect(own.callback?.data?.flags).toBe(64);
    const text = String(own.callback?.data?.content);
    for (const url of knight.urls) expect(text).toContain(url);
    expect(text).toContain('Model: Kling 3.0 Pro (1080p)');
    expect(text).toContain('Negative prompt:\n> blurry, text');
    expect(text).toContain(`Result message: https://discord.com/channels/${G}/${C}/${knight.result.id}`);

    const byShortId = await command(IDS.alice, 'jobs', idOption(knight.taskId.slice(0, 8)));
    expect(String(byShortId.callback?.data?.content)).toContain(`Task: \`${knight.taskId}\``);

    const refused = await command(IDS.bob, 'jobs', idOption(kept.taskId));
    expect(refused.callback?.data?.content).toBe(`There is no task \`${kept.taskId}\` that you can see. Use /jobs to list yours.`);
    expect(refused.callback?.data?.flags).toBe(64);

    const moderator = await command(CAROL, 'jobs', idOption(kept.taskId));
    expect(moderator.callback?.data?.content).toContain('Prompt:\n> alice keeps hers');

    const gone = await command(IDS.bob, 'jobs', idOption(deleted.taskId));
    expect(gone.callback?.data?.content).toContain('Result message: deleted');
  });
});
