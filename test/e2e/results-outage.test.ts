// A storage outage never holds up a result: it goes out with the provider's link, the copy is owed,
// and once the bucket is back the copy is made in the background, stored on the task, and the posted
// message is edited to the lasting link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import { FakeKling } from '../support/kling/index.ts';
import { waitUntil } from '../support/ports.ts';
import { delivered, prompt, sendVideo, textOf } from './helpers.ts';
import { DAY_MS, KiB, bucket, callsSince, embedOf, field, keptUrl, keyOf, provider, storedSha256, writesOf } from './result-helpers.ts';

let kling: FakeKling;
let world: World;
let bot: RunningBot;

beforeAll(async () => {
  kling = await FakeKling.start({ accessKey: 'ak', secretKey: 'sk' });
  world = await startWorld({
    storage: true,
    attachmentSizeLimit: 256 * KiB,
    env: { KLING_ACCESS_KEY: 'ak', KLING_SECRET_KEY: 'sk', KLING_API_URL: kling.url },
  });
  bot = await startBotIn(world);
});
afterAll(async () => {
  await bot?.stop();
  await world?.close();
  await kling?.close();
});

/** When the poller next looks at the task (the tasks table's due_at), or null. */
async function dueAt(taskId: string): Promise<number | null> {
  const row = await bot.app.database.db.selectFrom('tasks').select('due_at').where('id', '=', taskId).executeTakeFirst();
  return row?.due_at === undefined || row.due_at === null ? null : Number(row.due_at);
}

describe('a storage outage at delivery', () => {
  it('posts the provider link, then makes the copy once the bucket is back and edits the message to it', async () => {
    const s3 = bucket(world);
    s3.setOutage(true);
    const text = 'kept despite the outage';
    const { token } = sendVideo(world, [prompt(text), provider('kling')]);
    const taskId = String((await kling.waitForCreate((c) => c.body.prompt === text)).body.external_task_id);
    await kling.succeed(taskId, { videoBytes: 300 * KiB });
    const url = String(kling.task(taskId).videos[0]?.url);
    const result = await world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes('your video is ready') && textOf(m).includes(url));
    await delivered(world, taskId);

    const owed = await bot.tasks.get(taskId);
    const expiresAt = Math.floor(((owed?.completedAt ?? 0) + 30 * DAY_MS) / 1000);
    expect(field(result, 'Video')).toBe(`[Video](${url}) · link from Kling AI, expires <t:${expiresAt}:R>`);
    expect(owed?.copyPending).toBe(true);
    expect(owed?.results[0]?.archivedUrl).toBeUndefined();
    expect(s3.requests.some((r) => r.key === keyOf(taskId) && r.error === 'ServiceUnavailable')).toBe(true);
    expect(s3.objects()).toEqual([]);
    // The copy is retried in the background, a minute later by default (src/flow/completion.ts COPY_RETRY_MS).
    expect(await dueAt(taskId)).toBeGreaterThan(Date.now());

    s3.setOutage(false);
    const mark = world.discord.restCalls.length;
    // Rather than wait that minute: make the task due now in the store, as the retry's time coming would.
    await bot.tasks.update(taskId, (t) => ({ ...t }), { dueAt: Date.now() });
    const kept = keptUrl(taskId);
    await waitUntil(async () => (await bot.tasks.get(taskId))?.results[0]?.archivedUrl === kept, 'the copy to be stored on the task');
    const edited = await world.discord.waitForMessage(IDS.channel, (m) => m.id === result.id && textOf(m).includes(kept));

    expect(field(edited, 'Video')).toBe(`[Video](${kept}) · kept`);
    expect(embedOf(edited).url).toBe(kept);
    expect(textOf(edited)).not.toContain('expires');
    expect(edited.edited).toBe(true);
    expect(writesOf(s3, keyOf(taskId))).toEqual([{ operation: 'PutObject', auth: 'header' }]);
    expect(s3.objects().map((o) => o.key)).toEqual([keyOf(taskId)]);
    expect(storedSha256(s3, keyOf(taskId))).toBe(kling.videoAt(url)?.sha256());
    const done = await bot.tasks.get(taskId);
    expect(done?.copyPending).toBeUndefined();
    expect(await dueAt(taskId)).toBeNull();
    // Edited through the /video interaction's webhook (its token still valid), not with the bot token.
    await world.discord.waitForRest((c) => c.method === 'PATCH' && c.path === `/webhooks/${IDS.app}/${token}/messages/${result.id}`);
    expect(callsSince(world, mark).filter((c) => c.method === 'PATCH' && c.path.includes(result.id))).toEqual([
      expect.objectContaining({ path: `/webhooks/${IDS.app}/${token}/messages/${result.id}`, status: 200 }),
    ]);
  });

  it('edits the message by channel when the interaction token stopped working meanwhile', async () => {
    const s3 = bucket(world);
    const text = 'kept after the token expired';
    const { id } = sendVideo(world, [prompt(text), provider('kling')]);
    const taskId = String((await kling.waitForCreate((c) => c.body.prompt === text)).body.external_task_id);
    await world.discord.waitForRest(
      (c) => c.method === 'PATCH' && String(JSON.stringify(c.body)).includes(text) && String(JSON.stringify(c.body)).includes('Queued'),
    );
    world.discord.expireInteractionToken(id);
    s3.setOutage(true);
    await kling.succeed(taskId, { videoBytes: 300 * KiB });
    const url = String(kling.task(taskId).videos[0]?.url);
    const result = await world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes('your video is ready') && textOf(m).includes(url));
    await delivered(world, taskId);
    expect(result.interaction_id).toBeUndefined(); // posted by channel

    s3.setOutage(false);
    await bot.tasks.update(taskId, (t) => ({ ...t }), { dueAt: Date.now() });
    const kept = keptUrl(taskId);
    const edited = await world.discord.waitForMessage(IDS.channel, (m) => m.id === result.id && textOf(m).includes(kept));
    expect(field(edited, 'Video')).toBe(`[Video](${kept}) · kept`);
    // By channel with the bot token (recorded once answered).
    await world.discord.waitForRest((c) => c.method === 'PATCH' && c.path === `/channels/${IDS.channel}/messages/${result.id}` && c.status === 200);
    expect(writesOf(s3, keyOf(taskId))).toEqual([{ operation: 'PutObject', auth: 'header' }]);
  });
});
