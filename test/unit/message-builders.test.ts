import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.ts';
import { formatDuration, outcomeMessage, requestSummary, rerunHeader, RERUN_EMOJI, statusContent } from '../../src/discord/message-builders.ts';

const ID = '3f2b8c1a-9d4e-4f6a-8b7c-1234567890ab';
const frame = { mediaId: 'm', contentType: 'image/png' as const, width: 1280, height: 720, bytes: 10, filename: 'f.png' };

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: ID,
    request: { prompt: 'a red fox running through snow', model: 'kling-3-standard', duration: 5, aspectRatio: '16:9', sound: true, variants: 1 },
    origin: { guildId: 'g1', channelId: 'c1', userId: '111222333444555666', statusMessageId: '999888777666555444' },
    provider: 'runware',
    providerTaskId: ID,
    webhookToken: 'secret-token',
    status: 'succeeded',
    results: [{ id: 'v1', url: 'https://vm.runware.ai/video/os/a/v1.mp4', costUsd: 0.42 }],
    cost: { usd: 0.42, estimated: false },
    estimatedCost: { usd: 0.63, estimated: true },
    createdAt: 0,
    submittedAt: 10_000,
    completedAt: 85_000,
    ...overrides,
  };
}

describe('outcomeMessage (success)', () => {
  it('pings only the requester, replies to the status message without pinging it', () => {
    const body = outcomeMessage(task(), 'Runware');
    expect(body.allowed_mentions).toEqual({ parse: [], users: ['111222333444555666'], replied_user: false });
    expect(body.message_reference).toEqual({ message_id: '999888777666555444', fail_if_not_exists: false });
    expect(body.content.startsWith('<@111222333444555666> your video is ready')).toBe(true);
  });

  it('has the exact content: model, duration, time taken, cost, provider, URL, rerun hint', () => {
    expect(outcomeMessage(task(), 'Runware').content).toBe(
      '<@111222333444555666> your video is ready · Kling 3.0 Standard (720p) · 5 s · took 1m 15s · cost $0.42 via Runware\n' +
        'https://vm.runware.ai/video/os/a/v1.mp4\n' +
        'React 🔁 to run it again, ✉️ to get the details by DM, ❌ to delete it.',
    );
  });

  it('carries every result URL, one per line', () => {
    const urls = ['https://cdn.example/1.mp4', 'https://cdn.example/2.mp4', 'https://cdn.example/3.mp4', 'https://cdn.example/4.mp4'];
    const t = task({
      request: { ...task().request, variants: 4 },
      results: urls.map((url, i) => ({ id: `v${i}`, url, costUsd: 0.168 })),
      cost: { usd: 0.672, estimated: false },
    });
    const lines = outcomeMessage(t, 'Runware').content.split('\n');
    expect(lines.slice(1, 5)).toEqual(urls);
    expect(lines[0]).toContain('cost $0.672 via Runware');
  });

  it('formats costs: $12.60, and ≈ with "(estimate)" for estimates', () => {
    expect(outcomeMessage(task({ cost: { usd: 12.6, estimated: false } }), 'Runware').content).toContain(' · cost $12.60 via Runware');
    expect(outcomeMessage(task({ cost: { usd: 0.42, estimated: true } }), 'Runware').content).toContain(' · cost ≈ $0.42 (estimate) via Runware');
    // No final cost yet: the estimate is shown (with ≈).
    expect(outcomeMessage(task({ cost: undefined }), 'Runware').content).toContain(' · cost ≈ $0.63 via Runware');
  });

  it('notes variants that did not come back, with the failure', () => {
    const t = task({
      request: { ...task().request, variants: 3 },
      failure: { kind: 'content_policy', userMessage: 'The provider refused this request under its content policy.' },
    });
    expect(outcomeMessage(t, 'Runware').content).toContain(
      'https://vm.runware.ai/video/os/a/v1.mp4\n⚠️ 2 of 3 variants did not come back: The provider refused this request under its content policy.\nReact 🔁 to run it again, ✉️ to get the details by DM, ❌ to delete it.',
    );
  });

  it('omits "took" without submit time and the reference without a status message', () => {
    const body = outcomeMessage(task({ submittedAt: undefined, origin: { guildId: null, channelId: 'dm', userId: '42' } }), 'Runware');
    expect(body.content).not.toContain('took');
    expect(body.message_reference).toBeUndefined();
    expect(body.allowed_mentions.users).toEqual(['42']);
  });

  it('sets a 25-char nonce from the task id, enforced', () => {
    const body = outcomeMessage(task(), 'Runware');
    expect(body.nonce).toBe('3f2b8c1a9d4e4f6a8b7c12345');
    expect(body.enforce_nonce).toBe(true);
  });

  it('never exceeds 2000 characters', () => {
    const results = Array.from({ length: 4 }, (_, i) => ({ id: `v${i}`, url: `https://cdn.example/${'x'.repeat(480)}/${i}.mp4` }));
    const body = outcomeMessage(task({ request: { ...task().request, variants: 4 }, results }), 'Runware');
    expect(body.content.length).toBe(2000);
  });
});

