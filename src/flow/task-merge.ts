import { roundUsd, type Cost } from '../domain/cost.ts';
import type { Task, TaskFailure, TaskStatus, VideoResult } from '../domain/task.ts';
import type { TaskUpdate } from '../providers/provider.ts';

const STATUS_RANK: Record<TaskStatus, number> = { pending: 0, queued: 1, generating: 2, succeeded: 3, failed: 3 };

/**
 * A task with provider updates applied, or undefined when they change nothing. Idempotent: a
 * result already known is not added twice, a status never moves backwards, and a finished task
 * takes no updates (repeated or late deliveries).
 */
export function mergeUpdates(task: Task, updates: TaskUpdate[], now: number): Task | undefined {
  if (task.status === 'succeeded' || task.status === 'failed') return undefined;
  const mine = updates.filter((u) => u.providerTaskId === (task.providerTaskId ?? task.id));
  if (mine.length === 0) return undefined;
  let next: Task = task;
  let complete = false;
  let failure: TaskFailure | undefined;
  let providerCost: Cost | undefined;
  for (const update of mine) {
    if (update.kind === 'progress') {
      if (STATUS_RANK[update.status] > STATUS_RANK[next.status]) {
        next = { ...next, status: update.status, startedAt: next.startedAt ?? (update.status === 'generating' ? now : undefined) };
      }
    } else if (update.kind === 'results') {
      const fresh = update.results.filter((r) => !next.results.some((known) => known.id === r.id));
      if (fresh.length > 0) next = { ...next, results: [...next.results, ...fresh] };
      complete ||= update.complete;
      providerCost = update.cost ?? providerCost;
    } else {
      failure = update.failure;
    }
  }
  if (complete || next.results.length >= task.request.variants) {
    return finish({ ...next, cost: providerCost ?? costOf(next.results, task) }, 'succeeded', now);
  }
  if (failure) return failWith(next, failure, now);
  return next === task ? undefined : next;
}

/** The task ended with a failure: what arrived before it still counts as a (partial) success. */
export function failWith(task: Task, failure: TaskFailure, now: number): Task {
  if (task.results.length > 0) return finish({ ...task, failure, cost: costOf(task.results, task) }, 'succeeded', now);
  return finish({ ...task, failure, cost: undefined }, 'failed', now);
}

function finish(task: Task, status: 'succeeded' | 'failed', now: number): Task {
  return { ...task, status, completedAt: now, cost: task.cost ?? (status === 'succeeded' ? costOf(task.results, task) : undefined) };
}

/**
 * The provider's reported cost when every result carries one, else the estimate for what arrived —
 * marked unknown when the provider sent a figure that could not be read (shown as such, charged as
 * the estimate).
 */
function costOf(results: VideoResult[], task: Task): Cost {
  if (results.length > 0 && results.every((r) => typeof r.costUsd === 'number')) {
    return { usd: roundUsd(results.reduce((sum, r) => sum + (r.costUsd ?? 0), 0)), estimated: false };
  }
  const share = task.estimatedCost.usd / task.request.variants;
  const estimate: Cost = { usd: roundUsd(share * Math.max(results.length, 1)), estimated: true };
  return results.some((r) => r.costUnreadable) ? { ...estimate, unknown: true } : estimate;
}
