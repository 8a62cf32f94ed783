import type { Cost } from './cost.ts';
import type { VideoRequest } from './request.ts';

/** Where a task came from in Discord, and where its messages live. */
export interface Origin {
  guildId: string | null;
  channelId: string;
  userId: string;
  /** The message that shows progress (the interaction's reply, or a message the bot posted). */
  statusMessageId?: string;
  /** Message that led to this task (a context-menu source), if any. */
  sourceMessageUrl?: string;
  /**
   * The interaction that asked, while its token may post: Discord keeps a token valid 15 minutes,
   * and posting through it does not count against the bot's request budget.
   */
  interaction?: { applicationId: string; token: string; expiresAt: number };
  /** The requester's roles and name when they asked (budgets by role, reports). */
  roleIds?: string[];
  userName?: string;
  /** The largest upload Discord accepts here (the interaction's `attachment_size_limit`), in bytes. */
  uploadLimitBytes?: number;
}

export type TaskStatus = 'pending' | 'queued' | 'generating' | 'succeeded' | 'failed';

export const TERMINAL_STATUSES: readonly TaskStatus[] = ['succeeded', 'failed'];

export type FailureKind =
  'auth' | 'balance' | 'content_policy' | 'invalid_parameter' | 'rate_limit' | 'server' | 'network' | 'timeout' | 'not_found' | 'unknown';

export interface TaskFailure {
  kind: FailureKind;
  /** Plain words for the channel. Never provider internals. */
  userMessage: string;
  /** Provider's own code/message, for the log only. */
  detail?: string;
}

export interface VideoResult {
  /** Provider's id for this output (dedupes repeated deliveries). */
  id: string;
  url: string;
  thumbnailUrl?: string;
  costUsd?: number;
  /** The provider sent a cost for this video that could not be read (dropped, logged). */
  costUnreadable?: boolean;
  /**
   * The lasting copy's public link, once one exists (src/media/video-archive.ts: prepare or
   * copyLater); set by whoever stores the task. The provider's `url` may stop working; this does not.
   */
  archivedUrl?: string;
  /** The MP4 went with the result message (Discord keeps it as long as the message). */
  attached?: boolean;
}

export interface Task {
  id: string;
  request: VideoRequest;
  origin: Origin;
  provider: string;
  providerTaskId?: string;
  /** Unguessable secret that binds webhook deliveries to this task. */
  webhookToken: string;
  status: TaskStatus;
  results: VideoResult[];
  cost?: Cost;
  estimatedCost: Cost;
  failure?: TaskFailure;
  createdAt: number;
  submittedAt?: number;
  startedAt?: number;
  completedAt?: number;
  /** Set once the result/failure message is in Discord: the single source of "posted exactly once". */
  resultMessageId?: string;
  /** Set when the result had to go to the requester's DMs instead of the channel. */
  deliveredByDm?: boolean;
  /** The task this one reruns, if any. */
  rerunOf?: string;
  /** Set when the result message was deleted with ❌ (it can no longer be rerun from there). */
  resultDeletedAt?: number;
  resultDeletedBy?: string;
  /** Providers this task failed over from (transient failures), in order. */
  failoverFrom?: string[];
  /** The result is posted but a copy of a video to storage is still owed (retried in the background). */
  copyPending?: boolean;
  /** Set once the requester was told the task waits for its provider to be configured again. */
  waitingNoticeAt?: number;
}

export function isTerminal(task: Task): boolean {
  return TERMINAL_STATUSES.includes(task.status);
}
