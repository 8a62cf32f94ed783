// What a result message tells: every field of its embed, and every video of a large storyboard with
// four variants, within Discord's limits (FakeDiscord refuses bodies over them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import { FakeImini } from '../support/imini/index.ts';
import { makePng } from '../support/images.ts';
import { waitUntil } from '../support/ports.ts';
import { BOOLEAN, INTEGER, STRING, delivered, outcomeMessage, prompt, sendVideo, textOf } from './helpers.ts';
import { embedOf, field, provider, sha256 } from './result-helpers.ts';

let imini: FakeImini;
let world: World;
let bot: RunningBot;

beforeAll(async () => {
  imini = await FakeImini.start({ apiKey: 'ik' });
  // imini by default (covers, "Make video"); Runware on request (four variants).
  world = await startWorld({ env: { IMINI_API_KEY: 'ik', IMINI_API_URL: imini.url, DEFAULT_PROVIDER: 'imini' } });
  bot = await startBotIn(world);
  await bot.app.guildSettings.updateServer(IDS.guild, { maxRunning: 0, confirmAboveUsd: 0 });
});
afterAll(async () => {
  await bot?.stop();
  await world?.close();
  await imini?.close();
});

const option = (name: string, type: number, value: string | number | boolean) => ({ name, type, value });

/** Finishes the imini task whose request matches and resolves with its bot task id and video. */
async function finishImini(match: (body: Record<string, unknown>) => boolean) {
  await waitUntil(() => [...imini.tasks.values()].some((t) => match(t.request)), 'the imini task');
  const task = imini.taskFor(match);
  const line = () => world.logs.find((l) => l.msg === 'task submitted' && l.providerTaskId === task.taskId);
  await waitUntil(() => line() !== undefined, 'the bot to submit it');
  const video = imini.succeed(task.taskId).videos?.[0];
  return { taskId: String(line()?.taskId), url: String(video?.url), cover: String(video?.cover_url) };
}

describe('the result embed', () => {
  it('carries the shortened prompt, model, duration, aspect ratio, audio, provider, cost, time taken, shots, cover and video', async () => {
    const long = `a lighthouse keeper climbs the stairs at dusk, ${'the lamp turns and the sea glitters below, '.repeat(9)}end`;
    sendVideo(world, [
      prompt(long),
      option('model', STRING, 'kling-3-pro'),
      option('duration', INTEGER, 10),
      option('aspect_ratio', STRING, '9:16'),
      option('sound', BOOLEAN, true),
      option('shots', STRING, '4s the stairs from below | 6s the lamp lights up'),
    ]);
    const { taskId, url, cover } = await finishImini((b) => JSON.stringify(b).includes('the lamp lights up'));
    const result = await outcomeMessage(world);
    await delivered(world, taskId);
    const task = await bot.tasks.get(taskId);
    const seconds = Math.round(((task?.completedAt ?? 0) - (task?.submittedAt ?? 0)) / 1000);

    const embed = embedOf(result);
    expect(long.length).toBeGreaterThan(300);
    expect(embed.title).toBe('Kling 3.0 Pro (1080p)');
    expect(embed.description).toBe(`> ${long.slice(0, 299)}…\n**Shots**\n1. 4 s — the stairs from below\n2. 6 s — the lamp lights up`);
    expect(embed.fields?.map((f) => [f.name, f.value])).toEqual([
      ['Duration', '10 s'],
      ['Aspect ratio', '9:16'],
      ['Audio', 'on'],
      ['Provider', 'imini'],
      ['Cost', '≈ $1.68 (estimate)'], // imini states no cost: 10 s × $0.168 with audio (IMINI_PRICES)
      ['Took', seconds >= 60 ? expect.stringMatching(/^\d+m \d\ds$/) : `${seconds}s`],
      ['Video', `[Video](${url}) · attached above · link from imini`],
    ]);
    expect(embed.thumbnail).toEqual({ url: cover });
    expect(embed.url).toBe(url);
    expect(embed.footer).toEqual({ text: `Task ${taskId}` });
    expect(result.content).toBe(`<@${IDS.alice}> your video is ready · Kling 3.0 Pro (1080p) · 10 s · cost ≈ $1.68 (estimate)`);
    expect(sha256(result.files[0]?.bytes ?? new Uint8Array())).toBe(imini.videoAt(url)?.sha256());
  });

  it('names the message "Make video" was used on', async () => {
    const png = makePng(1280, 720);
    const image = { filename: 'harbour.png', contentType: 'image/png', size: png.byteLength, width: 1280, height: 720 };
    const { id, targetId } = world.discord.sendMessageCommand({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.bob,
      name: 'Make video',
      targetMessage: {
        content: 'the harbour at dawn',
        authorId: IDS.alice,
        attachments: [{ ...image, url: world.discord.hostFile('h.png', png, 'image/png') }],
      },
    });
    const modal = await world.discord.modalShown(id);
    world.discord.sendModalSubmit({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.bob,
      customId: modal.custom_id,
      fields: { prompt: 'boats leave the harbour', duration: '5', model: 'standard' },
      fromInteractionId: id,
    });
    const { taskId } = await finishImini((b) => b.prompt === 'boats leave the harbour');
    const result = await outcomeMessage(world, IDS.bob);
    expect(field(result, 'From')).toBe(`https://discord.com/channels/${IDS.guild}/${IDS.channel}/${targetId}`);
    expect(field(result, 'Provider')).toBe('imini');
    expect(embedOf(result).footer?.text).toBe(`Task ${taskId}`);
  });
});

describe('a storyboard of six 512-character shots in four variants (Runware)', () => {
  it('delivers all four videos, attached and linked, in a message within Discord’s limits', async () => {
    const shots = Array.from({ length: 6 }, (_, i) => `shot ${i + 1}: ${'a slow dolly through the flooded cathedral, '.repeat(12)}`.slice(0, 512));
    const text = `a flooded cathedral ${'in six long shots, '.repeat(120)}`.slice(0, 2500);
    sendVideo(world, [
      prompt(text),
      provider('runware'),
      option('duration', INTEGER, 12),
      option('variants', INTEGER, 4),
      option('shots', STRING, shots.map((s) => `2s ${s}`).join(' | ')),
    ]);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === text);
    expect(request.numberResults).toBe(4);
    const taskId = String(request.taskUUID);
    await world.runware.completeTask(taskId);
    const urls = (world.runware.videoTasks.get(taskId)?.results ?? []).map((r) => String(r.videoURL));
    expect(urls).toHaveLength(4);
    const result = await world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes(`Task ${taskId}`));

    expect(field(result, 'Videos')?.split('\n')).toEqual(urls.map((url, i) => `[Video ${i + 1}](${url}) · attached above · link from Runware`));
    expect(result.files.map((f) => sha256(f.bytes))).toEqual(urls.map((url) => world.runware.videoAt(url)?.sha256()));
    const embed = embedOf(result);
    for (const [i, shot] of shots.entries()) expect(embed.description).toContain(`${i + 1}. 2 s — ${shot.trim()}`);
    const counted = [embed.title, embed.description, embed.footer?.text, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])];
    expect(counted.join('').length).toBeLessThanOrEqual(6000);
    expect(embed.description?.length).toBeLessThanOrEqual(4096);
    expect(result.content.length).toBeLessThanOrEqual(2000);
  });
});
