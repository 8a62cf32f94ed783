import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.ts';
import type { TaskRepository } from '../../src/store/task-repository.ts';
import { makeTask } from '../support/tasks.ts';

/** One store under test: a repository, a second handle on the same data (another process), and cleanup. */
export interface RepositoryFixture {
  repo: TaskRepository;
  /** A repository over a separate connection to the same data, as a second process would have. */
  other: TaskRepository;
  close(): Promise<void>;
}

let serial = 0;
/** Ids unique across the suite, so tests share one store without seeing each other's tasks. */
function fresh(fields: Partial<Task> = {}): Task {
  serial += 1;
  const id = `${String(serial).padStart(8, '0')}-0000-4000-8000-${Date.now().toString(16).padStart(12, '0')}`;
  return makeTask({ id, createdAt: serial, origin: { guildId: 'g', channelId: 'c', userId: `u${serial}` }, ...fields });
}

/**
 * The promises of TaskRepository (src/store/task-repository.ts), run against every implementation
 * (the shape follows keyv's shared test suite, jaredwray/keyv packages/test-suite).
 */
export function taskRepositoryContract(name: string, open: () => Promise<RepositoryFixture>): void {
  describe(`TaskRepository contract: ${name}`, () => {
    let f: RepositoryFixture;
    beforeAll(async () => {
      f = await open();
    });
    afterAll(async () => {
      await f?.close();
    });

    it('stores a task and reads it back unchanged, with version 1; an id is stored once', async () => {
      const task = fresh({ request: { ...makeTask().request, prompt: 'a fox — “quoted” ✓' } });
      const stored = await f.repo.create(task);
      expect(stored.version).toBe(1);
      expect(await f.repo.get(task.id)).toEqual({ ...task, version: 1 });
      await expect(f.repo.create(task)).rejects.toThrow();
      expect(await f.repo.get('no-such-task')).toBeUndefined();
    });

    it('replace is compare-and-set: a stale version writes nothing', async () => {
      const stored = await f.repo.create(fresh());
      const first = await f.repo.replace(stored, { ...stored, status: 'queued' });
      expect(first?.version).toBe(2);
      expect(await f.repo.replace(stored, { ...stored, status: 'failed' })).toBeUndefined();
      expect((await f.repo.get(stored.id))?.status).toBe('queued');
    });

    it('update loses no write when many writers race, also from another process', async () => {
      const stored = await f.repo.create(fresh());
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? f.repo : f.other).update(stored.id, (t) => ({ ...t, results: [...t.results, { id: `r${i}`, url: `https://cdn.test/${i}.mp4` }] })),
        ),
      );
      const after = await f.repo.get(stored.id);
      expect(after?.results.map((r) => r.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `r${i}`).sort());
      expect(after?.version).toBe(13);
      expect(await f.repo.update(stored.id, () => undefined)).toEqual(after);
      expect(await f.repo.update('no-such-task', (t) => t)).toBeUndefined();
    });

    it('claims due tasks once: leased work is not handed out again until the lease ends', async () => {
      const now = 1_000_000_000_000;
      const due = await f.repo.create(fresh(), { dueAt: now - 10 });
      const later = await f.repo.create(fresh(), { dueAt: now + 60_000 });
      const idle = await f.repo.create(fresh(), { dueAt: null });
      const mine = await f.repo.claimDue({ owner: 'a', now, dueBy: now, leaseUntil: now + 30_000, limit: 1000 });
      const ids = mine.map((t) => t.id);
      expect(ids).toContain(due.id);
      expect(ids).not.toContain(later.id);
      expect(ids).not.toContain(idle.id);
      expect(mine.find((t) => t.id === due.id)?.version).toBe(due.version);
      const again = await f.other.claimDue({ owner: 'b', now: now + 1000, dueBy: now + 1000, leaseUntil: now + 31_000, limit: 1000 });
      expect(again.map((t) => t.id)).not.toContain(due.id);
      const afterLease = await f.other.claimDue({ owner: 'b', now: now + 30_000, dueBy: now + 30_000, leaseUntil: now + 60_000, limit: 1000 });
      expect(afterLease.map((t) => t.id)).toContain(due.id);
      await f.repo.reschedule('a', [{ id: due.id, dueAt: null }]);
      expect(await f.other.claimDue({ owner: 'c', now: now + 61_000, dueBy: now + 61_000, leaseUntil: now + 90_000, limit: 1000 })).toContainEqual(
        expect.objectContaining({ id: due.id }),
      );
      await f.other.reschedule('c', [{ id: due.id, dueAt: null }]);
      await f.repo.reschedule('c', [{ id: later.id, dueAt: null }]);
    });

    it('renewLease extends only the holder’s lease: the task is not handed out while it is renewed', async () => {
      const now = 1_500_000_000_000;
      const task = await f.repo.create(fresh(), { dueAt: now - 1 });
      await f.repo.claimDue({ owner: 'a', now, dueBy: now, leaseUntil: now + 30_000, limit: 1000 });
      expect(await f.other.renewLease('b', task.id, now + 90_000)).toBe(false);
      expect(await f.repo.renewLease('a', task.id, now + 60_000)).toBe(true);
      const at = now + 45_000;
      expect((await f.other.claimDue({ owner: 'b', now: at, dueBy: at, leaseUntil: at + 30_000, limit: 1000 })).map((t) => t.id)).not.toContain(task.id);
      const after = now + 60_000;
      expect((await f.other.claimDue({ owner: 'b', now: after, dueBy: after, leaseUntil: after + 30_000, limit: 1000 })).map((t) => t.id)).toContain(task.id);
      expect(await f.repo.renewLease('a', task.id, after + 60_000)).toBe(false);
      await f.other.reschedule('b', [{ id: task.id, dueAt: null }]);
    });

    it('two claimants at once never share a task', async () => {
      const now = 2_000_000_000_000;
      const tasks = await Promise.all(Array.from({ length: 40 }, () => f.repo.create(fresh(), { dueAt: now - 1 })));
      const claim = (repo: TaskRepository, owner: string) => repo.claimDue({ owner, now, dueBy: now, leaseUntil: now + 30_000, limit: 7 });
      const rounds = await Promise.all([
        claim(f.repo, 'x'),
        claim(f.other, 'y'),
        claim(f.repo, 'z'),
        claim(f.other, 'w'),
        claim(f.repo, 'v'),
        claim(f.other, 'u'),
      ]);
      const ours = new Set(tasks.map((t) => t.id));
      const claimed = rounds
        .flat()
        .filter((t) => ours.has(t.id))
        .map((t) => t.id);
      expect(new Set(claimed).size).toBe(claimed.length);
      for (const [i, owner] of ['x', 'y', 'z', 'w', 'v', 'u'].entries()) {
        await (i % 2 === 0 ? f.repo : f.other).reschedule(
          owner,
          rounds[i]!.map((t) => ({ id: t.id, dueAt: null })),
        );
      }
    });

    it('reschedule frees only the owner’s claims; releaseLeases frees an owner’s or everyone’s', async () => {
      const now = 3_000_000_000_000;
      const task = await f.repo.create(fresh(), { dueAt: now - 1 });
      await f.repo.claimDue({ owner: 'p', now, dueBy: now, leaseUntil: now + 60_000, limit: 1000 });
      const pushedOut = await f.repo.create(fresh(), { dueAt: now + 50_000, lease: { owner: 'p', until: now + 50_000 } });
      await f.repo.reschedule('someone-else', [{ id: task.id, dueAt: now - 1 }]);
      expect((await f.repo.claimDue({ owner: 'q', now, dueBy: now, leaseUntil: now + 60_000, limit: 1000 })).map((t) => t.id)).not.toContain(task.id);
      expect(await f.repo.releaseLeases({ owner: 'p', dueAt: now })).toBeGreaterThanOrEqual(2);
      const taken = (await f.repo.claimDue({ owner: 'q', now, dueBy: now, leaseUntil: now + 60_000, limit: 1000 })).map((t) => t.id);
      expect(taken).toContain(task.id);
      expect(taken).toContain(pushedOut.id);
      expect(await f.repo.releaseLeases({ dueAt: now })).toBeGreaterThanOrEqual(2);
      await f.repo.update(pushedOut.id, (t) => t, { dueAt: null });
      await f.repo.reschedule('nobody', []);
      await f.repo.update(task.id, (t) => t, { dueAt: null });
    });

    it('makes every task with work left due now, except idle ones and those another process holds', async () => {
      const now = 4_000_000_000_000;
      const waiting = await f.repo.create(fresh(), { dueAt: now + 300_000 });
      const idle = await f.repo.create(fresh(), { dueAt: null });
      const held = await f.repo.create(fresh(), { dueAt: now + 60_000, lease: { owner: 'other', until: now + 60_000 } });
      expect(await f.repo.makeDue(now)).toBeGreaterThanOrEqual(1);
      const claimed = (await f.other.claimDue({ owner: 'r', now, dueBy: now, leaseUntil: now + 1000, limit: 1000 })).map((t) => t.id);
      expect(claimed).toContain(waiting.id);
      expect(claimed).not.toContain(idle.id);
      expect(claimed).not.toContain(held.id);
      for (const t of [waiting, held]) await f.repo.update(t.id, (x) => x, { dueAt: null, lease: null });
    });

    it('records a delivery with its message link atomically; a stale delivery records nothing', async () => {
      const stored = await f.repo.create(fresh({ status: 'succeeded', completedAt: 5 }), { dueAt: 1 });
      const openBefore = await f.repo.countOpen();
      const delivered = await f.repo.recordDelivery(stored, { ...stored, resultMessageId: 'm-1-' + stored.id }, { dueAt: null, lease: null });
      expect(delivered?.resultMessageId).toBe('m-1-' + stored.id);
      expect((await f.repo.taskForMessage('m-1-' + stored.id))?.id).toBe(stored.id);
      expect(await f.repo.countOpen()).toBe(openBefore - 1);
      expect(await f.repo.recordDelivery(stored, { ...stored, resultMessageId: 'm-2-' + stored.id }, { dueAt: null })).toBeUndefined();
      expect(await f.repo.taskForMessage('m-2-' + stored.id)).toBeUndefined();
      await f.repo.linkMessage('status-' + stored.id, stored.id);
      expect((await f.repo.taskForMessage('status-' + stored.id))?.resultMessageId).toBe('m-1-' + stored.id);
      expect(await f.repo.taskForMessage('unknown-message')).toBeUndefined();
    });

    it('lists a member’s tasks newest first with the total, per server and for DMs', async () => {
      const base = fresh();
      const user = `member-${base.id}`;
      const made: Task[] = [];
      for (let i = 0; i < 5; i++) made.push(fresh({ createdAt: 1000 + i, origin: { guildId: 'g-list', channelId: 'c', userId: user } }));
      made.push(fresh({ createdAt: 2000, origin: { guildId: null, channelId: 'dm', userId: user } }));
      made.push(fresh({ createdAt: 3000, origin: { guildId: 'g-list', channelId: 'c', userId: `${user}-other` } }));
      for (const task of made) await f.repo.create(task);
      const page = await f.repo.memberTasks('g-list', user, 1, 2);
      expect(page.total).toBe(5);
      expect(page.tasks.map((t) => t.createdAt)).toEqual([1003, 1002]);
      const dms = await f.repo.memberTasks(null, user, 0, 10);
      expect(dms.tasks.map((t) => t.id)).toEqual([made[5]!.id]);
    });

    it('finds tasks of a server by the start of their id', async () => {
      const task = await f.repo.create(fresh({ origin: { guildId: 'g-prefix', channelId: 'c', userId: 'u' } }));
      expect((await f.repo.findByIdPrefix('g-prefix', task.id.slice(0, 8).toUpperCase(), 5)).map((t) => t.id)).toEqual([task.id]);
      expect(await f.repo.findByIdPrefix('another-guild', task.id.slice(0, 8), 5)).toEqual([]);
      expect(await f.repo.findByIdPrefix('g-prefix', '%', 5)).toEqual([]);
    });

    it('prunes delivered tasks finished before the cut-off, with their links, and nothing else', async () => {
      const old = await f.repo.create(fresh({ status: 'succeeded', completedAt: 100, resultMessageId: 'old-msg' }), { dueAt: null });
      await f.repo.linkMessage('old-msg', old.id);
      const undelivered = await f.repo.create(fresh({ status: 'succeeded', completedAt: 100 }), { dueAt: 5 });
      const recent = await f.repo.create(fresh({ status: 'succeeded', completedAt: 10_000_000, resultMessageId: 'new-msg' }), { dueAt: null });
      const stillDue = await f.repo.create(fresh({ status: 'succeeded', completedAt: 100, resultMessageId: 'due-msg' }), { dueAt: 7 });
      expect(await f.repo.pruneFinished(1000)).toBeGreaterThanOrEqual(1);
      expect(await f.repo.get(old.id)).toBeUndefined();
      expect(await f.repo.taskForMessage('old-msg')).toBeUndefined();
      for (const kept of [undelivered, recent, stillDue]) expect(await f.repo.get(kept.id)).toBeDefined();
      await f.repo.update(undelivered.id, (t) => t, { dueAt: null });
      await f.repo.update(stillDue.id, (t) => t, { dueAt: null });
    });
  });
}
