import { escapeMarkdown } from 'discord.js';
import { modelInfo } from '../domain/models.ts';
import type { Task } from '../domain/task.ts';
import { resultPlace, STATUS_EMOJI, taskCost, unixSeconds } from './task-details.ts';

export const JOBS_PER_PAGE = 10;
const SNIPPET_LENGTH = 40;

/** What `/jobs` shows for one page: a title, one line per task, a footer (an embed; lines can be long). */
export interface JobsPage {
  title: string;
  lines: string[];
  footer: string;
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / JOBS_PER_PAGE));
}

/** Index of the first task on a 1-based page. */
export function pageOffset(page: number): number {
  return (page - 1) * JOBS_PER_PAGE;
}

/** "page 2 of 5". */
export function pageFooter(page: number, pages: number): string {
  return `page ${page} of ${pages}`;
}

/** The first 8 characters of a task id: what /jobs shows and `/jobs id:` accepts. */
export function shortId(taskId: string): string {
  return taskId.slice(0, 8);
}

/** ◀ Prev / Next ▶ under a page of /jobs (`jobs:page:<n>`; the page is private, so only its reader presses). */
export function pageButtons(page: number, pages: number): unknown[] {
  if (pages <= 1) return [];
  const button = (label: string, to: number, disabled: boolean) => ({ type: 2, style: 2, label, custom_id: `jobs:page:${to}`, disabled });
  return [{ type: 1, components: [button('◀ Prev', Math.max(1, page - 1), page <= 1), button('Next ▶', Math.min(pages, page + 1), page >= pages)] }];
}

/**
 * One task: status, model, duration, cost (actual, or ≈ estimate), when it was asked for, the
 * result link when there is one, its id (for `/jobs id:`) and the start of the prompt.
 */
export function jobLine(task: Task, linkExpired = false): string {
  const place = resultPlace(task);
  const parts = [
    `${STATUS_EMOJI[task.status]} **${modelInfo(task.request.model).label}**`,
    `${task.request.duration} s`,
    taskCost(task),
    `<t:${unixSeconds(task.createdAt)}:R>`,
  ];
  if (place.kind === 'link') parts.push(`[result](${place.url})${linkExpired ? ' (its video link has expired)' : ''}`);
  else if (place.kind === 'deleted') parts.push('result deleted');
  else if (place.kind === 'dm') parts.push('sent by DM');
  parts.push(`\`${shortId(task.id)}\``, `“${promptSnippet(task.request.prompt)}”`);
  return parts.join(' · ');
}

export function promptSnippet(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ').replace(/`/g, "'").trim();
  const short = flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH - 1).trimEnd()}…` : flat;
  return escapeMarkdown(short);
}

/** A page of the caller's tasks (already newest first), or undefined when the page is past the end. */
export function jobsPage(input: { tasks: Task[]; total: number; page: number; linkExpired?: (task: Task) => boolean }): JobsPage | undefined {
  const pages = pageCount(input.total);
  if (input.page > pages || input.tasks.length === 0) return undefined;
  return {
    title: `Your videos (${input.total})`,
    lines: input.tasks.map((task) => jobLine(task, input.linkExpired?.(task) ?? false)),
    footer: pageFooter(input.page, pages),
  };
}

/** The reply when there is nothing on the asked page. */
export function emptyJobsText(total: number, page: number): string {
  if (total === 0) return 'You have not made any videos here yet. Start one with /video.';
  const pages = pageCount(total);
  return `There is no page ${page}: your ${total} video${total === 1 ? '' : 's'} here fill${total === 1 ? 's' : ''} ${pages} page${pages === 1 ? '' : 's'}.`;
}

/** Autocomplete entry for `/jobs id:` (at most 100 characters). */
export function jobChoiceName(task: Task): string {
  const label = modelInfo(task.request.model).label.replace(/^Kling 3\.0 /, '');
  const head = `${STATUS_EMOJI[task.status]} ${label} · ${task.request.duration} s · `;
  const prompt = task.request.prompt.replace(/\s+/g, ' ').trim();
  const room = 100 - head.length;
  return head + (prompt.length > room ? `${prompt.slice(0, room - 1)}…` : prompt);
}
