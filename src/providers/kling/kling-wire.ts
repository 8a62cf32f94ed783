import { z } from 'zod';
import { lenient, lenientArray, wireId, wireObject } from '../wire-values.ts';

/**
 * Kling's answers as zod schemas. The legacy `/v1` design (envelope, task, list, elements) follows
 * Kling's API reference (https://app.klingai.com/global/dev/document-api/apiReference/commonInfo and
 * the Omni-Video, Text-to-Video and Image-to-Video pages next to it); the new callback design
 * (`{id, status, outputs, billing}`) is known only from third-party copies of the docs, so it is
 * read as loosely. Unknown fields pass through; see wire-values.ts.
 */

/** `code` is a number per the docs; numeric text is read as one. */
const codeSchema = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

/** `{code, message, request_id, data}` on every answer; code 0 = success. */
export const klingEnvelopeSchema = z.looseObject({
  code: lenient(codeSchema),
  message: lenient(z.string()),
  request_id: lenient(z.string()),
  data: z.unknown().optional(),
});

/** An envelope around a task: its `data` is the task, and the body itself names no status. */
export const wireTaskEnvelope = z.looseObject({ data: wireObject }).refine((body) => !('task_status' in body) && !('status' in body));

const legacyVideoSchema = z.looseObject({ id: lenient(wireId), url: z.unknown().optional() });

/** A task in a query or list answer's `data`, and the legacy callback body. */
export const legacyTaskSchema = z.looseObject({
  task_id: lenient(wireId),
  task_status: z.string(),
  task_status_msg: lenient(z.string()),
  created_at: lenient(z.number()),
  final_unit_deduction: z.unknown().optional(),
  task_info: lenient(z.looseObject({ external_task_id: lenient(wireId) })),
  task_result: lenient(z.looseObject({ videos: lenientArray(legacyVideoSchema) })),
});

const outputSchema = z.looseObject({ type: lenient(z.string()), id: lenient(wireId), url: z.unknown().optional() });

/** The new-design callback body. */
export const newDesignTaskSchema = z.looseObject({
  id: lenient(wireId),
  task_id: lenient(wireId),
  status: z.string(),
  message: lenient(z.string()),
  external_id: lenient(wireId),
  external_task_id: lenient(wireId),
  create_time: lenient(z.number()),
  outputs: lenientArray(outputSchema),
  billing: z.unknown().optional(),
  final_unit_deduction: z.unknown().optional(),
});

/** One `billing` entry of the new design: its shape is not documented, so amount-like fields are tried in turn. */
export const billingItemSchema = z.looseObject({
  final_unit_deduction: z.unknown().optional(),
  unit_deduction: z.unknown().optional(),
  units: z.unknown().optional(),
  amount: z.unknown().optional(),
  quantity: z.unknown().optional(),
  value: z.unknown().optional(),
});

/** `data` of `POST /v1/general/custom-elements`: the element id, at the top or under `element`. */
export const createdElementSchema = z.looseObject({
  element_id: lenient(wireId),
  element: lenient(z.looseObject({ element_id: lenient(wireId) })),
});

/** The fields of an element in `GET /v1/general/custom-elements` (shape known only from a copy of the docs). */
export const elementFieldsSchema = z.looseObject({
  element_id: lenient(wireId),
  id: lenient(wireId),
  element_name: lenient(wireId),
  name: lenient(wireId),
  element_description: lenient(wireId),
  description: lenient(wireId),
  element_frontal_image: z.unknown().optional(),
  frontal_image: z.unknown().optional(),
  element_image_list: lenient(z.looseObject({ frontal_image: z.unknown().optional() })),
});

/** A listed element: the legacy fields, shorter aliases, or an advanced-element task holding `task_result.elements`. */
export const listedElementSchema = elementFieldsSchema.extend({
  task_result: lenient(z.looseObject({ elements: lenient(z.array(z.unknown())) })),
});

/** A list answer's `data`: an array of elements, or an object holding one. */
export const elementListSchema = z.union([
  z.array(z.unknown()),
  z.looseObject({ elements: z.array(z.unknown()) }).transform((d) => d.elements),
  z.looseObject({ list: z.array(z.unknown()) }).transform((d) => d.list),
  z.looseObject({ records: z.array(z.unknown()) }).transform((d) => d.records),
  z.looseObject({ items: z.array(z.unknown()) }).transform((d) => d.items),
]);

export type LegacyTask = z.output<typeof legacyTaskSchema>;
export type NewDesignTask = z.output<typeof newDesignTaskSchema>;
export type ListedElement = z.output<typeof elementFieldsSchema>;
