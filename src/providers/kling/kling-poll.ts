import type { Task } from '../../domain/task.ts';
import { withRetries, type RetryPolicy } from '../http-client.ts';
import type { TaskUpdate } from '../provider.ts';
import { userMessageFor } from '../provider-error.ts';
import { answerError, isSuccess, type KlingApi } from './kling-api.ts';
import { isNotFoundAnswer } from './kling-errors.ts';
import { klingEndpoint, type KlingEndpoint } from './kling-request.ts';
import { carriesWholeState, klingUpdate, readKlingTask, readKlingTaskList } from './kling-response.ts';

export interface KlingPollOptions {
  retry: RetryPolicy;
  unitPriceUsd: number;
  /** Tasks per list page; the list endpoint allows 1–500. */
  pageSize: number;
  /** List pages read per endpoint and round at most. */
  pageCap: number;
}

/** Single task queries in flight at once; queries do not use Kling's concurrency slots but stay polite. */
const QUERY_CONCURRENCY = 4;
/** Kling's created_at and our createdAt come from two clocks: a list page counts as older only beyond this. */
const CLOCK_MARGIN_MS = 10 * 60_000;

/**
 * One provider-wide poll round. Per endpoint in use, the task list
 * (`GET /v1/videos/{endpoint}?pageNum=N&pageSize=M`, newest first, items shaped like a single query's
 * `data`) is read page by page until every polled task of that endpoint has been seen, a page is
 * older than the oldest polled task, a short page ends the list, or `pageCap` pages were read. A list
 * answering an error is dropped for the round. Tasks the list did not show (or showed as a success
 * without its video) are asked about one by one, as `GET /v1/videos/{endpoint}/{id}`.
 */
export class KlingPollRound {
  readonly #api: KlingApi;
  readonly #options: KlingPollOptions;

  constructor(api: KlingApi, options: KlingPollOptions) {
    this.#api = api;
    this.#options = options;
  }

  async run(tasks: Task[], signal: AbortSignal | undefined): Promise<TaskUpdate[]> {
    const updates: TaskUpdate[] = [];
    const unseen: Task[] = [];
    for (const [endpoint, group] of byEndpoint(tasks)) {
      const listed = await this.#fromList(endpoint, group, signal);
      for (const task of group) {
        if (!listed.has(pollId(task))) unseen.push(task);
        const update = listed.get(pollId(task));
        if (update) updates.push(update);
      }
    }
    const errors: unknown[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let task = unseen[next++]; task; task = unseen[next++]) {
        try {
          const update = await withRetries(() => this.#query(task, signal), this.#options.retry, { signal });
          if (update) updates.push(update);
        } catch (error) {
          if (signal?.aborted) throw error;
          errors.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(QUERY_CONCURRENCY, unseen.length) }, worker));
    // One task's trouble must not hide the others' results; only a round where nothing answered fails.
    if (tasks.length > 0 && errors.length === tasks.length) throw errors[0];
    return updates;
  }

  /** Updates of the tasks the list showed, by poll id (undefined: shown in a state that yields no update). */
  async #fromList(endpoint: KlingEndpoint, group: Task[], signal: AbortSignal | undefined): Promise<Map<string, TaskUpdate | undefined>> {
    const wanted = new Set(group.map(pollId));
    const found = new Map<string, TaskUpdate | undefined>();
    const oldest = Math.min(...group.map((task) => task.createdAt)) - CLOCK_MARGIN_MS;
    const { pageSize, pageCap, unitPriceUsd } = this.#options;
    for (let page = 1; page <= pageCap && found.size < wanted.size; page++) {
      const path = `/v1/videos/${endpoint}?pageNum=${page}&pageSize=${pageSize}`;
      const answer = await this.#api.send('GET', path, { signal }).catch((error: unknown) => {
        if (signal?.aborted) throw error;
        return undefined; // no answer: single queries this round
      });
      const states = answer && isSuccess(answer) ? readKlingTaskList(answer.envelope.data) : undefined;
      if (!states) break;
      for (const state of states) {
        const id = [state.providerTaskId, state.klingTaskId].find((candidate) => candidate !== undefined && wanted.has(candidate));
        if (id === undefined || found.has(id) || !carriesWholeState(state)) continue;
        found.set(id, klingUpdate({ ...state, providerTaskId: id }, unitPriceUsd));
      }
      const last = states.at(-1);
      if (states.length < pageSize || (last?.createdAt !== undefined && last.createdAt < oldest)) break;
    }
    return found;
  }

  /** The task's state, a not_found failure when Kling does not know it, or a thrown error. */
  async #query(task: Task, signal: AbortSignal | undefined): Promise<TaskUpdate | undefined> {
    const id = pollId(task);
    const answer = await this.#api.send('GET', `/v1/videos/${klingEndpoint(task.request)}/${encodeURIComponent(id)}`, { signal });
    if (isSuccess(answer)) {
      const state = readKlingTask(answer.envelope.data);
      // Kling answers by its own id; the flow matches on ours.
      return state ? klingUpdate({ ...state, providerTaskId: id }, this.#options.unitPriceUsd) : undefined;
    }
    if (isNotFoundAnswer(answer.status, answer.envelope)) {
      const detail = `Kling does not know task ${id}: ${answer.envelope.message ?? `HTTP ${answer.status}`}`;
      return { kind: 'failed', providerTaskId: id, failure: { kind: 'not_found', userMessage: userMessageFor('not_found'), detail } };
    }
    throw answerError(answer);
  }
}

/** The id the flow polls a task by: ours, which Kling keeps as external_task_id. */
function pollId(task: Task): string {
  return task.providerTaskId ?? task.id;
}

function byEndpoint(tasks: Task[]): Map<KlingEndpoint, Task[]> {
  const groups = new Map<KlingEndpoint, Task[]>();
  for (const task of tasks) {
    const endpoint = klingEndpoint(task.request);
    const group = groups.get(endpoint);
    if (group) group.push(task);
    else groups.set(endpoint, [task]);
  }
  return groups;
}
