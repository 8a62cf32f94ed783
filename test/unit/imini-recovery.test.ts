// "Never submit twice" across a restart: a task stored before its create call but never confirmed
// (no imini task_id) cannot be looked up at imini, so the start-up check must not send it again.
import Keyv from 'keyv';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.ts';
import { ProviderRegistry } from '../../src/flow/provider-registry.ts';
import { TaskSubmitter } from '../../src/flow/task-submitter.ts';
import { MediaStore } from '../../src/media/media-store.ts';
import { IminiProvider } from '../../src/providers/imini/imini-provider.ts';
import { TaskStore } from '../../src/store/task-store.ts';
import { FakeImini } from '../support/imini/index.ts';

let fake: FakeImini;
beforeAll(async () => {
  fake = await FakeImini.start({ apiKey: 'ik' });
});
afterAll(() => fake.close());

it('recover() keeps an unconfirmed imini task from being resubmitted, and the next poll fails it in plain words', async () => {
  const provider = new IminiProvider({ apiUrl: fake.url, apiKey: 'ik', prices: '' });
  const store = new TaskStore(new Keyv());
  const quiet = { info() {}, warn() {}, error() {}, debug() {} };
  const submitter = new TaskSubmitter({ store, providers: new ProviderRegistry([provider]), media: new MediaStore(new Keyv()), maxVariants: 1, log: quiet });
  const task: Task = {
    id: 'b7d9c6a2-0000-4000-8000-000000000001',
    provider: 'imini',
    webhookToken: 't',
    status: 'pending',
    results: [],
    createdAt: Date.now(),
    request: { prompt: 'stored, never confirmed', model: 'kling-3-omni-pro', duration: 5, aspectRatio: '16:9', sound: false, variants: 1 },
    origin: { guildId: 'g', channelId: 'c', userId: 'u' },
    estimatedCost: { usd: 0.56, estimated: true },
  };
  await store.create(task);

  const recovered = await submitter.recover(task);
  expect(fake.received).toHaveLength(0);
  expect(recovered.providerTaskId).toBe(task.id);

  const [update] = await provider.poll([recovered]);
  expect(update).toMatchObject({
    kind: 'failed',
    providerTaskId: task.id,
    failure: { userMessage: expect.stringMatching(/not sent again, so it is not paid twice/) },
  });
  expect(fake.received).toHaveLength(0);
});
