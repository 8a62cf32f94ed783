import { formatUsd } from '../domain/cost.ts';
import { modelInfo } from '../domain/models.ts';
import type { ImageRef, VideoRequest } from '../domain/request.ts';
import type { Task, TaskStatus } from '../domain/task.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import { formatDuration } from './message-builders.ts';

/** Discord's limit for a message's content. */
export const CONTENT_LIMIT = 2000;

export const STATUS_EMOJI: Record<TaskStatus, string> = {
  pending: '⏳',
  queued: '🕒',
  generating: '⚙️',
  succeeded: '✅',
  failed: '❌',
};

const STATUS_WORDS: Record<TaskStatus, string> = {
  pending: 'submitting',
  queued: 'queued',
  generating: 'generating',
  succeeded: 'done',
  failed: 'failed',
};

/** Where a task's result message is, as the reader should see it. */
export type ResultPlace = { kind: 'link'; url: string } | { kind: 'deleted' } | { kind: 'dm' } | { kind: 'none' };

export function messageLink(guildId: string | null, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;
}

/** The result message's place, from the task alone (a DM-delivered result has no channel link). */
export function resultPlace(task: Task): ResultPlace {
  if (task.resultDeletedAt !== undefined) return { kind: 'deleted' };
  if (!task.resultMessageId) return { kind: 'none' };
  if (task.deliveredByDm) return { kind: 'dm' };
  return { kind: 'link', url: messageLink(task.origin.guildId, task.origin.channelId, task.resultMessageId) };
}

export function providerLabel(providers: ProviderRegistry | undefined, name: string): string {
  return providers?.has(name) ? providers.get(name).label : name;
}

/** Actual cost when known, else the estimate (formatUsd marks estimates with ≈). */
export function taskCost(task: Task): string {
  return formatUsd(task.cost ?? task.estimatedCost);
}

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/**
 * Everything about a task, for the ✉️ DM and `/jobs id:`: status, video URLs, every request
 * parameter (optional ones only when present), provider, cost, id, date and where the result is.
 * Can exceed one message: send it with `splitForDiscord`.
 */
export function taskDetails(task: Task, options: { providerLabel: string; place: ResultPlace }): string {
  const r = task.request;
  const failure = task.status === 'failed' && task.failure ? `: ${task.failure.userMessage}` : '';
  const lines = [`🎬 **Video task** \`${task.id}\``, `Status: ${STATUS_EMOJI[task.status]} ${STATUS_WORDS[task.status]}${failure}`];
  lines.push(`Result message: ${placeText(options.place)}`);
  if (task.results.length > 0) lines.push('Videos:', ...task.results.map((v) => v.url));
  lines.push('Prompt:', quote(r.prompt));
  if (r.negativePrompt) lines.push('Negative prompt:', quote(r.negativePrompt));
  lines.push(`Model: ${modelInfo(r.model).label}`);
  lines.push(`Duration: ${r.duration} s · Aspect ratio: ${r.aspectRatio} · Sound: ${r.sound ? 'on' : 'off'}`);
  lines.push(`Frames: ${framesText(r)}`);
  lines.push(`Variants: ${r.variants}`);
  lines.push(...optionalParts(r));
  lines.push(`Provider: ${options.providerLabel}`);
  lines.push(`Cost: ${taskCost(task)}${(task.cost ?? task.estimatedCost).estimated ? ' (estimate)' : ''}`);
  const took = task.completedAt && task.submittedAt ? ` · took ${formatDuration(task.completedAt - task.submittedAt)}` : '';
  lines.push(`Task: \`${task.id}\`${task.rerunOf ? ` · rerun of \`${task.rerunOf}\`` : ''}`);
  lines.push(`Requested by <@${task.origin.userId}> · Date: <t:${unixSeconds(task.createdAt)}:f>${took}`);
  return lines.join('\n');
}

function placeText(place: ResultPlace): string {
  switch (place.kind) {
    case 'link':
      return place.url;
    case 'deleted':
      return 'deleted';
    case 'dm':
      return 'sent to the requester by DM';
    case 'none':
      return 'not posted yet';
  }
}

function framesText(request: VideoRequest): string {
  if (!request.firstFrame) return 'none (text only)';
  const parts = [`first ${imageText(request.firstFrame)}`];
  if (request.lastFrame) parts.push(`last ${imageText(request.lastFrame)}`);
  return parts.join(' · ');
}

function imageText(image: ImageRef): string {
  return `${image.filename} (${image.width}×${image.height})`;
}

/** Elements, storyboard shots and Omni references: only when the request has them. */
function optionalParts(r: VideoRequest): string[] {
  const lines: string[] = [];
  if (r.elements && r.elements.length > 0)
    lines.push(`Elements: ${r.elements.map((e) => (e.tags && e.tags.length > 0 ? `${e.name} (${e.tags.join(', ')})` : e.name)).join(', ')}`);
  if (r.shotType === 'intelligence' && !(r.shots && r.shots.length > 0)) lines.push('Shots: split by the model');
  if (r.shots && r.shots.length > 0) {
    lines.push(`Shots (${r.shots.length}):`);
    r.shots.forEach((shot, i) => lines.push(`${i + 1}. ${shot.duration} s — ${shot.prompt.replace(/\s+/g, ' ')}`));
  }
  if (r.referenceImages && r.referenceImages.length > 0) lines.push(`Reference images: ${r.referenceImages.map(imageText).join(', ')}`);
  if (r.referenceVideo) {
    const v = r.referenceVideo;
    lines.push(`Reference video: ${v.filename ?? v.url} (${v.mode}, ${v.keepOriginalSound ? 'original sound kept' : 'original sound dropped'})`);
  }
  return lines;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/**
 * Splits text into messages of at most `limit` characters, at line breaks where possible; a
 * longer line is cut at spaces (or hard), and a cut quote line keeps its `> ` on every piece.
 */
export function splitForDiscord(text: string, limit = CONTENT_LIMIT): string[] {
  const pieces = text.split('\n').flatMap((line) => cutLine(line, limit));
  const chunks: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current === '') current = piece;
    else if (current.length + 1 + piece.length <= limit) current += `\n${piece}`;
    else {
      chunks.push(current);
      current = piece;
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

function cutLine(line: string, limit: number): string[] {
  if (line.length <= limit) return [line];
  const prefix = line.startsWith('> ') ? '> ' : '';
  let rest = line.slice(prefix.length);
  const room = limit - prefix.length;
  const out: string[] = [];
  while (rest.length > room) {
    const space = rest.lastIndexOf(' ', room);
    const cut = space > room / 2 ? space : room;
    out.push(prefix + rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  out.push(prefix + rest);
  return out;
}
