import { roundUsd, type Cost } from '../../domain/cost.ts';
import type { TaskFailure, VideoResult } from '../../domain/task.ts';
import type { TaskUpdate } from '../provider.ts';
import { userMessageFor } from '../provider-error.ts';
import { isObject, text, type Json } from '../json-fields.ts';

/** One task as Kling describes it, whichever payload design it came in. */
export interface KlingTaskState {
  /** Our id (external_task_id / external_id) when Kling echoes it, else Kling's task id. */
  providerTaskId: string;
  klingTaskId?: string;
  status: string;
  message?: string;
  videos: VideoResult[];
  units?: number;
}

/** Words Kling uses when its safety checks refuse a task (task_status_msg is free text). */
const CONTENT_SAFETY = /safety|sensitive|risk control|content (policy|moderation|review)|moderation|nsfw|inappropriate|violat|prohibited|porn|violence/i;

function numeric(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Reads a task from a callback or a query answer. Accepts the legacy payload
 * `{task_id, task_status, task_status_msg, final_unit_deduction, task_info:{external_task_id}, task_result:{videos}}`,
 * the new design `{id, status, message, external_id, outputs:[{type:'video', …}], billing}`, and either one
 * wrapped in the `{code, message, data}` envelope. Undefined when the body is neither.
 */
export function readKlingTask(body: unknown): KlingTaskState | undefined {
  if (!isObject(body)) return undefined;
  if (isObject(body.data) && !('task_status' in body) && !('status' in body)) return readKlingTask(body.data);
  if (typeof body.task_status === 'string') {
    const info = isObject(body.task_info) ? body.task_info : {};
    const result = isObject(body.task_result) ? body.task_result : {};
    const klingTaskId = text(body.task_id);
    const providerTaskId = text(info.external_task_id) ?? klingTaskId;
    if (!providerTaskId) return undefined;
    const videos = (Array.isArray(result.videos) ? result.videos : []).filter(isObject).flatMap((v) => videoResult(v));
    return { providerTaskId, klingTaskId, status: body.task_status, message: text(body.task_status_msg), videos, units: numeric(body.final_unit_deduction) };
  }
  if (typeof body.status === 'string') {
    const klingTaskId = text(body.id) ?? text(body.task_id);
    const providerTaskId = text(body.external_id) ?? text(body.external_task_id) ?? klingTaskId;
    if (!providerTaskId) return undefined;
    const outputs = (Array.isArray(body.outputs) ? body.outputs : []).filter(isObject).filter((o) => o.type === undefined || o.type === 'video');
    return {
      providerTaskId,
      klingTaskId,
      status: body.status,
      message: text(body.message),
      videos: outputs.flatMap((o) => videoResult(o)),
      units: billingUnits(body),
    };
  }
  return undefined;
}

function videoResult(item: Json): VideoResult[] {
  const url = text(item.url);
  if (!url) return [];
  return [{ id: text(item.id) ?? url, url }];
}

/**
 * Units of the new design's `billing` (its item shape is not documented: providers.md §3.5 [S]). Sums the
 * first numeric amount-like field of each item; a top-level `final_unit_deduction` wins when present.
 */
function billingUnits(body: Json): number | undefined {
  const direct = numeric(body.final_unit_deduction);
  if (direct !== undefined) return direct;
  const items = Array.isArray(body.billing) ? body.billing.filter(isObject) : isObject(body.billing) ? [body.billing] : [];
  let total: number | undefined;
  for (const item of items) {
    const amount = ['final_unit_deduction', 'unit_deduction', 'units', 'amount', 'quantity', 'value']
      .map((key) => numeric(item[key]))
      .find((n) => n !== undefined);
    if (amount !== undefined) total = (total ?? 0) + amount;
  }
  return total;
}

/** A task's state as the update the flow merges; the cost is units × the unit price. */
export function klingUpdate(state: KlingTaskState, unitPriceUsd: number): TaskUpdate | undefined {
  const providerTaskId = state.providerTaskId;
  switch (state.status.toLowerCase()) {
    case 'submitted':
    case 'queued':
    case 'pending':
      return { kind: 'progress', providerTaskId, status: 'queued' };
    case 'processing':
    case 'running':
    case 'in_progress':
      return { kind: 'progress', providerTaskId, status: 'generating' };
    case 'succeed':
    case 'succeeded':
    case 'success':
    case 'completed': {
      if (state.videos.length === 0)
        return { kind: 'failed', providerTaskId, failure: failure('unknown', `Kling reported success without a video: ${state.message ?? ''}`) };
      const cost: Cost | undefined =
        state.units === undefined ? undefined : { usd: roundUsd(state.units * unitPriceUsd), units: state.units, estimated: false };
      return { kind: 'results', providerTaskId, results: state.videos, complete: true, cost };
    }
    case 'failed':
    case 'failure':
    case 'error': {
      const kind = CONTENT_SAFETY.test(state.message ?? '') ? 'content_policy' : 'unknown';
      return {
        kind: 'failed',
        providerTaskId,
        failure: failure(kind, `Kling task ${state.klingTaskId ?? providerTaskId} failed: ${state.message ?? 'no message'}`),
      };
    }
    default:
      return undefined;
  }
}

function failure(kind: 'content_policy' | 'unknown', detail: string): TaskFailure {
  return { kind, userMessage: userMessageFor(kind), detail };
}
