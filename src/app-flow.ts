import type Keyv from 'keyv';
import type { Config } from './config/schema.ts';
import { Completion } from './flow/completion.ts';
import { EtaBook } from './flow/eta-book.ts';
import type { Admission, OrderCheck } from './flow/orders.ts';
import { PollPolicy } from './flow/poll-policy.ts';
import type { FlowEvents, TaskNotifier } from './flow/ports.ts';
import type { Logger } from './logging/log.ts';
import type { ProviderRegistry } from './flow/provider-registry.ts';
import { Submissions } from './flow/submissions.ts';
import { TaskPoller } from './flow/task-poller.ts';
import { TaskSubmitter } from './flow/task-submitter.ts';
import type { UrlRefresher } from './media/discord-url-freshness.ts';
import type { MediaStore } from './media/media-store.ts';
import type { VideoArchive } from './media/video-archive.ts';
import type { GuildSettings } from './store/guild-settings.ts';
import type { StoredTask, TaskRepository } from './store/task-repository.ts';
import type { Task } from './domain/task.ts';
import type { Schedule } from './store/task-repository.ts';

export interface FlowParts {
  config: Config;
  tasks: TaskRepository;
  kv: Keyv;
  media: MediaStore;
  providers: ProviderRegistry;
  notifier: TaskNotifier;
  archive: VideoArchive;
  admission: Admission;
  finishWrite: (current: StoredTask, next: Task, schedule: Schedule) => Promise<StoredTask | undefined>;
  checks: OrderCheck[];
  settings: GuildSettings;
  refreshUrls: UrlRefresher;
  events: FlowEvents;
  owner: string;
  log: Logger;
  now: () => number;
}

/** The task flow: the submission door, the completion path with its finish hooks, and the poller. */
export function buildFlow(p: FlowParts) {
  const { config, tasks, providers, log, now, owner } = p;
  const eta = new EtaBook(p.kv);
  const policy = new PollPolicy(
    {
      webhooks: config.PUBLIC_URL !== undefined,
      pollIntervalMs: config.POLL_INTERVAL_SECONDS * 1000,
      pollMaxIntervalMs: config.POLL_MAX_INTERVAL_SECONDS * 1000,
      safetyPollMs: config.SAFETY_POLL_SECONDS * 1000,
      timeoutMs: config.TASK_TIMEOUT_MINUTES * 60_000,
    },
    providers,
  );
  const leaseMs = config.WORK_LEASE_SECONDS * 1000;
  const completion = new Completion({
    tasks,
    notifier: p.notifier,
    eta,
    policy,
    log,
    owner,
    leaseMs,
    now,
    events: p.events,
    finishWrite: p.finishWrite,
    hooks: [
      {
        name: 'eta',
        run: async (task) => {
          if (task.status === 'succeeded' && task.submittedAt && task.completedAt)
            await eta.record(task.request.model, task.request.duration, task.completedAt - task.submittedAt);
        },
      },
    ],
  });
  const submitter = new TaskSubmitter({
    admission: p.admission,
    providers,
    completion,
    policy,
    media: p.media,
    publicUrl: config.PUBLIC_URL,
    refreshUrls: p.refreshUrls,
    uploadUrlFor: (task) => p.archive.uploadUrlFor(task),
    owner,
    leaseMs,
    events: p.events,
    log,
    now,
  });
  const submissions = new Submissions({ providers, submitter, settings: p.settings, checks: p.checks, maxVariants: config.MAX_VARIANTS, log, now });
  const copy = async (task: StoredTask) => {
    const outcome = await p.archive.copyLater(task);
    return { copied: new Map(outcome.copied.map((c) => [c.resultId, c.url])), retry: !outcome.ok && outcome.retry };
  };
  const poller = new TaskPoller(
    { tasks, providers, completion, submitter, notifier: p.notifier, policy, copy, events: p.events, log, owner, now },
    { roundMs: config.POLL_INTERVAL_SECONDS * 1000, leaseMs, claimLimit: 500 },
  );
  return { completion, submitter, submissions, poller };
}
