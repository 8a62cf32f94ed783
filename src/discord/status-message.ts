import { formatUsd } from '../domain/cost.ts';
import type { AnyVideoRequest } from '../domain/request.ts';
import type { Task } from '../domain/task.ts';
import type { Eta } from '../flow/ports.ts';
import { formatDuration, quotePrompt, requestSummary, rerunHeader, unixSeconds } from './message-builders.ts';

/** What a status message shows of a task (a task, or the order about to become one). */
export type StatusSubject = Pick<Task, 'estimatedCost' | 'status' | 'origin' | 'createdAt'> & { request: AnyVideoRequest } & Partial<
    Pick<Task, 'rerunOf' | 'submittedAt' | 'completedAt' | 'failure' | 'cost'>
  >;

/** The stages a member sees, in order. `downloading` is the bot fetching a finished video. */
export type Stage = 'submitting' | 'queued' | 'generating' | 'downloading' | 'done' | 'failed';

const STAGE_ORDER: Stage[] = ['submitting', 'queued', 'generating', 'downloading', 'done'];

export function stageOf(subject: StatusSubject, downloading = false): Stage {
  if (downloading) return 'downloading';
  switch (subject.status) {
    case 'pending':
      return 'submitting';
    case 'queued':
      return 'queued';
    case 'generating':
      return 'generating';
    case 'succeeded':
      return 'done';
    case 'failed':
      return 'failed';
  }
}

/**
 * The status message: what was asked, the price, and a stage line. The time left is a Discord
 * timestamp (`<t:…:R>`), which every client counts down by itself, so the bot edits the message only
 * when the stage changes.
 */
export function statusContent(subject: StatusSubject, eta: Eta | undefined, options: StatusOptions = {}): string {
  const rerun = subject.rerunOf ? `${rerunHeader(subject.origin.userId)}\n` : '';
  const notes = (options.notes ?? []).map((n) => `\nℹ️ ${n}`).join('');
  const head = `${rerun}🎬 ${requestSummary(subject.request)}\n${quotePrompt(subject.request.prompt)}${notes}\n${moneyLine(subject, options.reserved ?? true)}`;
  return `${head}\n${stageLine(subject, eta, stageOf(subject, options.downloading))}`;
}

export interface StatusOptions {
  /** The bot is fetching the finished video. */
  downloading?: boolean;
  /** The price is reserved (false before the task is stored). */
  reserved?: boolean;
  /** Channel settings that changed the request, and the like. */
  notes?: string[];
}

/** What happened to the member's money, in plain words. */
export function moneyLine(subject: StatusSubject, reserved: boolean): string {
  const estimate = formatUsd(subject.estimatedCost);
  if (subject.status === 'failed') return `Nothing was charged; the ${estimate} reservation was released.`;
  if (subject.status === 'succeeded' && subject.cost)
    return `Cost ${formatUsd(subject.cost)}${subject.cost.estimated && !subject.cost.unknown ? ' (estimate)' : ''}`;
  return `Estimated cost ${estimate}${reserved ? ' · reserved' : ''}`;
}

function stageLine(subject: StatusSubject, eta: Eta | undefined, stage: Stage): string {
  const reached = STAGE_ORDER.indexOf(stage);
  const bar = stage === 'failed' ? '' : `${STAGE_ORDER.map((_, i) => (i <= reached ? '▰' : '▱')).join('')} `;
  switch (stage) {
    case 'submitting':
      return `${bar}⏳ Submitting…`;
    case 'queued':
    case 'generating': {
      const label = stage === 'queued' ? '🕒 Queued' : '⚙️ Generating';
      if (!eta) return `${bar}${label}`;
      const readyAt = (subject.submittedAt ?? subject.createdAt) + eta.expectedMs;
      return `${bar}${label} · ready <t:${unixSeconds(readyAt)}:R>${eta.samples === 0 ? ' (first guess)' : ''}`;
    }
    case 'downloading':
      return `${bar}📥 Downloading the video…`;
    case 'done':
      return `${bar}✅ Done in ${formatDuration((subject.completedAt ?? subject.createdAt) - (subject.submittedAt ?? subject.createdAt))}`;
    case 'failed':
      return `❌ Failed: ${subject.failure?.userMessage ?? 'the provider could not make this video.'}`;
  }
}
