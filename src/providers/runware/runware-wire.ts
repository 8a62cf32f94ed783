import { z } from 'zod';
import { lenient, lenientArray } from '../wire-values.ts';

/**
 * Runware's answers as zod schemas: task items and the three error forms, from
 * https://runware.ai/docs/platform/errors, https://runware.ai/docs/utilities/task-responses and
 * https://runware.ai/docs/platform/webhooks. Unknown fields pass through; see wire-values.ts.
 */

const errorFields = { code: lenient(z.string()), message: lenient(z.string()), parameter: lenient(z.string()) };

/** An error's own fields, as nested in an item's `error`. */
const runwareNestedErrorSchema = z.looseObject(errorFields);

/** One entry of `errors[]` (or the singular `error{}` the official SDK also parses). */
export const runwareErrorSchema = z.looseObject({ ...errorFields, taskUUID: lenient(z.string()), error: lenient(runwareNestedErrorSchema) });

/** The envelope `{data, errors, error, taskUUID}`; `data` is an item, an array of items, or nested envelopes. */
export const runwareEnvelopeSchema = z.looseObject({
  data: z.unknown().optional(),
  errors: lenientArray(runwareErrorSchema),
  error: lenient(runwareErrorSchema),
  taskUUID: lenient(z.string()),
});

/**
 * One task item. `videoURL`, `cost` and `progress` stay unknown here: their values are checked
 * (and odd ones reported) where updates are built.
 */
export const runwareItemSchema = z.looseObject({
  taskType: lenient(z.string()),
  taskUUID: z.string().min(1),
  status: lenient(z.string()),
  videoUUID: lenient(z.string().min(1)),
  videoURL: z.unknown().optional(),
  cost: z.unknown().optional(),
  progress: z.unknown().optional(),
  imageUUID: lenient(z.string().min(1)),
  ...errorFields,
  error: lenient(runwareNestedErrorSchema),
});

export type RunwareItem = z.output<typeof runwareItemSchema>;
export type RunwareErrorWire = z.output<typeof runwareErrorSchema>;
