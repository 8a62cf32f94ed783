import type { Task, VideoResult } from '../domain/task.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import type { MessageBody, MessageFile } from './message-builders.ts';
import { failureMessage, resultMessage, type VideoPlacement } from './result-message.ts';
import { moneyLine } from './status-message.ts';

/** A finished task's videos as they will be posted: attached files and the link of each. */
export interface PreparedVideos {
  placements: VideoPlacement[];
  files: MessageFile[];
  /** The task's results with what was learned (a permanent copy's URL). */
  results: VideoResult[];
  /** A copy to storage is still owed (retried in the background). */
  copyPending: boolean;
}

/** Fetches finished videos: attach what fits the upload limit, keep copies where storage is set. */
export interface ResultArchive {
  prepare(task: Task, options: { uploadLimitBytes: number }): Promise<PreparedVideos>;
}

/** Each video as the task records it: attached, a lasting copy, or the provider's link until it expires. */
export function placementsOf(task: Task, providers: ProviderRegistry): VideoPlacement[] {
  const provider = providers.has(task.provider) ? providers.get(task.provider) : undefined;
  const expiresAt = provider?.resultExpiry(task, task.completedAt ?? Date.now());
  return task.results.map((r, i) => ({
    resultId: r.id,
    url: r.archivedUrl ?? r.url,
    permanent: r.archivedUrl !== undefined,
    attachedAs: r.attached ? `video-${i + 1}.mp4` : undefined,
    expiresAt: r.archivedUrl ? undefined : expiresAt,
  }));
}

/** The result or failure message of a finished task. */
export function outcomeBody(task: Task, prepared: PreparedVideos, providers: ProviderRegistry, allowHttpLinks: boolean): Record<string, unknown> {
  if (task.status !== 'succeeded') return { ...failureMessage(task, task.submittedAt ? moneyLine(task, true) : undefined) };
  const label = providers.has(task.provider) ? providers.get(task.provider).label : task.provider;
  const body: MessageBody = resultMessage(task, { providerLabel: label, allowHttpLinks, videos: prepared.placements });
  if (prepared.files.length > 0) body.attachments = prepared.files.map((f, id) => ({ id, filename: f.name }));
  return { ...body };
}
