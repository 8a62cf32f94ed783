// The real task flow (Completion, and the TaskSubmitter behind a plain admission) over a migrated
// in-memory store, with a settable clock and the recording fakes of flow-fakes.ts.
import type { Task } from '../../src/domain/task.ts';
import { Completion, type FinishHook } from '../../src/flow/completion.ts';
import { EtaBook } from '../../src/flow/eta-book.ts';
import type { Admitted } from '../../src/flow/orders.ts';
import { PollPolicy, type PollTimes } from '../../src/flow/poll-policy.ts';
import { ProviderRegistry } from '../../src/flow/provider-registry.ts';
import { TaskPoller } from '../../src/flow/task-poller.ts';
import { TaskSubmitter } from '../../src/flow/task-submitter.ts';
import type { VideoProvider } from '../../src/providers/provider.ts';
import { plainAdmission } from '../../src/store/plain-admission.ts';
import type { StoredTask } from '../../src/store/task-repository.ts';
import { FakeProvider, noMedia, RecordingLog, RecordingNotifier } from './flow-fakes.ts';
import { memoryStore } from './store.ts';

export * from './flow-fakes.ts';

export const TIMES: PollTimes = { webhooks: false, pollIntervalMs: 10_000, pollMaxIntervalMs: 60_000, safetyPollMs: 120_000, timeoutMs: 600_000 };
export const OWNER = 'proc-1';
export const LEASE_MS = 30_000;

/** The real Completion over a fresh in-memory store, with a settable clock. */
export async function flowWorld(options: { providers?: VideoProvider[]; hooks?: FinishHook[]; times?: Partial<PollTimes>; failover?: boolean } = {}) {
  const clock = { now: 1_000_000 };
  const now = () => clock.now;
  const store = await memoryStore(now);
  const notifier = new RecordingNotifier();
  const log = new RecordingLog();
  const providers = new ProviderRegistry(options.providers ?? [new FakeProvider('runware')], { failover: options.failover });
  const policy = new PollPolicy({ ...TIMES, ...options.times }, providers);
  const eta = new EtaBook(store.kv);
  const completion = new Completion({
    tasks: store.tasks,
    notifier,
    eta,
    hooks: options.hooks ?? [],
    policy,
    log,
    owner: OWNER,
    leaseMs: LEASE_MS,
    now,
  });
  /** What another process would be handed by the store at `at`. */
  const claimAt = (at: number) => store.tasks.claimDue({ owner: 'proc-2', now: at, dueBy: at, leaseUntil: at + LEASE_MS, limit: 100 });
  return { clock, now, store, tasks: store.tasks, notifier, log, providers, policy, eta, completion, claimAt };
}

/** A flow world plus the real submitter behind a plain admission whose reprice a test can refuse. */
export async function submitWorld(options: Parameters<typeof flowWorld>[0] & { publicUrl?: string; keptMedia?: boolean } = {}) {
  const world = await flowWorld(options);
  const plain = plainAdmission(world.tasks);
  const reprices: Array<{ current: StoredTask; next: Task }> = [];
  const admission = {
    admit: plain.admit,
    refuseReprice: false,
    async reprice(current: StoredTask, next: Task): Promise<Admitted> {
      reprices.push({ current, next });
      if (admission.refuseReprice) return { ok: false, refusal: { kind: 'denied', message: 'over budget' } };
      return plain.reprice(current, next);
    },
  };
  const submitter = new TaskSubmitter({
    admission,
    providers: world.providers,
    completion: world.completion,
    policy: world.policy,
    media: options.keptMedia ? world.store.media : noMedia,
    publicUrl: options.publicUrl,
    owner: OWNER,
    leaseMs: LEASE_MS,
    log: world.log,
    now: world.now,
  });
  return { ...world, admission, reprices, submitter };
}

/** A submit world plus the poller that claims due tasks from its store. */
export async function pollWorld(options: Parameters<typeof submitWorld>[0] = {}) {
  const world = await submitWorld(options);
  const poller = new TaskPoller(
    {
      tasks: world.tasks,
      providers: world.providers,
      completion: world.completion,
      submitter: world.submitter,
      notifier: world.notifier,
      policy: world.policy,
      log: world.log,
      owner: OWNER,
      now: world.now,
    },
    { roundMs: 1_000, leaseMs: LEASE_MS, claimLimit: 100 },
  );
  return { ...world, poller };
}
