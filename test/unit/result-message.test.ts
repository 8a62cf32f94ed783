import { describe, expect, it } from 'vitest';
import type { MessageBody } from '../../src/discord/message-builders.ts';
import { costText, resultMessage } from '../../src/discord/result-message.ts';
import type { Task } from '../../src/domain/task.ts';
import { shownTask, STATUS_MESSAGE, TASK_ID, USER } from '../support/discord-tasks.ts';

type Field = { name: string; value: string; inline?: boolean };
type Embed = { title: string; description: string; url?: string; fields: Field[]; footer: { text: string }; thumbnail?: { url: string } };

const embedOf = (body: MessageBody) => (body.embeds as Embed[])[0] as Embed;
const field = (body: MessageBody, name: string) => embedOf(body).fields.find((f) => f.name === name)?.value;
const result = (task: Task = shownTask()) => resultMessage(task, { providerLabel: 'Runware' });

describe('resultMessage: the message', () => {
  it('content is only the mention and a one-line headline', () => {
    const body = result();
    expect(body.content).toBe(`<@${USER}> your video is ready · Kling 3.0 Standard (720p) · 5 s · cost $0.42`);
    expect(result(shownTask({ request: { ...shownTask().request, prompt: 'p'.repeat(2500) } })).content).toBe(body.content);
  });

  it('pings only the requester and replies to the status message without pinging it', () => {
    const body = result();
    expect(body.allowed_mentions).toEqual({ parse: [], users: [USER], replied_user: false });
    expect(body.message_reference).toEqual({ message_id: STATUS_MESSAGE, fail_if_not_exists: false });
    const dm = result(shownTask({ origin: { guildId: null, channelId: 'dm', userId: '42' } }));
    expect(dm.message_reference).toBeUndefined();
    expect(dm.allowed_mentions.users).toEqual(['42']);
  });

  it('sets a 25-character nonce from the task id, enforced', () => {
    const body = result();
    expect(body.nonce).toBe('3f2b8c1a9d4e4f6a8b7c12345');
    expect(body.enforce_nonce).toBe(true);
  });

  it('has the buttons rerun, remix, DM me and delete, with the task id in each custom id', () => {
    const [row] = result().components as Array<{ type: number; components: Array<{ type: number; custom_id: string; label: string }> }>;
    expect(row?.type).toBe(1);
    expect(row?.components.map((b) => [b.type, b.custom_id, b.label])).toEqual([
      [2, `result:rerun:${TASK_ID}`, 'Rerun'],
      [2, `result:remix:${TASK_ID}`, 'Remix'],
      [2, `result:dm:${TASK_ID}`, 'DM me'],
      [2, `result:delete:${TASK_ID}`, 'Delete'],
    ]);
  });
});

describe('resultMessage: the embed', () => {
  it('carries duration, aspect ratio, audio, provider, cost, time taken, the prompt and the task id', () => {
    const embed = embedOf(result());
    expect(embed.title).toBe('Kling 3.0 Standard (720p)');
    expect(embed.description).toBe('> a red fox running through snow');
    expect(embed.fields).toEqual([
      { name: 'Duration', value: '5 s', inline: true },
      { name: 'Aspect ratio', value: '16:9', inline: true },
      { name: 'Audio', value: 'on', inline: true },
      { name: 'Provider', value: 'Runware', inline: true },
      { name: 'Cost', value: '$0.42', inline: true },
      { name: 'Took', value: '1m 15s', inline: true },
      { name: 'Video', value: '[Video](https://vm.runware.ai/video/os/a/v1.mp4) · link from Runware' },
    ]);
    expect(embed.footer).toEqual({ text: `Task ${TASK_ID}` });
  });

  it('omits "Took" without a submit time; names the source message of a "Make video"', () => {
    expect(field(result(shownTask({ submittedAt: undefined })), 'Took')).toBeUndefined();
    const source = 'https://discord.com/channels/g1/c1/777';
    expect(field(result(shownTask({ origin: { ...shownTask().origin, sourceMessageUrl: source } })), 'From')).toBe(source);
  });

  it('notes variants that did not come back, with the reason', () => {
    const task = shownTask({
      request: { ...shownTask().request, variants: 3 },
      failure: { kind: 'content_policy', userMessage: 'The provider refused this request under its content policy.' },
    });
    expect(field(result(task), 'Missing')).toBe('2 of 3 variants did not come back: The provider refused this request under its content policy.');
    expect(field(result(), 'Missing')).toBeUndefined();
  });

  it('lists every video link, numbered, and says how long each link lasts', () => {
    const urls = [1, 2, 3, 4].map((i) => `https://cdn.example/${i}.mp4`);
    const task = shownTask({ request: { ...shownTask().request, variants: 4 }, results: urls.map((url, i) => ({ id: `v${i}`, url })) });
    const body = resultMessage(task, {
      providerLabel: 'Kling',
      videos: [
        { resultId: 'v0', url: urls[0] as string, permanent: true, attachedAs: 'v0.mp4' },
        { resultId: 'v1', url: urls[1] as string, permanent: true },
        { resultId: 'v2', url: urls[2] as string, permanent: false, expiresAt: 1_700_000_000_000 },
        { resultId: 'v3', url: urls[3] as string, permanent: false },
      ],
    });
    expect(field(body, 'Videos')).toBe(
      [
        `[Video 1](${urls[0]}) · attached above · kept`,
        `[Video 2](${urls[1]}) · kept`,
        `[Video 3](${urls[2]}) · link from Kling, expires <t:1700000000:R>`,
        `[Video 4](${urls[3]}) · link from Kling`,
      ].join('\n'),
    );
    expect(embedOf(body).url).toBe(urls[0]);
  });

  it('shows the first https thumbnail', () => {
    const results = [
      { id: 'a', url: 'https://cdn.example/a.mp4', thumbnailUrl: 'javascript:alert(1)' },
      { id: 'b', url: 'https://cdn.example/b.mp4', thumbnailUrl: 'https://cdn.example/b.jpg' },
    ];
    expect(embedOf(result(shownTask({ request: { ...shownTask().request, variants: 2 }, results }))).thumbnail).toEqual({ url: 'https://cdn.example/b.jpg' });
  });
});

describe('costText', () => {
  it('formats what the provider reported, estimates, units, and the estimate before any cost', () => {
    expect(costText(shownTask({ cost: { usd: 12.6, estimated: false } }))).toBe('$12.60');
    expect(costText(shownTask({ cost: { usd: 0.672, estimated: false } }))).toBe('$0.672');
    expect(costText(shownTask({ cost: { usd: 0.4, estimated: false } }))).toBe('$0.40');
    expect(costText(shownTask({ cost: { usd: 0.42, estimated: true } }))).toBe('≈ $0.42 (estimate)');
    expect(costText(shownTask({ cost: { usd: 0.84, estimated: false, units: 6 } }))).toBe('$0.84 (6 units)');
    expect(costText(shownTask({ cost: undefined }))).toBe('≈ $0.63');
    expect(result(shownTask({ cost: { usd: 0.42, estimated: true } })).content).toMatch(/ · cost ≈ \$0\.42 \(estimate\)$/);
  });
});
