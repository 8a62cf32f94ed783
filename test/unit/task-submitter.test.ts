import Keyv from 'keyv';
import { beforeEach, describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../src/domain/request.ts';
import type { Origin, Task } from '../../src/domain/task.ts';
import type { RequestProblem } from '../../src/domain/validation.ts';
import type { EtaBook } from '../../src/flow/eta-book.ts';
import type { Logger, TaskNotifier } from '../../src/flow/ports.ts';
import { ProviderRegistry } from '../../src/flow/provider-registry.ts';
import { TaskCompleter } from '../../src/flow/task-completer.ts';
import type { ModelCapabilities } from '../../src/domain/capabilities.ts';
import type { Cost } from '../../src/domain/cost.ts';
import { estimateRunwareCost } from '../../src/providers/runware/runware-prices.ts';
import { TaskSubmitter } from '../../src/flow/task-submitter.ts';
import type { CallbackInput, MediaAccess, SubmitContext, TaskUpdate, VideoProvider } from '../../src/providers/provider.ts';
import { ProviderError } from '../../src/providers/provider-error.ts';
import { TaskStore } from '../../src/store/task-store.ts';

class FakeProvider implements VideoProvider {
  readonly name = 'runware';
  readonly label = 'Runware';
  readonly delivery = 'callback' as const;
  readonly submitted: Array<{ task: Task; ctx: SubmitContext }> = [];
  /** Runs inside submit, before it resolves (e.g. a webhook landing early). */
  beforeResolve: ((task: Task) => Promise<void>) | undefined;
  submitError: unknown;
  pollAnswer: TaskUpdate[] = [];
  unsupportedProblems: RequestProblem[] = [];

  capabilities(): ModelCapabilities {
    return {
      text: true,
      firstFrame: true,
      lastFrame: true,
      elements: true,
      storyboard: true,
      intelligentShots: true,
      referenceImages: true,
      referenceVideo: true,
      audio: true,
      negativePrompt: true,
      maxVariants: 4,
    };
  }
  unsupported(_request: VideoRequest): RequestProblem[] {
    return this.unsupportedProblems;
  }
  estimateCost(request: VideoRequest): Cost {
    return estimateRunwareCost(request);
  }
  resultExpiry(): number | undefined {
    return undefined;
  }
  async submit(task: Task, ctx: SubmitContext): Promise<{ providerTaskId: string }> {
    this.submitted.push({ task, ctx });
    if (this.submitError !== undefined) throw this.submitError;
    await this.beforeResolve?.(task);
    return { providerTaskId: task.id };
  }
  parseCallback(_input: CallbackInput): TaskUpdate[] {
    return [];
  }
  async poll(_tasks: Task[]): Promise<TaskUpdate[]> {
    return this.pollAnswer;
  }
}

const quietLog: Logger = { info() {}, warn() {}, error() {}, debug() {} };
const noMedia: MediaAccess = {
  read: async () => new Uint8Array(),
  providerCopy: async () => undefined,
  rememberProviderCopy: async () => undefined,
};
const noNotifier: TaskNotifier = {
  showStatus: async () => undefined,
  postOutcome: async () => ({ messageId: 'm', viaDm: false }),
};
const origin: Origin = { guildId: 'g', channelId: 'c', userId: 'u', statusMessageId: 's' };

function request(overrides: Partial<VideoRequest> = {}): VideoRequest {
  return { prompt: 'a lighthouse at dusk', model: 'kling-3-standard', duration: 5, aspectRatio: '16:9', sound: false, variants: 2, ...overrides };
}

let store: TaskStore;
let provider: FakeProvider;
let completer: TaskCompleter;
let clock: number;

function submitter(publicUrl?: string): TaskSubmitter {
  return new TaskSubmitter({ store, providers: new ProviderRegistry([provider]), media: noMedia, publicUrl, maxVariants: 4, log: quietLog, now: () => clock });
}

function prepared(s: TaskSubmitter, r: VideoRequest = request()): Task {
  const result = s.prepare(r, origin);
  if (!result.ok) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result.task;
}

beforeEach(() => {
  store = new TaskStore(new Keyv());
  provider = new FakeProvider();
  clock = 1_000;
  completer = new TaskCompleter({ store, notifier: noNotifier, eta: {} as EtaBook, log: quietLog, now: () => clock });
});

describe('TaskSubmitter: a webhook arriving before the submit is confirmed', () => {
  it('is not downgraded: generating stays generating', async () => {
    const s = submitter('https://bot.example.com');
    const task = prepared(s);
    provider.beforeResolve = async (t) => {
      await completer.apply(t.id, [{ kind: 'progress', providerTaskId: t.id, status: 'generating' }]);
    };
    clock = 2_000;
    const stored = await s.start(task);
    expect(stored.status).toBe('generating');
    expect(stored.startedAt).toBe(2_000);
    expect(stored.providerTaskId).toBe(task.id);
    expect(stored.submittedAt).toBe(2_000);
    expect(await store.get(task.id)).toEqual(stored);
  });

  it('is not downgraded: a task finished by early results stays succeeded with its results', async () => {
    const s = submitter('https://bot.example.com');
    const task = prepared(s);
    const results = [
      { id: 'v1', url: 'https://cdn.example/1.mp4', costUsd: 0.42 },
      { id: 'v2', url: 'https://cdn.example/2.mp4', costUsd: 0.42 },
    ];
    provider.beforeResolve = async (t) => {
      await completer.apply(t.id, [{ kind: 'results', providerTaskId: t.id, complete: false, results }]);
    };
    const stored = await s.start(task);
    expect(stored.status).toBe('succeeded');
    expect(stored.results).toEqual(results);
    expect(stored.cost).toEqual({ usd: 0.84, estimated: false });
    expect((await store.get(task.id))?.status).toBe('succeeded');
  });
});

describe('TaskSubmitter.start', () => {
  it('stores the task before submitting, then marks it queued', async () => {
    const s = submitter();
    const task = prepared(s);
    provider.beforeResolve = async (t) => {
      expect((await store.get(t.id))?.status).toBe('pending');
      expect(await store.openIds()).toEqual([t.id]);
    };
    clock = 3_000;
    const stored = await s.start(task);
    expect(provider.submitted).toHaveLength(1);
    expect(stored.status).toBe('queued');
    expect(stored.submittedAt).toBe(3_000);
    expect(stored.providerTaskId).toBe(task.id);
  });

  it('hands the provider a callback URL carrying the task token, or none without PUBLIC_URL', async () => {
    const withUrl = submitter('https://bot.example.com/');
    const task = prepared(withUrl);
    await withUrl.start(task);
    expect(provider.submitted[0]?.ctx.callbackUrl).toBe(`https://bot.example.com/webhooks/runware/${task.id}?token=${task.webhookToken}`);
    expect(withUrl.callbackUrl(task)).toBe(`https://bot.example.com/webhooks/runware/${task.id}?token=${task.webhookToken}`);

    const polling = submitter();
    const other = prepared(polling);
    await polling.start(other);
    expect(provider.submitted[1]?.ctx.callbackUrl).toBeUndefined();
  });

  it('fails the task with the plain provider message when submit throws a ProviderError', async () => {
    const s = submitter();
    const task = prepared(s);
    provider.submitError = new ProviderError({ kind: 'balance', status: 402, detail: 'Runware 402 insufficientCredits: top up' });
    clock = 4_000;
    const stored = await s.start(task);
    expect(stored.status).toBe('failed');
    expect(stored.completedAt).toBe(4_000);
    expect(stored.failure).toEqual({
      kind: 'balance',
      userMessage: 'The video provider account is out of credit. An admin needs to top it up.',
      detail: 'Runware 402 insufficientCredits: top up',
    });
  });

  it('maps any other thrown error to unknown', async () => {
    const s = submitter();
    const task = prepared(s);
    provider.submitError = new Error('boom');
    const stored = await s.start(task);
    expect(stored.status).toBe('failed');
    expect(stored.failure?.kind).toBe('unknown');
    expect(stored.failure?.userMessage).toBe('The video provider could not make this video.');
  });
});

describe('TaskSubmitter.prepare', () => {
  it('builds a pending task with estimate and a fresh secret token, storing nothing', async () => {
    const s = submitter();
    const first = s.prepare(request(), origin, { rerunOf: 'older' });
    const second = s.prepare(request(), origin);
    if (!first.ok || !second.ok) throw new Error('expected ok');
    expect(first.task).toMatchObject({ status: 'pending', provider: 'runware', results: [], createdAt: 1_000, rerunOf: 'older', origin });
    expect(first.task.estimatedCost).toEqual({ usd: 0.84, estimated: true });
    expect(first.task.webhookToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.task.webhookToken).not.toBe(second.task.webhookToken);
    expect(first.task.id).not.toBe(second.task.id);
    expect(await store.get(first.task.id)).toBeUndefined();
  });

  it("returns validation problems and the provider's unsupported options together", () => {
    provider.unsupportedProblems = [{ option: 'negative_prompt', message: 'not on Omni' }];
    const result = submitter().prepare(request({ prompt: 'x', variants: 4 }), origin);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.option)).toEqual(['prompt', 'negative_prompt']);
  });

  it('applies maxVariants from the settings', () => {
    const s = new TaskSubmitter({ store, providers: new ProviderRegistry([provider]), media: noMedia, maxVariants: 2, log: quietLog });
    const result = s.prepare(request({ variants: 3 }), origin);
    expect(result.ok ? [] : result.problems).toEqual([{ option: 'variants', message: 'must be from 1 to 2' }]);
  });
});

describe('TaskSubmitter.recover', () => {
  it('does not submit again a task the provider already knows', async () => {
    const s = submitter();
    const task = prepared(s);
    await store.create(task);
    provider.pollAnswer = [{ kind: 'progress', providerTaskId: task.id, status: 'generating' }];
    const stored = await s.recover(task);
    expect(provider.submitted).toHaveLength(0);
    expect(stored.status).toBe('queued');
    expect(stored.providerTaskId).toBe(task.id);
  });

  it('submits a task the provider has never seen', async () => {
    const s = submitter();
    const task = prepared(s);
    await store.create(task);
    provider.pollAnswer = [{ kind: 'failed', providerTaskId: task.id, failure: { kind: 'not_found', userMessage: 'gone' } }];
    const stored = await s.recover(task);
    expect(provider.submitted).toHaveLength(1);
    expect(stored.status).toBe('queued');
  });
});
