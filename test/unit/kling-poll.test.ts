import { memoryMedia } from '../support/store.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.ts';
import { MediaStore } from '../../src/media/media-store.ts';
import { KlingProvider, type KlingOptions } from '../../src/providers/kling/kling-provider.ts';
import type { TaskUpdate } from '../../src/providers/provider.ts';
import { ProviderError } from '../../src/providers/provider-error.ts';
import { FakeKling } from '../support/kling/index.ts';
import { klingTask } from '../support/kling/fixtures.ts';

let fake: FakeKling;
let media: MediaStore;
let seq = 0;

beforeEach(async () => {
  fake = await FakeKling.start({ accessKey: 'ak', secretKey: 'sk' });
  media = await memoryMedia();
});
afterEach(() => fake.close());

function provider(options: Partial<KlingOptions> = {}): KlingProvider {
  return new KlingProvider({
    apiUrl: fake.url,
    accessKey: 'ak',
    secretKey: 'sk',
    unitPriceUsd: 0.14,
    retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
}

/** Tasks the bot stored (createdAt now, as the flow sets it) and submitted to the fake. */
async function submitted(count: number, omni = false): Promise<Task[]> {
  const kling = provider();
  const tasks = Array.from({ length: count }, () => ({
    ...klingTask(`poll-${String(++seq)}`, omni ? { model: 'kling-3-omni-standard' } : {}),
    createdAt: Date.now(),
  }));
  for (const task of tasks) await kling.submit(task, { media });
  return tasks.map((task) => ({ ...task, providerTaskId: task.id, status: 'queued' as const }));
}

const byId = (updates: TaskUpdate[]) => new Map(updates.map((u) => [u.providerTaskId, u]));
const countsSince = (before: { list: number; single: number }) => {
  const now = fake.queryCounts();
  return { list: now.list - before.list, single: now.single - before.single };
};

describe('KlingProvider.poll: one round over the task lists', () => {
  it('200 open tasks on two endpoints cost one list request per endpoint, not 200 GETs', async () => {
    const v3 = await submitted(150);
    const omni = await submitted(50, true);
    for (const task of v3.slice(0, 20)) await fake.succeed(task.id, { units: '3' });
    for (const task of omni.slice(0, 10)) await fake.progress(task.id);
    const before = fake.queryCounts();
    const updates = byId(await provider().poll([...v3, ...omni]));
    expect(countsSince(before)).toEqual({ list: 2, single: 0 });
    expect(updates.size).toBe(200);
    expect(updates.get(v3[0]!.id)).toMatchObject({ kind: 'results', complete: true, cost: { usd: 0.42, units: 3 } });
    expect(updates.get(v3[30]!.id)).toEqual({ kind: 'progress', providerTaskId: v3[30]!.id, status: 'queued' });
    expect(updates.get(omni[0]!.id)).toEqual({ kind: 'progress', providerTaskId: omni[0]!.id, status: 'generating' });
    expect(fake.requests.filter((r) => r.path === '/v1/videos/text2video' && r.method === 'GET').map((r) => r.query)).toEqual(['?pageNum=1&pageSize=500']);
  });

  it('pages newest first until every polled task was seen', async () => {
    const older = await submitted(25);
    await submitted(15); // newer tasks the bot no longer polls
    const before = fake.queryCounts();
    const updates = await provider({ listPageSize: 10 }).poll(older);
    expect(countsSince(before)).toEqual({ list: 4, single: 0 });
    expect(new Set(updates.map((u) => u.providerTaskId))).toEqual(new Set(older.map((t) => t.id)));
  });

  it('reads at most five pages, then asks about the rest one by one', async () => {
    const oldest = await submitted(8);
    await submitted(50);
    const before = fake.queryCounts();
    const updates = await provider({ listPageSize: 10 }).poll(oldest);
    expect(countsSince(before)).toEqual({ list: 5, single: 8 });
    expect(updates).toHaveLength(8);
  });

  it('stops at a page older than the oldest polled task; a task Kling does not know is asked about and is not_found', async () => {
    const old = await submitted(30);
    for (const task of old) fake.task(task.id).createdAt -= 3_600_000; // created an hour before the polled ones
    const [recent] = await submitted(1);
    const ghost = { ...klingTask(`ghost-${String(++seq)}`), providerTaskId: `ghost-${String(seq)}`, createdAt: Date.now() };
    const before = fake.queryCounts();
    const updates = byId(await provider({ listPageSize: 10 }).poll([recent!, ghost]));
    expect(countsSince(before)).toEqual({ list: 1, single: 1 });
    expect(updates.get(recent!.id)).toMatchObject({ kind: 'progress', status: 'queued' });
    expect(updates.get(ghost.id)).toMatchObject({ kind: 'failed', failure: { kind: 'not_found' } });
  });

  it('falls back to single queries for the round when the list answers an error', async () => {
    const tasks = await submitted(3);
    await fake.succeed(tasks[1]!.id);
    fake.failListsWith({ status: 500, body: { code: 5000, message: 'list broken' } });
    const before = fake.queryCounts();
    const updates = byId(await provider().poll(tasks));
    expect(countsSince(before)).toEqual({ list: 1, single: 3 });
    expect(updates.get(tasks[1]!.id)).toMatchObject({ kind: 'results', complete: true });
  });

  it('one failing query hides no other result; only a round where nothing answered throws', async () => {
    const tasks = await submitted(3);
    // The list fails (so every task is asked about), then one of the single queries fails.
    fake.failNextRequests([{ status: 500 }, { status: 400, body: { code: 1200, message: 'odd' } }]);
    const updates = await provider().poll(tasks);
    expect(updates).toHaveLength(2);
    const error = await provider({ accessKey: 'ak', secretKey: 'wrong' })
      .poll(tasks)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('auth');
  });

  it('reports odd units from a listed task in anomalies and keeps its video', async () => {
    const [task] = await submitted(1);
    await fake.succeed(task!.id, { units: 'abc' });
    const [update] = await provider().poll([task!]);
    expect(update).toMatchObject({ kind: 'results', results: [{ url: fake.task(task!.id).videos[0]?.url }], anomalies: [expect.stringContaining('"abc"')] });
    expect(update?.kind === 'results' && update.cost).toBeUndefined();
  });

  it('an aborted round rejects with the signal’s reason and sends nothing', async () => {
    const tasks = await submitted(2);
    const before = fake.requests.length;
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    await expect(provider().poll(tasks, { signal: controller.signal })).rejects.toThrow('shutting down');
    expect(fake.requests.length).toBe(before);
  });
});

describe('FakeKling task list', () => {
  it('checks the token and the paging like the other routes', async () => {
    const list = (query: string, authorization?: string) =>
      fetch(`${fake.url}/v1/videos/text2video${query}`, { headers: authorization ? { authorization } : {} }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { code: number },
      }));
    expect(await list('?pageNum=1&pageSize=10')).toMatchObject({ status: 401, body: { code: 1001 } });
    expect(await list('?pageNum=1&pageSize=10', 'Bearer not-a-jwt')).toMatchObject({ status: 401, body: { code: 1002 } });
    const kling = provider();
    await kling.submit(klingTask(`fake-${String(++seq)}`), { media });
    const header = fake.requests.at(-1)?.headers.authorization ?? '';
    expect(await list('?pageNum=1&pageSize=501', header)).toMatchObject({ status: 400, body: { code: 1201 } });
    expect(await list('?pageNum=0&pageSize=10', header)).toMatchObject({ status: 400, body: { code: 1201 } });
    expect(await list('?pageNum=1&pageSize=10', header)).toMatchObject({ status: 200, body: { code: 0 } });
  });
});
