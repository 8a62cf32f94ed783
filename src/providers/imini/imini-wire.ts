import { z } from 'zod';
import { lenient, wireId, wireObject } from '../wire-values.ts';

/**
 * imini's answers as zod schemas: the create answer (https://docs.imini.ai/en/api-reference/videos/kling-v3-omni),
 * the task query (https://docs.imini.ai/en/api-reference/videos/task-query) and error bodies, whose
 * "unified structure" the docs mention but do not show (https://docs.imini.ai/en/guide/getting-started).
 * Bodies may come bare or wrapped in `{data: …}`. Unknown fields pass through; see wire-values.ts.
 */

/** A body, or the object in its `data` when the body itself lacks `key` (a wrapper, not documented). */
export function unwrapped(body: unknown, key: string): Record<string, unknown> | undefined {
  const object = wireObject.safeParse(body);
  if (!object.success) return undefined;
  const inner = wireObject.safeParse(object.data.data);
  return inner.success && !(key in object.data) ? inner.data : object.data;
}

/** `{task_id, model, created_at, request_id}`; `id` is accepted for task_id. */
export const createAnswerSchema = z.looseObject({ task_id: lenient(wireId), id: lenient(wireId) });

/** One of `videos[]`: `{url, width, height, duration, cover_url}`; the URLs are checked where results are built. */
export const iminiVideoSchema = z.looseObject({ url: z.unknown().optional(), cover_url: z.unknown().optional() });

/** `{task_id, status, model, created_at, completed_at, videos, error, request_id}` (and `progress`, when sent). */
export const taskAnswerSchema = z.looseObject({
  task_id: lenient(wireId),
  status: z.string().catch(''),
  progress: z.unknown().optional(),
  videos: z.array(z.unknown()).catch([]),
  error: z.unknown().optional(),
});

const errorText = lenient(wireId);

/** The fields an error body may name its code, message and parameter by. */
export const errorFieldsSchema = z.looseObject({
  code: errorText,
  type: errorText,
  message: errorText,
  msg: errorText,
  detail: errorText,
  param: errorText,
  parameter: errorText,
  field: errorText,
});
