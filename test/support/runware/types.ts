// Shapes used by the fake Runware server (test/support/runware). Wire shapes follow Runware's docs
// (https://runware.ai/docs/en/video-inference/api-reference, https://runware.ai/docs/platform/webhooks).

export type JsonObject = Record<string, unknown>;

/** One finished video, as getResponse and the webhook report it. */
export type VideoResultItem = {
  taskType: 'videoInference';
  taskUUID: string;
  status: 'success';
  videoUUID: string;
  videoURL: string;
  cost: number;
  seed: number;
};

export type TaskError = { code: string; message: string };

/** 'uploading': finished, its videos being PUT to the uploadEndpoint; still 'processing' to getResponse. */
export type VideoTaskStatus = 'processing' | 'uploading' | 'success' | 'error';

export type VideoTaskRecord = {
  request: JsonObject;
  status: VideoTaskStatus;
  results: VideoResultItem[];
  error?: TaskError;
  /** How getResponse reports a failure: as a data item with status 'error', or in top-level errors[]. */
  errorForm?: 'item' | 'errors';
};

export type UploadRecord = { image: string };

export type ReceivedRequest = { at: number; headers: Record<string, string>; body: unknown };

/** HTTP status of a webhook POST, or 'network-error' when it could not be delivered (or timed out). */
import type { DeliveryStatus } from '../fake-http.ts';
export type { DeliveryStatus };

export type WebhookDelivery = { url: string; body: unknown; status: DeliveryStatus };

/** One entry of an `errors` array in a Runware envelope. */
export type ApiErrorItem = {
  code: string;
  message: string;
  parameter?: string;
  allowedValues?: unknown[];
  taskType?: string;
  taskUUID?: string;
  status?: 'error';
};

/** What one task in a request array contributes to the response envelope. */
export type TaskOutcome = {
  data: JsonObject[];
  errors: ApiErrorItem[];
  /** HTTP status to use when the whole envelope has only errors (default 400). */
  httpStatus?: number;
};

/**
 * Injected reply for the next HTTP request. 'drop-connection' destroys the socket without processing;
 * 'drop-after-accept' processes the request normally (tasks are accepted) and then destroys the socket,
 * i.e. the client never learns that its task was accepted.
 */
export type InjectedFailure = { status: number; body?: unknown } | 'drop-connection' | 'drop-after-accept';

export type VideoRejection = { status?: number; code: string; message: string; parameter?: string };

export type WebhookShape = 'data' | 'bare';

/**
 * `cost` is the task's total, split over its results; a number that is not a price (1e305, -1) is sent
 * as is, to see how the bot copes. `videoBytes` sets the size of each served video (default: the server's).
 */
export type CompleteOptions = { count?: number; cost?: number; shape?: WebhookShape; deliver?: boolean; videoBytes?: number };

export type FailOptions = { form?: 'item' | 'errors'; deliver?: boolean };

export type AutoCompleteOptions = { delayMs: number; shape?: WebhookShape; deliver?: boolean; videoBytes?: number };

/** One PUT of a result video to a task's `uploadEndpoint`: where, which video, and the HTTP status it got. */
export type VideoPut = { taskUUID: string; videoUUID: string; url: string; bytes: number; status: DeliveryStatus };

export type StartOptions = {
  apiKey: string;
  /**
   * Where result videoURLs point. 'local' (default): this server serves a tiny fake MP4 at
   * http://127.0.0.1:PORT/video/os/test/<videoUUID>.mp4 so a bot can download it without internet.
   * 'runware': https://vm.runware.ai/video/os/test/<videoUUID>.mp4 (not downloadable in tests).
   */
  videoUrlStyle?: 'local' | 'runware';
  /** Size in bytes of every served video unless completeTask() says otherwise (default DEFAULT_VIDEO_BYTES). */
  videoBytes?: number;
};

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
