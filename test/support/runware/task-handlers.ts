// Protocol handling for POST /v1: auth, the task array, and each task type the fake supports.
import { randomUUID } from 'node:crypto';
import { loadImage, type LoadedImage } from './media.ts';
import { envelope, errorOutcome, getResponseOutcome } from './responses.ts';
import { isRecord, type JsonObject, type TaskOutcome, type UploadRecord, type VideoRejection, type VideoTaskRecord } from './types.ts';
import { isUuidV4, validateVideoTask } from './validate-video.ts';

/** Mutable server state the handlers read and update (owned by FakeRunware). */
export type HandlerState = {
  apiKey: string;
  videoTasks: Map<string, VideoTaskRecord>;
  uploads: Map<string, UploadRecord>;
  images: Map<string, LoadedImage>;
  origin: () => string;
  rejection: VideoRejection | null;
  rejectionMatch: ((req: JsonObject) => boolean) | undefined;
  onAccepted: (taskUUID: string) => void;
};

export type Reply = { status: number; body: JsonObject };

function taskRef(task: JsonObject, fallbackType: string): { taskType: string; taskUUID?: string } {
  const taskType = typeof task['taskType'] === 'string' ? task['taskType'] : fallbackType;
  return typeof task['taskUUID'] === 'string' ? { taskType, taskUUID: task['taskUUID'] } : { taskType };
}

function isAuthorized(state: HandlerState, authorization: string | undefined, body: unknown): boolean {
  if (authorization === `Bearer ${state.apiKey}`) return true;
  const first: unknown = Array.isArray(body) ? body[0] : undefined;
  return isRecord(first) && first['taskType'] === 'authentication' && first['apiKey'] === state.apiKey;
}

/** Handles one POST /v1 body (already JSON-parsed) and returns the HTTP status and envelope. */
export async function handleTasks(
  state: HandlerState,
  authorization: string | undefined,
  parsed: { ok: true; value: unknown } | { ok: false },
): Promise<Reply> {
  const body = parsed.ok ? parsed.value : undefined;
  const tasks = Array.isArray(body) ? body.filter((t) => !(isRecord(t) && t['taskType'] === 'authentication')) : [];
  if (!isAuthorized(state, authorization, body)) {
    const refs = tasks.filter(isRecord).map((t) => taskRef(t, 'unknown'));
    const errors = (refs.length > 0 ? refs : [{}]).map((ref) => ({ code: 'invalidApiKey', message: 'Invalid API key', ...ref }));
    return { status: 401, body: { errors } };
  }
  if (!Array.isArray(body) || tasks.length === 0) {
    const message = parsed.ok ? 'Request body must be a non-empty JSON array of task objects' : 'Request body is not valid JSON';
    return { status: 400, body: { errors: [{ code: 'invalidRequest', message }] } };
  }
  const outcomes: TaskOutcome[] = [];
  for (const task of tasks) outcomes.push(await runTask(state, task));
  return envelope(outcomes);
}

async function runTask(state: HandlerState, task: unknown): Promise<TaskOutcome> {
  if (!isRecord(task)) return errorOutcome({ code: 'invalidRequest', message: 'Each task must be a JSON object' });
  switch (task['taskType']) {
    case 'videoInference':
      return acceptVideo(state, task);
    case 'getResponse':
      return getResponseOutcome(task['taskUUID'], typeof task['taskUUID'] === 'string' ? state.videoTasks.get(task['taskUUID']) : undefined);
    case 'imageUpload':
      return uploadImage(state, task);
    default:
      return errorOutcome({
        code: 'invalidTaskType',
        message: `Unsupported taskType ${JSON.stringify(task['taskType'])} (fake supports videoInference, getResponse, imageUpload)`,
        parameter: 'taskType',
        ...taskRef(task, 'unknown'),
      });
  }
}

function acceptVideo(state: HandlerState, task: JsonObject): TaskOutcome {
  const ref = taskRef(task, 'videoInference');
  const violation = validateVideoTask(task);
  if (violation) return errorOutcome({ ...violation, ...ref });
  const taskUUID = String(task['taskUUID']);
  if (state.videoTasks.has(taskUUID)) {
    return errorOutcome({
      code: 'duplicateTaskUUID',
      message: `taskUUID ${taskUUID} was already used; every task needs a new UUID v4`,
      parameter: 'taskUUID',
      ...ref,
    });
  }
  const rejection = state.rejection;
  if (rejection && (state.rejectionMatch?.(task) ?? true)) {
    const { status, ...error } = rejection;
    return errorOutcome({ ...error, ...ref }, status ?? 400);
  }
  state.videoTasks.set(taskUUID, { request: task, status: 'processing', results: [] });
  state.onAccepted(taskUUID);
  return { data: [{ taskType: 'videoInference', taskUUID }], errors: [] };
}

async function uploadImage(state: HandlerState, task: JsonObject): Promise<TaskOutcome> {
  const ref = taskRef(task, 'imageUpload');
  if (!isUuidV4(task['taskUUID'])) {
    return errorOutcome({ code: 'invalidParameter', message: 'taskUUID must be a UUID v4', parameter: 'taskUUID', ...ref });
  }
  const image = task['image'];
  if (typeof image !== 'string' || image.length === 0) {
    return errorOutcome({ code: 'invalidParameter', message: 'image is required', parameter: 'image', ...ref });
  }
  const loaded = await loadImage(image);
  if ('error' in loaded) return errorOutcome({ code: 'invalidImage', message: loaded.error, parameter: 'image', ...ref });
  const imageUUID = randomUUID();
  state.uploads.set(imageUUID, { image });
  state.images.set(imageUUID, loaded);
  const imageURL = `${state.origin()}/image/${imageUUID}.${loaded.ext}`;
  return { data: [{ taskType: 'imageUpload', taskUUID: task['taskUUID'], imageUUID, imageURL }], errors: [] };
}