describe('outcomeMessage (failure)', () => {
  it('tells the requester why, with the request summary', () => {
    const t = task({
      status: 'failed',
      results: [],
      cost: undefined,
      failure: { kind: 'balance', userMessage: 'The video provider account is out of credit. An admin needs to top it up.', detail: 'Runware 402' },
    });
    const body = outcomeMessage(t, 'Runware');
    expect(body.content).toBe(
      '<@111222333444555666> your video could not be made: The video provider account is out of credit. An admin needs to top it up.\n' +
        '**Kling 3.0 Standard (720p)** · 5 s · 16:9 · sound on · text only\n' +
        '> a red fox running through snow',
    );
    expect(body.content).not.toContain('Runware 402');
    expect(body.allowed_mentions).toEqual({ parse: [], users: ['111222333444555666'], replied_user: false });
    expect(body.message_reference?.message_id).toBe('999888777666555444');
  });

  it('quotes at most the first 200 characters of the prompt, every line quoted', () => {
    const prompt = `line one\nline two ${'y'.repeat(400)}`;
    const t = task({ status: 'failed', results: [], request: { ...task().request, prompt }, failure: { kind: 'server', userMessage: 'Provider error.' } });
    const quoted = outcomeMessage(t, 'Runware').content.split('\n').slice(2);
    expect(quoted).toEqual(['> line one', `> ${prompt.slice(9, 200)}`]);
  });

  it('has a fallback reason', () => {
    expect(outcomeMessage(task({ status: 'failed', results: [], failure: undefined }), 'Runware').content).toContain(
      'your video could not be made: the provider could not make this video.',
    );
  });
});

describe('requestSummary', () => {
  it('names model, duration, ratio, sound, frames and variants', () => {
    const r = task().request;
    expect(requestSummary({ ...r, model: 'kling-3-omni-pro', sound: false, aspectRatio: '9:16', duration: 10, variants: 3, firstFrame: frame })).toBe(
      '**Kling 3.0 Omni Pro (1080p)** · 10 s · 9:16 · sound off · first frame · 3 variants',
    );
    expect(requestSummary({ ...r, firstFrame: frame, lastFrame: frame })).toBe('**Kling 3.0 Standard (720p)** · 5 s · 16:9 · sound on · first + last frame');
  });
});

describe('formatDuration', () => {
  it('shows seconds, or minutes with two-digit seconds', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59_400)).toBe('59s');
    expect(formatDuration(60_000)).toBe('1m 00s');
    expect(formatDuration(75_000)).toBe('1m 15s');
    expect(formatDuration(-5_000)).toBe('0s');
  });
});

describe('statusContent', () => {
  it('shows the estimate and the progress with ETA', () => {
    const t = task({ status: 'generating', results: [], cost: undefined, completedAt: undefined });
    expect(statusContent(t, { expectedMs: 120_000, samples: 3 }, 40_000)).toBe(
      '🎬 **Kling 3.0 Standard (720p)** · 5 s · 16:9 · sound on · text only\n' +
        '> a red fox running through snow\n' +
        'Estimated cost ≈ $0.63\n' +
        '⚙️ Generating · 30s elapsed · about 1m 30s left',
    );
  });

  it('marks first guesses and overdue tasks, and shows failures', () => {
    const queued = task({ status: 'queued', results: [], completedAt: undefined });
    expect(statusContent(queued, { expectedMs: 60_000, samples: 0 }, 20_000)).toMatch(/🕒 Queued · 10s elapsed · about 50s left \(first guess\)$/);
    expect(statusContent(queued, { expectedMs: 5_000, samples: 2 }, 20_000)).toMatch(/ · finishing soon$/);
    const failed = task({ status: 'failed', failure: { kind: 'server', userMessage: 'Provider error.' } });
    expect(statusContent(failed, undefined, 0)).toMatch(/\n❌ Failed: Provider error\.$/);
    expect(statusContent(task(), undefined, 0)).toMatch(/\n✅ Done in 1m 15s$/);
  });

  it('starts with the rerun header for reruns', () => {
    const content = statusContent(task({ status: 'pending', rerunOf: 'older' }), undefined, 0);
    expect(content.split('\n')[0]).toBe(rerunHeader('111222333444555666'));
    expect(rerunHeader('7')).toBe(`${RERUN_EMOJI} <@7> asked to run this again.`);
    expect(content.endsWith('⏳ Submitting…')).toBe(true);
  });
});
