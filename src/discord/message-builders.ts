import { formatUsd } from '../domain/cost.ts';
import { modelInfo } from '../domain/models.ts';
import type { VideoRequest } from '../domain/request.ts';
import { describeShots } from '../domain/storyboard.ts';
import type { Task } from '../domain/task.ts';
import type { Eta } from '../flow/ports.ts';

export const RERUN_EMOJI = '🔁';

/** A Discord message body (plain JSON, sent through REST). */
export interface MessageBody {
  content: string;
  allowed_mentions: { parse: never[]; users?: string[]; replied_user?: boolean };
  message_reference?: { message_id: string; fail_if_not_exists: false };
  nonce?: string;
  enforce_nonce?: boolean;
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes > 0 ? `${minutes}m ${String(seconds).padStart(2, '0')}s` : `${seconds}s`;
}

/** One line naming what was asked: model, duration, aspect ratio, audio, frames, variants, extras. */
export function requestSummary(request: VideoRequest): string {
  const frames = request.firstFrame ? (request.lastFrame ? 'first + last frame' : 'first frame') : undefined;
  const parts = [`**${modelInfo(request.model).label}**`, `${request.duration} s`, request.aspectRatio, request.sound ? 'sound on' : 'sound off'];
  const extras = [
    frames,
    request.elements?.length ? `elements: ${request.elements.map((e) => e.name).join(', ')}` : undefined,
    request.shots?.length ? `storyboard of ${request.shots.length} shots` : request.shotType === 'intelligence' ? 'automatic shots' : undefined,
    request.referenceImages?.length ? `${request.referenceImages.length} reference image${request.referenceImages.length > 1 ? 's' : ''}` : undefined,
    request.referenceVideo
      ? `reference video (${request.referenceVideo.mode === 'base' ? 'edit' : 'motion/style'}${request.referenceVideo.keepOriginalSound ? ', own sound kept' : ''})`
      : undefined,
  ].filter((x): x is string => Boolean(x));
  parts.push(...(extras.length > 0 ? extras : ['text only']));
  if (request.variants > 1) parts.push(`${request.variants} variants`);
  return parts.join(' · ');
}

function quotePrompt(prompt: string): string {
  const short = prompt.length > 300 ? `${prompt.slice(0, 297)}…` : prompt;
  return `> ${short.replace(/\n/g, '\n> ')}`;
}

/** The status message: what was asked, the estimate, and a progress line. */
export function statusContent(task: Task, eta: Eta | undefined, now: number): string {
  const rerun = task.rerunOf ? `${rerunHeader(task.origin.userId)}\n` : '';
  const head = `${rerun}🎬 ${requestSummary(task.request)}\n${quotePrompt(task.request.prompt)}\nEstimated cost ${formatUsd(task.estimatedCost)}`;
  return `${head}\n${progressLine(task, eta, now)}`;
}

function progressLine(task: Task, eta: Eta | undefined, now: number): string {
  const since = task.submittedAt ?? task.createdAt;
  switch (task.status) {
    case 'pending':
      return '⏳ Submitting…';
    case 'queued':
    case 'generating': {
      const label = task.status === 'queued' ? '🕒 Queued' : '⚙️ Generating';
      const elapsed = now - since;
      let left = '';
      if (eta) {
        const remaining = eta.expectedMs - elapsed;
        left = remaining > 0 ? ` · about ${formatDuration(remaining)} left` : ' · finishing soon';
        if (eta.samples === 0) left += ' (first guess)';
      }
      return `${label} · ${formatDuration(elapsed)} elapsed${left}`;
    }
    case 'succeeded':
      return `✅ Done in ${formatDuration((task.completedAt ?? now) - since)}`;
    case 'failed':
      return `❌ Failed: ${task.failure?.userMessage ?? 'the provider could not make this video.'}`;
  }
}

/** The result (or failure) message: a reply to the status message that pings only the requester. */
export function outcomeMessage(task: Task, providerLabel: string): MessageBody {
  const user = task.origin.userId;
  const took = task.completedAt && task.submittedAt ? formatDuration(task.completedAt - task.submittedAt) : undefined;
  let content: string;
  if (task.status === 'succeeded') {
    const cost = task.cost ? formatUsd(task.cost) : formatUsd(task.estimatedCost);
    const partial =
      task.results.length < task.request.variants
        ? `\n⚠️ ${task.request.variants - task.results.length} of ${task.request.variants} variants did not come back: ${task.failure?.userMessage ?? ''}`
        : '';
    content =
      [
        `<@${user}> your video is ready · ${modelInfo(task.request.model).label} · ${task.request.duration} s${took ? ` · took ${took}` : ''} · cost ${cost}${task.cost?.units !== undefined ? ` (${task.cost.units} units)` : ''}${task.cost?.estimated ? ' (estimate)' : ''} via ${providerLabel}`,
        ...(task.request.shots?.length ? [`Shots:\n${describeShots(task.request.shots)}`] : []),
        ...(task.origin.sourceMessageUrl ? [`From ${task.origin.sourceMessageUrl}`] : []),
        ...task.results.map((r) => r.url),
      ].join('\n') +
      partial +
      `\nReact ${RERUN_EMOJI} to run it again, ✉️ to get the details by DM, ❌ to delete it.`;
  } else {
    content = `<@${user}> your video could not be made: ${task.failure?.userMessage ?? 'the provider could not make this video.'}\n${requestSummary(task.request)}\n${quotePrompt(task.request.prompt.slice(0, 200))}`;
  }
  const body: MessageBody = {
    content: content.slice(0, 2000),
    allowed_mentions: { parse: [], users: [user], replied_user: false },
    // Discord drops a second message with the same nonce from the same author for a few minutes:
    // a crash between posting and recording the post cannot double it.
    nonce: task.id.replace(/-/g, '').slice(0, 25),
    enforce_nonce: true,
  };
  if (task.origin.statusMessageId) body.message_reference = { message_id: task.origin.statusMessageId, fail_if_not_exists: false };
  return body;
}

/** Status message for a rerun started by a reaction (posted in the channel by the bot). */
export function rerunHeader(userId: string): string {
  return `${RERUN_EMOJI} <@${userId}> asked to run this again.`;
}
