import { roundUsd, type Cost } from '../../domain/cost.ts';
import type { TaskFailure, VideoResult } from '../../domain/task.ts';
import type { TaskUpdate } from '../provider.ts';
import { userMessageFor } from '../provider-error.ts';
import { plausibleAmount, webUrl, withAnomalies } from '../wire-values.ts';
import { billingItemSchema, legacyTaskSchema, newDesignTaskSchema, wireTaskEnvelope, type LegacyTask, type NewDesignTask } from './kling-wire.ts';

/** One task as Kling describes it, whichever payload design it came in. */
export interface KlingTaskState {
  /** Our id (external_task_id / external_id) when Kling echoes it, else Kling's task id. */
  providerTaskId: string;
  klingTaskId?: string;
  status: string;
  message?: string;
  videos: VideoResult[];
  units?: number;
  /** When Kling created the task (ms), when it says. */
  createdAt?: number;
  /** Odd values that were dropped while reading (see TaskUpdate.anomalies). */
  anomalies: string[];
}

type Phase = 'queued' | 'generating' | 'succeeded' | 'failed';

const PHASES: Record<string, Phase> = {
  submitted: 'queued',
  queued: 'queued',
  pending: 'queued',
  processing: 'generating',
  running: 'generating',
  in_progress: 'generating',
  succeed: 'succeeded',
  succeeded: 'succeeded',
  success: 'succeeded',
  completed: 'succeeded',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
};

/** Words Kling uses when its safety checks refuse a task (task_status_msg is free text). */
const CONTENT_SAFETY = /safety|sensitive|risk control|content (policy|moderation|review)|moderation|nsfw|inappropriate|violat|prohibited|porn|violence/i;

/**
 * Reads a task from a callback, a query answer or a list item. Accepts the legacy payload
 * `{task_id, task_status, task_status_msg, final_unit_deduction, task_info:{external_task_id}, task_result:{videos}}`,
 * the new design `{id, status, message, external_id, outputs:[{type:'video', …}], billing}`, and either one
 * wrapped in the `{code, message, data}` envelope. Undefined when the body is neither.
 */
export function readKlingTask(body: unknown): KlingTaskState | undefined {
  const wrapped = wireTaskEnvelope.safeParse(body);
  if (wrapped.success) return readKlingTask(wrapped.data.data);
  const legacy = legacyTaskSchema.safeParse(body);
  if (legacy.success) return legacyState(legacy.data);
  const design = newDesignTaskSchema.safeParse(body);
  return design.success ? newDesignState(design.data) : undefined;
}

/** The tasks of a list answer's `data` (an array of tasks); undefined when `data` is not a list. */
export function readKlingTaskList(data: unknown): KlingTaskState[] | undefined {
  if (!Array.isArray(data)) return undefined;
  return data.flatMap((item) => readKlingTask(item) ?? []);
}

function legacyState(task: LegacyTask): KlingTaskState | undefined {
  const klingTaskId = task.task_id;
  const providerTaskId = task.task_info?.external_task_id ?? klingTaskId;
  if (!providerTaskId) return undefined;
  const anomalies: string[] = [];
  const videos = (task.task_result?.videos ?? []).flatMap((v) => videoResult(v.id, v.url, anomalies));
  const units = plausibleAmount(task.final_unit_deduction, 'Kling final_unit_deduction', anomalies);
  return { providerTaskId, klingTaskId, status: task.task_status, message: task.task_status_msg, videos, units, createdAt: task.created_at, anomalies };
}

function newDesignState(task: NewDesignTask): KlingTaskState | undefined {
  const klingTaskId = task.id ?? task.task_id;
  const providerTaskId = task.external_id ?? task.external_task_id ?? klingTaskId;
  if (!providerTaskId) return undefined;
  const anomalies: string[] = [];
  const outputs = task.outputs.filter((o) => o.type === undefined || o.type === 'video');
  const videos = outputs.flatMap((o) => videoResult(o.id, o.url, anomalies));
  const units = billingUnits(task, anomalies);
  return { providerTaskId, klingTaskId, status: task.status, message: task.message, videos, units, createdAt: task.create_time, anomalies };
}

function videoResult(id: string | undefined, url: unknown, anomalies: string[]): VideoResult[] {
  const checked = webUrl(url, `Kling video URL of ${id ?? 'a video'}`, anomalies);
  return checked ? [{ id: id ?? checked, url: checked }] : [];
}

/**
 * Units of the new design's `billing` (its item shape is undocumented). Sums the first amount-like
 * field of each item; a top-level `final_unit_deduction` wins when present.
 */
function billingUnits(task: NewDesignTask, anomalies: string[]): number | undefined {
  if (task.final_unit_deduction !== undefined && task.final_unit_deduction !== null) {
    return plausibleAmount(task.final_unit_deduction, 'Kling final_unit_deduction', anomalies);
  }
  const entries = Array.isArray(task.billing) ? task.billing : task.billing === undefined ? [] : [task.billing];
  let total: number | undefined;
  for (const entry of entries) {
    const item = billingItemSchema.safeParse(entry);
    if (!item.success) continue;
    const { final_unit_deduction, unit_deduction, units, amount, quantity, value } = item.data;
    const raw = [final_unit_deduction, unit_deduction, units, amount, quantity, value].find((v) => v !== undefined && v !== null);
    const counted = plausibleAmount(raw, 'Kling billing amount', anomalies);
    if (counted !== undefined) total = (total ?? 0) + counted;
  }
  return total;
}

/** True when the state holds everything a single query would say: a success always carries its video. */
export function carriesWholeState(state: KlingTaskState): boolean {
  return PHASES[state.status.toLowerCase()] !== 'succeeded' || state.videos.length > 0;
}

/** A task's state as the update the flow merges; the cost is units × the unit price. */
export function klingUpdate(state: KlingTaskState, unitPriceUsd: number): TaskUpdate | undefined {
  const providerTaskId = state.providerTaskId;
  const update = (): TaskUpdate | undefined => {
    switch (PHASES[state.status.toLowerCase()]) {
      case 'queued':
        return { kind: 'progress', providerTaskId, status: 'queued' };
      case 'generating':
        return { kind: 'progress', providerTaskId, status: 'generating' };
      case 'succeeded': {
        if (state.videos.length === 0)
          return { kind: 'failed', providerTaskId, failure: failure('unknown', `Kling reported success without a usable video: ${state.message ?? ''}`) };
        const cost: Cost | undefined =
          state.units === undefined ? undefined : { usd: roundUsd(state.units * unitPriceUsd), units: state.units, estimated: false };
        // Units that were sent but could not be read: the cost is unknown, not merely absent.
        const unreadable =
          state.units === undefined && state.anomalies.some((a) => a.startsWith('Kling final_unit_deduction') || a.startsWith('Kling billing'));
        const results = unreadable ? state.videos.map((v) => ({ ...v, costUnreadable: true })) : state.videos;
        return { kind: 'results', providerTaskId, results, complete: true, cost };
      }
      case 'failed': {
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
  };
  const result = update();
  return result && withAnomalies(result, state.anomalies);
}

function failure(kind: 'content_policy' | 'unknown', detail: string): TaskFailure {
  return { kind, userMessage: userMessageFor(kind), detail };
}
