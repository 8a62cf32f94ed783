import { formatUsd } from '../domain/cost.ts';
import { modelInfo } from '../domain/models.ts';
import type { Task, VideoResult } from '../domain/task.ts';
import { formatDuration, isPostableUrl, quotePrompt, requestSummary, unixSeconds, type MessageBody } from './message-builders.ts';
import { resultButtons } from './result-buttons.ts';

/** How each video reaches the channel: attached to the message, or a link (permanent, or until it expires). */
export interface VideoPlacement {
  resultId: string;
  /** The attachment's file name when the MP4 goes with the message. */
  attachedAs?: string;
  /** The link to post (a permanent copy, or the provider's own). */
  url: string;
  permanent: boolean;
  /** When the provider's link stops working, if known. */
  expiresAt?: number;
}

export interface ResultOptions {
  providerLabel: string;
  /** Where each video is; default: every result's provider link. */
  videos?: VideoPlacement[];
  /** Post http links too (local testing only). */
  allowHttpLinks?: boolean;
}

/** Discord's limits for an embed (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
const DESCRIPTION_MAX = 4096;
const FIELD_MAX = 1024;
const EMBED_TOTAL_MAX = 6000;

/**
 * The result message: a reply to the status message that pings only the requester. The content is
 * only the mention and a headline, so nothing is ever cut; the details and every video link are in
 * the embed, sized to Discord's limits; buttons sit under it.
 */
export function resultMessage(task: Task, options: ResultOptions): MessageBody {
  const user = task.origin.userId;
  const model = modelInfo(task.request.model).label;
  const body: MessageBody = {
    content: `<@${user}> your video is ready · ${model} · ${task.request.duration} s · cost ${costText(task)}`,
    embeds: [resultEmbed(task, options)],
    components: resultButtons(task.id),
    allowed_mentions: { parse: [], users: [user], replied_user: false },
    // Discord drops a second message with the same nonce from the same author for a few minutes.
    nonce: nonceFor(task.id),
    enforce_nonce: true,
  };
  if (task.origin.statusMessageId) body.message_reference = { message_id: task.origin.statusMessageId, fail_if_not_exists: false };
  return body;
}

/** The failure message: why, in plain words, with what was asked. */
export function failureMessage(task: Task, money?: string): MessageBody {
  const user = task.origin.userId;
  const reason = task.failure?.userMessage ?? 'the provider could not make this video.';
  const body: MessageBody = {
    content: [
      `<@${user}> your video could not be made: ${reason}`,
      ...(money ? [money] : []),
      requestSummary(task.request),
      quotePrompt(task.request.prompt, 200),
    ].join('\n'),
    allowed_mentions: { parse: [], users: [user], replied_user: false },
    nonce: nonceFor(task.id),
    enforce_nonce: true,
  };
  if (task.origin.statusMessageId) body.message_reference = { message_id: task.origin.statusMessageId, fail_if_not_exists: false };
  return body;
}

/** The text that identifies a task's result message (looked for after a crash). */
export function resultFooter(taskId: string): string {
  return `Task ${taskId}`;
}

export function nonceFor(taskId: string): string {
  return taskId.replace(/-/g, '').slice(0, 25);
}

export function costText(task: Task): string {
  const cost = task.cost ?? task.estimatedCost;
  const units = task.cost?.units !== undefined ? ` (${task.cost.units} units)` : '';
  return `${formatUsd(cost)}${units}${task.cost?.estimated && !task.cost.unknown ? ' (estimate)' : ''}`;
}

function resultEmbed(task: Task, options: ResultOptions): Record<string, unknown> {
  const r = task.request;
  const took = task.completedAt && task.submittedAt ? formatDuration(task.completedAt - task.submittedAt) : undefined;
  const fields: Array<{ name: string; value: string; inline?: boolean }> = [
    { name: 'Duration', value: `${r.duration} s`, inline: true },
    { name: 'Aspect ratio', value: r.aspectRatio, inline: true },
    { name: 'Audio', value: r.sound ? 'on' : 'off', inline: true },
    { name: 'Provider', value: options.providerLabel, inline: true },
    { name: 'Cost', value: costText(task), inline: true },
  ];
  if (took) fields.push({ name: 'Took', value: took, inline: true });
  if (task.origin.sourceMessageUrl) fields.push({ name: 'From', value: task.origin.sourceMessageUrl });
  const missing = r.variants - task.results.length;
  if (missing > 0)
    fields.push({ name: 'Missing', value: clip(`${missing} of ${r.variants} variants did not come back: ${task.failure?.userMessage ?? ''}`, FIELD_MAX) });
  fields.push(...videoFields(task.results, options));
  const head = `${quotePrompt(r.prompt)}`;
  const embed: Record<string, unknown> = { title: modelInfo(r.model).label, color: 0x2ecc71, fields, footer: { text: resultFooter(task.id) } };
  const room = EMBED_TOTAL_MAX - JSON.stringify(fields).length - 200;
  embed.description = clip(r.shots?.length ? `${head}\n**Shots**\n${shotLines(task)}` : head, Math.min(DESCRIPTION_MAX, room));
  const first = options.videos?.find((v) => isPostableUrl(v.url, options.allowHttpLinks)) ?? undefined;
  if (first) embed.url = first.url;
  const thumbnail = task.results.find((v) => v.thumbnailUrl && isPostableUrl(v.thumbnailUrl, options.allowHttpLinks))?.thumbnailUrl;
  if (thumbnail) embed.thumbnail = { url: thumbnail };
  return embed;
}

function shotLines(task: Task): string {
  return (task.request.shots ?? []).map((shot, i) => `${i + 1}. ${shot.duration} s — ${shot.prompt.replace(/\s+/g, ' ')}`).join('\n');
}

/** One line per video, split over as many fields as Discord's 1,024 characters need. */
function videoFields(results: VideoResult[], options: ResultOptions): Array<{ name: string; value: string }> {
  const placements = options.videos ?? results.map((r) => ({ resultId: r.id, url: r.url, permanent: false }));
  const lines = placements.map((v, i) => videoLine(v, i, results.length > 1, options));
  const fields: Array<{ name: string; value: string }> = [];
  for (const line of lines) {
    const last = fields[fields.length - 1];
    if (last && last.value.length + 1 + line.length <= FIELD_MAX) last.value += `\n${line}`;
    else fields.push({ name: fields.length === 0 ? (lines.length > 1 ? 'Videos' : 'Video') : '\u200b', value: clip(line, FIELD_MAX) });
  }
  return fields;
}

function videoLine(video: VideoPlacement, index: number, several: boolean, options: ResultOptions): string {
  const name = several ? `Video ${index + 1}` : 'Video';
  const attached = video.attachedAs ? ' · attached above' : '';
  if (!isPostableUrl(video.url, options.allowHttpLinks)) return `${name}${attached} · the provider sent a link that is not https, so it is not posted`;
  const lasting = video.permanent
    ? ' · kept'
    : video.expiresAt
      ? ` · link from ${options.providerLabel}, expires <t:${unixSeconds(video.expiresAt)}:R>`
      : ` · link from ${options.providerLabel}`;
  return `[${name}](${video.url})${attached}${lasting}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
