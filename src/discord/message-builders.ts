import { modelInfo } from '../domain/models.ts';
import type { AnyVideoRequest } from '../domain/request.ts';

export const RERUN_EMOJI = '🔁';

/** A file sent with a message (multipart `files[n]`). */
export interface MessageFile {
  name: string;
  data: Uint8Array;
  contentType?: string;
}

/** A Discord message body as plain JSON, sent through REST (https://discord.com/developers/docs/resources/message#create-message). */
export interface MessageBody {
  content: string;
  embeds?: unknown[];
  components?: unknown[];
  allowed_mentions: { parse: never[]; users?: string[]; replied_user?: boolean };
  message_reference?: { message_id: string; fail_if_not_exists: false };
  nonce?: string;
  enforce_nonce?: boolean;
  attachments?: Array<{ id: number; filename: string; description?: string }>;
  flags?: number;
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes > 0 ? `${minutes}m ${String(seconds).padStart(2, '0')}s` : `${seconds}s`;
}

/** One line naming what was asked: model, duration, aspect ratio, audio, frames, variants, extras. */
export function requestSummary(request: AnyVideoRequest): string {
  const frames = request.firstFrame ? (request.lastFrame ? 'first + last frame' : 'first frame') : undefined;
  const parts = [`**${modelInfo(request.model).label}**`, `${request.duration} s`, request.aspectRatio, request.sound ? 'sound on' : 'sound off'];
  const references = request.referenceImages?.length ?? 0;
  const extras = [
    frames,
    request.elements?.length ? `elements: ${request.elements.map((e) => e.name).join(', ')}` : undefined,
    request.shots?.length ? `storyboard of ${request.shots.length} shots` : request.shotType === 'intelligence' ? 'automatic shots' : undefined,
    references > 0 ? `${references} reference image${references > 1 ? 's' : ''}` : undefined,
    request.referenceVideo
      ? `reference video (${request.referenceVideo.mode === 'base' ? 'edit' : 'motion/style'}${request.referenceVideo.keepOriginalSound ? ', own sound kept' : ''})`
      : undefined,
  ].filter((x): x is string => Boolean(x));
  parts.push(...(extras.length > 0 ? extras : ['text only']));
  if (request.variants > 1) parts.push(`${request.variants} variants`);
  return parts.join(' · ');
}

/** The prompt as a quote block, shortened to `max` characters. */
export function quotePrompt(prompt: string, max = 300): string {
  const short = prompt.length > max ? `${prompt.slice(0, max - 1)}…` : prompt;
  return `> ${short.replace(/\n/g, '\n> ')}`;
}

/** Status message header for a rerun started by a reaction or button. */
export function rerunHeader(userId: string): string {
  return `${RERUN_EMOJI} <@${userId}> asked to run this again.`;
}

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** A link Discord shows as a player or a link: only https (a provider's odd value is never posted as a link). */
export function isPostableUrl(url: string, allowHttp = false): boolean {
  if (!URL.canParse(url)) return false;
  const protocol = new URL(url).protocol;
  return protocol === 'https:' || (allowHttp && protocol === 'http:');
}
