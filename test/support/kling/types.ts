// Shapes used by the fake Kling AI server (test/support/kling). Wire shapes follow Kling's legacy `/v1`
// API reference (https://app.klingai.com/global/dev/document-api/apiReference/commonInfo and its
// Omni-Video, Text-to-Video, Image-to-Video and element pages).

export type JsonObject = Record<string, unknown>;

export type KlingEndpoint = 'omni-video' | 'text2video' | 'image2video';
export const KLING_ENDPOINTS: readonly KlingEndpoint[] = ['omni-video', 'text2video', 'image2video'];

export type KlingTaskStatus = 'submitted' | 'processing' | 'succeed' | 'failed';

export type KlingVideo = { id: string; url: string; watermark_url?: string; duration: string };

export type KlingTaskRecord = {
  taskId: string;
  externalTaskId?: string;
  endpoint: KlingEndpoint;
  body: JsonObject;
  status: KlingTaskStatus;
  statusMsg: string;
  videos: KlingVideo[];
  /** final_unit_deduction, as Kling sends it (a string; tests may put any JSON value here). */
  units?: unknown;
  /** Size in bytes of the video served at /videos/<taskId>.mp4. */
  videoBytes?: number;
  createdAt: number;
  updatedAt: number;
};

export type KlingElementRecord = {
  elementId: number;
  body: JsonObject;
  createdAt: number;
};

/** Every HTTP request the fake received (API and media). `jwt` holds the verified claims of a JWT bearer. */
export type KlingReceived = {
  at: number;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: unknown;
  jwt?: { header: JsonObject; claims: JsonObject };
};

export type KlingCreate = { endpoint: KlingEndpoint; body: JsonObject; headers: Record<string, string> };

/** HTTP status of a callback POST, or 'network-error' when it could not be delivered. */
import type { DeliveryStatus } from '../fake-http.ts';
export type KlingDeliveryStatus = DeliveryStatus;

export type KlingCallbackDelivery = { url: string; body: JsonObject; headers: Record<string, string>; status: KlingDeliveryStatus };

/**
 * Injected reply for the next API request: an HTTP answer, 'drop-connection' (socket destroyed unprocessed)
 * or 'drop-after-accept' (processed normally, then the socket is destroyed: the client never hears back).
 */
export type KlingInjected = { status: number; body?: unknown } | 'drop-connection' | 'drop-after-accept';

/** How callbacks are shaped: legacy `{task_id, task_status, …}` or the new design `{id, status, outputs, …}`. */
export type KlingCallbackStyle = 'legacy' | 'new';

/** Standard-Webhooks signing of callbacks: correctly, with a wrong key, or with a stale timestamp. */
export type KlingSigning = { secret: string; mode?: 'valid' | 'wrong' | 'stale' };

export type KlingStartOptions = {
  accessKey: string;
  secretKey: string;
  apiKey?: string;
  signing?: KlingSigning;
  /** Size in bytes of every served video unless succeed() says otherwise (default DEFAULT_VIDEO_BYTES). */
  videoBytes?: number;
};

/**
 * `units` becomes final_unit_deduction: a number as text, as Kling sends it; any other value as is (so
 * "abc", "-3" or "1e400" reach the bot unchanged). `videoBytes` sets the size of the served video.
 */
export type SucceedOptions = { units?: unknown; videos?: KlingVideo[]; deliver?: boolean; videoBytes?: number };

/** How many task-list and single-task queries (GET /v1/videos/{endpoint}[/{id}]) the fake answered or refused. */
export type KlingQueryCounts = { list: number; single: number };

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
