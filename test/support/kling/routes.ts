// Protocol handling of the fake Kling server: video create/query, and the custom-elements endpoints.
// Auth has been checked by the caller; each handler returns the HTTP status and body.
import { randomInt } from 'node:crypto';
import { validateCreate } from './validate-create.ts';
import { defaultFailureBody, envelope, errorAnswer, legacyTaskData } from './wire.ts';
import { isRecord, KLING_ENDPOINTS, type JsonObject, type KlingElementRecord, type KlingEndpoint, type KlingTaskRecord } from './types.ts';

export type RouteState = {
  tasks: Map<string, KlingTaskRecord>;
  elements: Map<number, KlingElementRecord>;
  origin: () => string;
  /** When set, valid creates are refused with this Kling error code. */
  rejection: { code: number; message?: string } | null;
  /** When set, task-list queries get this answer instead. */
  listFailure: { status: number; body?: unknown } | null;
  nextElementId: () => number;
};

export type Reply = { status: number; body: JsonObject };

export function findTask(state: RouteState, id: string): KlingTaskRecord | undefined {
  return state.tasks.get(id) ?? [...state.tasks.values()].find((t) => t.externalTaskId === id);
}

export function route(state: RouteState, method: string, path: string, query: URLSearchParams, body: unknown): Reply {
  const video = /^\/v1\/videos\/([a-z0-9-]+)(?:\/([^/]+))?$/.exec(path);
  const endpoint = video?.[1] as KlingEndpoint | undefined;
  if (video && endpoint && KLING_ENDPOINTS.includes(endpoint)) {
    const id = video[2] ? decodeURIComponent(video[2]) : undefined;
    if (method === 'POST' && !id) return createTask(state, endpoint, body);
    if (method === 'GET' && id) return queryTask(state, endpoint, id);
    if (method === 'GET') return listTasks(state, endpoint, query);
  }
  if (path === '/v1/general/custom-elements') {
    if (method === 'POST') return createElement(state, body);
    if (method === 'GET') return listElements(state, query);
  }
  return { status: 404, body: { code: 1202, message: `no route ${method} ${path}`, request_id: 'fake' } };
}

function createTask(state: RouteState, endpoint: KlingEndpoint, body: unknown): Reply {
  const violation = validateCreate(endpoint, body);
  if (violation) return errorAnswer(violation.code, violation.message);
  const request = body as JsonObject; // validateCreate accepted it as an object
  const external = typeof request.external_task_id === 'string' ? request.external_task_id : undefined;
  if (external && findTask(state, external)) return errorAnswer(1201, `external_task_id ${external} already exists`);
  if (state.rejection) return errorAnswer(state.rejection.code, state.rejection.message);
  const now = Date.now();
  const taskId = `${String(now)}${String(randomInt(100000, 999999))}`;
  const task: KlingTaskRecord = {
    taskId,
    externalTaskId: external,
    endpoint,
    body: request,
    status: 'submitted',
    statusMsg: '',
    videos: [],
    createdAt: now,
    updatedAt: now,
  };
  state.tasks.set(taskId, task);
  return {
    status: 200,
    body: envelope({ task_id: taskId, task_status: 'submitted', task_info: external ? { external_task_id: external } : {}, created_at: now, updated_at: now }),
  };
}

function queryTask(state: RouteState, endpoint: KlingEndpoint, id: string): Reply {
  const task = findTask(state, id);
  if (!task || task.endpoint !== endpoint) return errorAnswer(1203, `task ${id} does not exist`);
  return { status: 200, body: envelope(legacyTaskData(task)) };
}

/** `GET /v1/videos/{endpoint}?pageNum=1..1000&pageSize=1..500`: the endpoint's tasks, newest first, as a query shows each. */
function listTasks(state: RouteState, endpoint: KlingEndpoint, query: URLSearchParams): Reply {
  if (state.listFailure)
    return { status: state.listFailure.status, body: (state.listFailure.body ?? defaultFailureBody(state.listFailure.status)) as JsonObject };
  const paged = paging(query);
  if ('problem' in paged) return errorAnswer(1201, paged.problem);
  const { page, size } = paged;
  // Newest first; of tasks created in the same millisecond, the later one first.
  const all = [...state.tasks.values()]
    .filter((t) => t.endpoint === endpoint)
    .reverse()
    .sort((a, b) => b.createdAt - a.createdAt);
  return { status: 200, body: envelope(all.slice((page - 1) * size, page * size).map(legacyTaskData)) };
}

function paging(query: URLSearchParams): { page: number; size: number } | { problem: string } {
  const page = Number(query.get('pageNum') ?? 1);
  const size = Number(query.get('pageSize') ?? 30);
  if (!Number.isInteger(page) || page < 1 || page > 1000) return { problem: 'pageNum must be an integer from 1 to 1000' };
  if (!Number.isInteger(size) || size < 1 || size > 500) return { problem: 'pageSize must be an integer from 1 to 500' };
  return { page, size };
}

function createElement(state: RouteState, body: unknown): Reply {
  if (!isRecord(body)) return errorAnswer(1200, 'request body must be a JSON object');
  const name = body.element_name;
  const description = body.element_description;
  if (typeof name !== 'string' || name === '' || [...name].length > 20) return errorAnswer(1201, 'element_name must be 1–20 characters');
  if (description !== undefined && (typeof description !== 'string' || [...description].length > 100))
    return errorAnswer(1201, 'element_description must be at most 100 characters');
  if (typeof body.element_frontal_image !== 'string' || body.element_frontal_image === '') return errorAnswer(1201, 'element_frontal_image must not be empty');
  const refers = body.element_refer_list;
  if (!Array.isArray(refers) || refers.length < 1 || refers.length > 3) return errorAnswer(1201, 'element_refer_list must have 1 to 3 images');
  if (!refers.every((r) => isRecord(r) && typeof r.image_url === 'string' && r.image_url !== ''))
    return errorAnswer(1201, 'element_refer_list items need an image_url');
  if (body.tag_list !== undefined) {
    const tags = body.tag_list;
    if (!Array.isArray(tags) || !tags.every((t) => isRecord(t) && /^o_10[1-8]$/.test(String(t.tag_id))))
      return errorAnswer(1201, 'tag_list items need a tag_id o_101..o_108');
  }
  const elementId = state.nextElementId();
  state.elements.set(elementId, { elementId, body, createdAt: Date.now() });
  return { status: 200, body: envelope(elementData(state, elementId)) };
}

function listElements(state: RouteState, query: URLSearchParams): Reply {
  const paged = paging(query);
  if ('problem' in paged) return errorAnswer(1201, paged.problem);
  const { page, size } = paged;
  const ids = [...state.elements.keys()].sort((a, b) => a - b).slice((page - 1) * size, page * size);
  return { status: 200, body: envelope(ids.map((id) => elementData(state, id))) };
}

function elementData(state: RouteState, elementId: number): JsonObject {
  const record = state.elements.get(elementId);
  const body = record?.body ?? {};
  return {
    element_id: elementId,
    element_name: body.element_name,
    element_description: body.element_description ?? '',
    element_frontal_image: `${state.origin()}/elements/${String(elementId)}/frontal.png`,
    element_refer_list: Array.isArray(body.element_refer_list)
      ? body.element_refer_list.map((_, i) => ({ image_url: `${state.origin()}/elements/${String(elementId)}/refer-${String(i + 1)}.png` }))
      : [],
    created_at: record?.createdAt,
  };
}
