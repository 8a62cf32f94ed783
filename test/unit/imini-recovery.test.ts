// "Never submit twice" across a restart: a task stored before its create call but never confirmed
// (no imini task_id) cannot be looked up at imini, so resuming it must not send it again; the next
// poll fails it in plain words.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IminiProvider } from '../../src/providers/imini/imini-provider.ts';
import { pollWorld } from '../support/flow.ts';
import { FakeImini } from '../support/imini/index.ts';
import { makeTask } from '../support/tasks.ts';

let fake: FakeImini;
beforeAll(async () => {
  fake = await FakeImini.start({ apiKey: 'ik' });
});
afterAll(() => fake.close());

it('an unconfirmed imini task is not resubmitted, and the next poll fails it in plain words', async () => {
  const provider = new IminiProvider({ apiUrl: fake.url, apiKey: 'ik', prices: '' });
  const world = await pollWorld({ providers: [provider] });
  const id = 'b7d9c6a2-0000-4000-8000-000000000001';
  const task = makeTask({
    id,
    provider: 'imini',
    createdAt: world.clock.now - 5_000,
    request: { prompt: 'stored, never confirmed', model: 'kling-3-omni-pro' },
  });
  await world.tasks.create(task, { dueAt: world.clock.now });

  // Restart: the poller finds the task stored but not submitted.
  await world.poller.runOnce();
  const resumed = await world.tasks.get(id);
  expect(resumed).toMatchObject({ status: 'queued', providerTaskId: id });
  expect(fake.received).toHaveLength(0);

  world.clock.now = world.policy.nextCheck(resumed ?? task, world.clock.now);
  await world.poller.runOnce();
  await world.completion.drain();
  expect(fake.received).toHaveLength(0);
  const failed = await world.tasks.get(id);
  expect(failed).toMatchObject({ status: 'failed', failure: { kind: 'network' } });
  expect(failed?.failure?.userMessage).toMatch(/It was not sent again, so it is not paid twice: please run it again\.$/);
  expect(world.notifier.posted.map((t) => t.id)).toEqual([id]);
});
