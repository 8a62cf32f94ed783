// Pure builders for Kling wire shapes: envelopes, task data (query + legacy callback), new-design
// callbacks, error answers, and Standard-Webhooks signatures for callbacks.
import { createHmac, randomUUID } from 'node:crypto';
import type { JsonObject, KlingSigning, KlingTaskRecord } from './types.ts';

/** HTTP status Kling uses for each error code (https://app.klingai.com/global/dev/document-api/apiReference/commonInfo, error codes). */
export function statusForCode(code: number): number {
  if (code >= 1000 && code <= 1004) return 401;
  if (code >= 1100 && code <= 1102) return 429;
  if (code === 1103) return 403;
  if (code === 1202 || code === 1203) return 404;
  if (code >= 1302 && code <= 1304) return 429;
  if (code === 5001) return 503;
  if (code === 5002) return 504;
  if (code >= 5000) return 500;
  return 400;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  1000: 'Authentication failed',
  1100: 'Account exception',
  1101: 'Account in arrears (postpaid scenario)',
  1102: 'Resource pack depleted or expired',
  1103: 'Unauthorized access to requested resource, such as API/model',
  1200: 'Invalid request parameters',
  1201: 'Invalid parameters, such as incorrect key or illegal value',
  1301: 'Trigger the content security policy of the platform',
  1302: 'The API request is too fast, exceeding the platform’s rate limit',
  1303: 'parallel task over resource pack limit',
  5000: 'Server internal error',
};

export function envelope(data: unknown, code = 0, message = 'SUCCEED'): JsonObject {
  return { code, message, request_id: randomUUID(), data };
}

export function errorAnswer(code: number, message?: string): { status: number; body: JsonObject } {
  return { status: statusForCode(code), body: { code, message: message ?? DEFAULT_MESSAGES[code] ?? `error ${String(code)}`, request_id: randomUUID() } };
}

/** Error body for an injected HTTP status when the test gave none. */
export function defaultFailureBody(status: number): JsonObject {
  const code = status === 401 ? 1000 : status === 429 ? 1302 : status === 503 ? 5001 : status === 504 ? 5002 : status >= 500 ? 5000 : 1200;
  return { code, message: `Injected HTTP ${String(status)} from FakeKling`, request_id: randomUUID() };
}

/** A task as the legacy query answer's `data` and the legacy callback body show it. */
export function legacyTaskData(task: KlingTaskRecord): JsonObject {
  const data: JsonObject = {
    task_id: task.taskId,
    task_status: task.status,
    task_status_msg: task.statusMsg,
    task_info: task.externalTaskId ? { external_task_id: task.externalTaskId } : {},
    created_at: task.createdAt,
    updated_at: task.updatedAt,
  };
  if (task.status === 'succeed') {
    data.task_result = { videos: task.videos.map((v) => ({ id: v.id, url: v.url, duration: v.duration })) };
    if (task.units !== undefined) data.final_unit_deduction = task.units;
  }
  return data;
}

/** The new-design callback (https://app.klingai.com/global/dev/document-api, callback protocol; not confirmed); `billing` item shape is a guess of this fake. */
export function newDesignCallback(task: KlingTaskRecord): JsonObject {
  const status = task.status === 'succeed' ? 'succeeded' : task.status;
  const body: JsonObject = {
    id: task.taskId,
    status,
    message: task.statusMsg,
    create_time: task.createdAt,
    update_time: task.updatedAt,
    external_id: task.externalTaskId ?? '',
    outputs:
      task.status === 'succeed'
        ? task.videos.map((v) => ({ type: 'video', id: v.id, url: v.url, watermark_url: v.watermark_url ?? v.url, duration: v.duration }))
        : [],
  };
  if (task.status === 'succeed' && task.units !== undefined) body.billing = [{ type: 'video_unit', amount: task.units }];
  return body;
}

/** Standard-Webhooks headers for one delivery: right, signed with another key, or 10 minutes old. */
export function signatureHeaders(signing: KlingSigning, rawBody: string, nowMs = Date.now()): Record<string, string> {
  const id = `msg_${randomUUID()}`;
  const timestamp = String(Math.floor(nowMs / 1000) - (signing.mode === 'stale' ? 600 : 0));
  const secret = signing.mode === 'wrong' ? `whsec_${Buffer.from('not the right secret').toString('base64')}` : signing.secret;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
