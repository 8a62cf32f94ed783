// The door every submission goes through: one check (validation + provider + price + order rules),
// then a start that stores before it submits.
import { beforeEach, describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../src/domain/request.ts';
import type { Order, OrderCheck, Quote, Refusal } from '../../src/flow/orders.ts';
import { Submissions } from '../../src/flow/submissions.ts';
import { FakeProvider, submitWorld } from '../support/flow.ts';

let runware: FakeProvider;
let kling: FakeProvider;
let world: Awaited<ReturnType<typeof submitWorld>>;
let serverDefault: string | undefined;
let asked: Array<[string | null, string]>;

function door(options: { checks?: OrderCheck[]; maxVariants?: number } = {}): Submissions {
  return new Submissions({
    providers: world.providers,
    submitter: world.submitter,
    settings: {
      server: async (guildId) => {
        asked.push([guildId, 'server']);
        return { confirmAboveUsd: 0, maxRunning: 0, defaultProvider: serverDefault };
      },
      channel: async () => ({}),
    },
    checks: options.checks ?? [],
    maxVariants: options.maxVariants ?? 4,
    log: world.log,
    now: world.now,
  });
}

function order(request: Partial<VideoRequest> = {}, fields: Partial<Order> = {}): Order {
  return {
    request: { prompt: 'a lighthouse at dusk', model: 'kling-3-standard', duration: 5, aspectRatio: '16:9', sound: false, variants: 1, ...request },
    requester: { userId: 'u1', guildId: 'g1', channelId: 'c1' },
    ...fields,
  };
}

async function quoted(submissions: Submissions, o: Order): Promise<Quote> {
  const checked = await submissions.check(o);
  if (!checked.ok) throw new Error(`unexpected refusal: ${JSON.stringify(checked.refusal)}`);
  return checked.quote;
}

async function refused(submissions: Submissions, o: Order): Promise<Refusal> {
  const checked = await submissions.check(o);
  if (checked.ok) throw new Error('expected a refusal');
  return checked.refusal;
}

beforeEach(async () => {
  runware = new FakeProvider('runware');
  kling = new FakeProvider('kling');
  kling.price = { usd: 0.7, estimated: true };
  world = await submitWorld({ providers: [runware, kling] });
  serverDefault = undefined;
  asked = [];
});

describe('Submissions.check: validation', () => {
  it('returns validation problems and the provider’s unsupported options together as one invalid refusal', async () => {
    runware.problems = [{ option: 'negative_prompt', message: 'not on Omni' }];
    const refusal = await refused(door(), order({ prompt: 'x' }));
    expect(refusal).toEqual({
      kind: 'invalid',
      problems: [
        { option: 'prompt', message: 'must be 2–2500 characters (it is 1)' },
        { option: 'negative_prompt', message: 'not on Omni' },
      ],
      notes: [],
    });
  });

  it('takes the most variants from the settings', async () => {
    expect(await refused(door({ maxVariants: 2 }), order({ variants: 3 }))).toEqual({
      kind: 'invalid',
      problems: [{ option: 'variants', message: 'must be from 1 to 2' }],
      notes: [],
    });
    expect((await quoted(door({ maxVariants: 3 }), order({ variants: 3 }))).order.request.variants).toBe(3);
  });

  it('asks the unsupported options of the provider that will run it', async () => {
    runware.problems = [{ option: 'variants', message: 'runware says no' }];
    expect((await quoted(door(), order({}, { provider: 'kling' }))).provider).toBe(kling);
  });
});

describe('Submissions.check: which provider', () => {
  it('uses a provider the member named, if it is configured', async () => {
    expect((await quoted(door(), order({}, { provider: 'kling' }))).provider).toBe(kling);
    expect(await refused(door(), order({}, { provider: 'imini' }))).toEqual({
      kind: 'invalid',
      problems: [{ option: 'provider', message: '`imini` is not configured here (available: runware, kling)' }],
      notes: [],
    });
  });

  it('uses the server’s default, else the registry’s default', async () => {
    serverDefault = 'kling';
    expect((await quoted(door(), order())).provider).toBe(kling);
    expect(asked).toEqual([['g1', 'server']]);
    serverDefault = 'imini';
    expect((await quoted(door(), order())).provider).toBe(runware);
    serverDefault = undefined;
    expect((await quoted(door(), order())).provider).toBe(runware);
  });

  it('prices the order through the chosen provider', async () => {
    runware.price = { usd: 1.23, estimated: true };
    const quote = await quoted(door(), order());
    expect(quote).toMatchObject({ price: { usd: 1.23, estimated: true }, notes: [], needsConfirmation: false });
    expect((await quoted(door(), order({}, { provider: 'kling' }))).price).toEqual({ usd: 0.7, estimated: true });
    // A check stores and submits nothing.
    expect(await world.tasks.countOpen()).toBe(0);
    expect(runware.submitted).toHaveLength(0);
  });
});

describe('Submissions.check: order checks', () => {
  it('runs the checks in order on the priced quote; the first refusal wins', async () => {
    const seen: string[] = [];
    const check =
      (name: string, refusal?: Refusal): OrderCheck =>
      async (quote) => {
        seen.push(`${name}:${quote.price.usd}`);
        return refusal;
      };
    const checks = [check('who'), check('budget', { kind: 'denied', message: 'over budget' }), check('late', { kind: 'unavailable', message: 'never asked' })];
    expect(await refused(door({ checks }), order())).toEqual({ kind: 'denied', message: 'over budget' });
    expect(seen).toEqual(['who:0.42', 'budget:0.42']);
  });

  it('runs no check for an invalid order', async () => {
    let ran = false;
    await refused(
      door({
        checks: [
          async () => {
            ran = true;
            return undefined;
          },
        ],
      }),
      order({ duration: 99 }),
    );
    expect(ran).toBe(false);
  });
});

describe('Submissions.start', () => {
  it('stores the task before the provider is called, then submits it once', async () => {
    const submissions = door();
    const quote = await quoted(submissions, order({}, { rerunOf: 'older', sourceMessageUrl: 'https://discord.com/channels/g1/c1/m1' }));
    const seenInSubmit: unknown[] = [];
    runware.onSubmit = async (task) => void seenInSubmit.push(await world.tasks.get(task.id));
    const started = await submissions.start(quote, { statusMessageId: 'status-1' });
    if (!started.ok) throw new Error('expected the task to start');
    expect(seenInSubmit).toEqual([expect.objectContaining({ id: started.task.id, status: 'pending', version: 1 })]);
    expect(runware.submitted).toHaveLength(1);
    expect(started.task).toMatchObject({
      provider: 'runware',
      status: 'queued',
      providerTaskId: `runware-${started.task.id}`,
      estimatedCost: { usd: 0.42, estimated: true },
      createdAt: world.clock.now,
      rerunOf: 'older',
      origin: { userId: 'u1', guildId: 'g1', channelId: 'c1', statusMessageId: 'status-1', sourceMessageUrl: 'https://discord.com/channels/g1/c1/m1' },
    });
    expect(await world.tasks.get(started.task.id)).toEqual(started.task);
  });

  it('gives every task its own id and a secret webhook token', async () => {
    const submissions = door();
    const quote = await quoted(submissions, order());
    const a = await submissions.start(quote, {});
    const b = await submissions.start(quote, {});
    if (!a.ok || !b.ok) throw new Error('expected both to start');
    expect(a.task.id).not.toBe(b.task.id);
    expect(a.task.webhookToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.task.webhookToken).not.toBe(b.task.webhookToken);
  });

  it('submits nothing when the task cannot be stored', async () => {
    const submissions = door();
    const quote = await quoted(submissions, order());
    await world.store.close();
    const started = await submissions.start(quote, {});
    expect(started).toMatchObject({ ok: false, refusal: { kind: 'unavailable' } });
    expect(runware.submitted).toHaveLength(0);
  });
});
