import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.ts';
import { emptyJobsText, jobChoiceName, jobLine, jobsPage, pageCount, pageButtons, pageFooter, pageOffset, promptSnippet } from '../../src/discord/job-list.ts';

const CREATED = Date.UTC(2025, 0, 2, 3, 4, 5);

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: '3f2b8c1a-9d4e-4f6a-8b7c-1234567890ab',
    request: { prompt: 'a red fox running through snow', model: 'kling-3-pro', duration: 10, aspectRatio: '16:9', sound: false, variants: 1 },
    origin: { guildId: 'g1', channelId: 'c1', userId: 'u1', statusMessageId: 's1' },
    provider: 'runware',
    webhookToken: 'secret',
    status: 'succeeded',
    results: [{ id: 'v1', url: 'https://cdn.example/v1.mp4' }],
    cost: { usd: 1.12, estimated: false },
    estimatedCost: { usd: 1.12, estimated: true },
    createdAt: CREATED,
    resultMessageId: 'm1',
    ...overrides,
  };
}

describe('jobLine', () => {
  it('has status, model, duration, actual cost, relative time, result link, id and prompt start', () => {
    expect(jobLine(task())).toBe(
      `✅ **Kling 3.0 Pro (1080p)** · 10 s · $1.12 · <t:${Math.floor(CREATED / 1000)}:R> · [result](https://discord.com/channels/g1/c1/m1) · \`3f2b8c1a\` · “a red fox running through snow”`,
    );
  });

  it('shows the estimate with ≈ while there is no actual cost, and no link before a result exists', () => {
    const line = jobLine(task({ status: 'generating', cost: undefined, resultMessageId: undefined, results: [] }));
    expect(line.startsWith('⚙️ **Kling 3.0 Pro (1080p)** · 10 s · ≈ $1.12 · <t:')).toBe(true);
    expect(line).not.toContain('[result]');
  });

  it('marks failed tasks, deleted results and results sent by DM', () => {
    expect(jobLine(task({ status: 'failed', results: [] })).startsWith('❌ ')).toBe(true);
    expect(jobLine(task({ resultDeletedAt: 1 }))).toContain(' · result deleted · ');
    expect(jobLine(task({ resultDeletedAt: 1 }))).not.toContain('discord.com');
    expect(jobLine(task({ deliveredByDm: true }))).toContain(' · sent by DM · ');
    expect(jobLine(task({ status: 'pending' })).startsWith('⏳ ')).toBe(true);
    expect(jobLine(task({ status: 'queued' })).startsWith('🕒 ')).toBe(true);
  });
});

describe('promptSnippet', () => {
  it('flattens whitespace, cuts at 40 characters and neutralises markdown', () => {
    expect(promptSnippet('one\n two   three')).toBe('one two three');
    const long = promptSnippet('x'.repeat(100));
    expect(long).toBe(`${'x'.repeat(39)}…`);
    expect(promptSnippet('**bold** `code`')).toBe("\\*\\*bold\\*\\* 'code'");
  });
});

describe('pagination', () => {
  it('counts pages of ten (at least one) and offsets', () => {
    expect([0, 1, 10, 11, 20, 21].map(pageCount)).toEqual([1, 1, 1, 2, 2, 3]);
    expect([1, 2, 3].map(pageOffset)).toEqual([0, 10, 20]);
  });

  it('footer names the page; Prev/Next buttons turn it, disabled at the ends, none for one page', () => {
    expect(pageFooter(2, 5)).toBe('page 2 of 5');
    const ids = (page: number, pages: number) =>
      (pageButtons(page, pages) as Array<{ components: Array<{ custom_id: string; disabled: boolean }> }>).flatMap((r) =>
        r.components.map((c) => `${c.custom_id}${c.disabled ? ' (off)' : ''}`),
      );
    expect(ids(2, 5)).toEqual(['jobs:page:1', 'jobs:page:3']);
    expect(ids(1, 2)).toEqual(['jobs:page:1 (off)', 'jobs:page:2']);
    expect(ids(5, 5)).toEqual(['jobs:page:4', 'jobs:page:5 (off)']);
    expect(pageButtons(1, 1)).toEqual([]);
  });

  it('builds a page with one line per task in the given order, and nothing past the end', () => {
    const tasks = [task({ id: 'b' }), task({ id: 'a', resultDeletedAt: 1 })];
    const page = jobsPage({ tasks, total: 12, page: 2 });
    expect(page?.title).toBe('Your videos (12)');
    expect(page?.footer).toBe('page 2 of 2');
    expect(page?.lines).toHaveLength(2);
    expect(page?.lines[0]).toContain('`b`');
    expect(page?.lines[1]).toContain('result deleted');
    expect(jobsPage({ tasks: [], total: 12, page: 3 })).toBeUndefined();
    expect(jobsPage({ tasks: [], total: 0, page: 1 })).toBeUndefined();
  });

  it('ten long lines still fit an embed description', () => {
    const worst = task({
      request: { ...task().request, model: 'kling-3-omni-standard', prompt: 'y'.repeat(2500) },
      cost: undefined,
      estimatedCost: { usd: 12.6, estimated: true },
      origin: { guildId: '1'.repeat(19), channelId: '2'.repeat(19), userId: 'u' },
      resultMessageId: '3'.repeat(19),
    });
    const page = jobsPage({ tasks: Array.from({ length: 10 }, () => worst), total: 10, page: 1 });
    expect(page?.lines.join('\n').length).toBeLessThanOrEqual(4096);
  });

  it('explains an empty list and a page past the end', () => {
    expect(emptyJobsText(0, 1)).toBe('You have not made any videos here yet. Start one with /video.');
    expect(emptyJobsText(23, 7)).toBe('There is no page 7: your 23 videos here fill 3 pages.');
    expect(emptyJobsText(1, 2)).toBe('There is no page 2: your 1 video here fills 1 page.');
  });
});

describe('jobChoiceName', () => {
  it('fits 100 characters and starts with status, short model and duration', () => {
    const name = jobChoiceName(task({ request: { ...task().request, prompt: 'z'.repeat(300) } }));
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name.startsWith('✅ Pro (1080p) · 10 s · zzz')).toBe(true);
    expect(name.endsWith('…')).toBe(true);
  });
});
