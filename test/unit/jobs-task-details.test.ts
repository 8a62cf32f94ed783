import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.ts';
import { messageLink, resultPlace, splitForDiscord, taskDetails } from '../../src/discord/task-details.ts';

const CREATED = Date.UTC(2025, 0, 2, 3, 4, 5);
const image = (filename: string) => ({ mediaId: filename, contentType: 'image/png' as const, width: 1280, height: 720, bytes: 10, filename });

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 'task-1',
    request: {
      prompt: 'a red fox\nin the snow',
      negativePrompt: 'blurry',
      model: 'kling-3-standard',
      duration: 5,
      aspectRatio: '9:16',
      sound: true,
      variants: 2,
    },
    origin: { guildId: 'g1', channelId: 'c1', userId: 'u1' },
    provider: 'runware',
    webhookToken: 'secret',
    status: 'succeeded',
    results: [
      { id: 'v1', url: 'https://cdn.example/v1.mp4' },
      { id: 'v2', url: 'https://cdn.example/v2.mp4' },
    ],
    cost: { usd: 0.84, estimated: false },
    estimatedCost: { usd: 1.26, estimated: true },
    createdAt: CREATED,
    submittedAt: CREATED + 1000,
    completedAt: CREATED + 76_000,
    resultMessageId: 'm1',
    ...overrides,
  };
}

const link = { kind: 'link' as const, url: 'https://discord.com/channels/g1/c1/m1' };

describe('taskDetails', () => {
  it('lists URLs and every parameter of a plain task', () => {
    expect(taskDetails(task(), { providerLabel: 'Runware', place: link }).split('\n')).toEqual([
      '🎬 **Video task** `task-1`',
      'Status: ✅ done',
      'Result message: https://discord.com/channels/g1/c1/m1',
      'Videos:',
      'https://cdn.example/v1.mp4',
      'https://cdn.example/v2.mp4',
      'Prompt:',
      '> a red fox',
      '> in the snow',
      'Negative prompt:',
      '> blurry',
      'Model: Kling 3.0 Standard (720p)',
      'Duration: 5 s · Aspect ratio: 9:16 · Sound: on',
      'Frames: none (text only)',
      'Variants: 2',
      'Provider: Runware',
      'Cost: $0.84',
      'Task: `task-1`',
      `Requested by <@u1> · Date: <t:${Math.floor(CREATED / 1000)}:f> · took 1m 15s`,
    ]);
  });

  it('adds frames, elements, shots, references, rerun origin; failures and estimates read as such', () => {
    const text = taskDetails(
      task({
        status: 'failed',
        results: [],
        cost: undefined,
        failure: { kind: 'content_policy', userMessage: 'the prompt was refused' },
        rerunOf: 'task-0',
        request: {
          ...task().request,
          negativePrompt: undefined,
          firstFrame: image('dawn.png'),
          lastFrame: image('noon.png'),
          elements: [
            { name: 'Mira', tags: ['hero'], providerIds: {} },
            { name: 'Cat', providerIds: {} },
          ],
          shots: [
            { prompt: 'she\nwakes', duration: 2 },
            { prompt: 'she runs', duration: 3 },
          ],
          shotType: 'customize',
          referenceImages: [image('style.png')],
          referenceVideo: { url: 'https://cdn.example/ref.mp4', filename: 'ref.mp4', mode: 'feature', keepOriginalSound: false },
        },
      }),
      { providerLabel: 'Kling AI', place: { kind: 'deleted' } },
    );
    expect(text).toContain('Status: ❌ failed: the prompt was refused');
    expect(text).toContain('Result message: deleted');
    expect(text).not.toContain('Videos:');
    expect(text).not.toContain('Negative prompt');
    expect(text).toContain('Frames: first dawn.png (1280×720) · last noon.png (1280×720)');
    expect(text).toContain('Elements: Mira (hero), Cat');
    expect(text).toContain('Shots (2):\n1. 2 s — she wakes\n2. 3 s — she runs');
    expect(text).toContain('Reference images: style.png (1280×720)');
    expect(text).toContain('Reference video: ref.mp4 (feature, original sound dropped)');
    expect(text).toContain('Provider: Kling AI');
    expect(text).toContain('Cost: ≈ $1.26 (estimate)');
    expect(text).toContain('Task: `task-1` · rerun of `task-0`');
  });

  it('says when the model splits the shots itself', () => {
    expect(taskDetails(task({ request: { ...task().request, shotType: 'intelligence' } }), { providerLabel: 'x', place: link })).toContain(
      'Shots: split by the model',
    );
  });
});

describe('result place and links', () => {
  it('links guild and DM messages', () => {
    expect(messageLink('g', 'c', 'm')).toBe('https://discord.com/channels/g/c/m');
    expect(messageLink(null, 'c', 'm')).toBe('https://discord.com/channels/@me/c/m');
  });

  it('is a link, deleted, by DM, or not posted yet', () => {
    expect(resultPlace(task())).toEqual(link);
    expect(resultPlace(task({ resultDeletedAt: 1 }))).toEqual({ kind: 'deleted' });
    expect(resultPlace(task({ deliveredByDm: true }))).toEqual({ kind: 'dm' });
    expect(resultPlace(task({ resultMessageId: undefined }))).toEqual({ kind: 'none' });
  });
});

describe('splitForDiscord', () => {
  it('keeps short text whole and splits at line breaks', () => {
    expect(splitForDiscord('a\nb')).toEqual(['a\nb']);
    expect(splitForDiscord('aaaa\nbbbb\ncc', 9)).toEqual(['aaaa\nbbbb', 'cc']);
  });

  it('cuts an over-long quoted line at spaces and keeps the quote marker on every piece', () => {
    const prompt = `> ${Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ')}`;
    const chunks = splitForDiscord(`Prompt:\n${prompt}\nModel: x`, 1000);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(1000);
    const lines = chunks.join('\n').split('\n');
    expect(lines.slice(1, -1).every((l) => l.startsWith('> '))).toBe(true);
    expect(
      lines
        .slice(1, -1)
        .map((l) => l.slice(2))
        .join(' '),
    ).toBe(prompt.slice(2));
    expect(lines.at(-1)).toBe('Model: x');
  });

  it('hard-cuts a line without spaces', () => {
    expect(splitForDiscord('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});
