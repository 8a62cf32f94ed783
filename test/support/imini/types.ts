// Shapes shared by the fake imini server and the tests that drive it.
export type JsonObject = Record<string, unknown>;

export type IminiStatus = 'queued' | 'processing' | 'succeeded' | 'failed';

export interface IminiVideo {
  url: string;
  width?: number;
  height?: number;
  duration?: number;
  cover_url?: string;
}

export interface IminiTaskRecord {
  taskId: string;
  request: JsonObject;
  status: IminiStatus;
  createdAt: string;
  completedAt: string | null;
  videos: IminiVideo[] | null;
  error: { code: string; message: string } | null;
  /** Expired tasks answer 404, like a task_id imini never issued. */
  expired: boolean;
  /** Size in bytes of the video served at /file/<taskId>.mp4 (default: the server's). */
  videoBytes?: number;
}

/** A canned answer for the next matching request, or a dropped connection (before / after creating the task). */
export type IminiInjectedFailure = { status: number; body?: unknown } | 'drop-connection' | 'drop-after-accept';

export interface IminiQuery {
  taskId: string;
  at: number;
  status: number;
}

export interface IminiReceived {
  at: number;
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface IminiStartOptions {
  apiKey: string;
  /** Tasks move on by themselves: processing after `processingAfterMs`, succeeded after `succeedAfterMs`. Default: only on command. */
  autoProgress?: { processingAfterMs: number; succeedAfterMs?: number };
  /** Size in bytes of every served video unless succeed() says otherwise (default DEFAULT_VIDEO_BYTES). */
  videoBytes?: number;
}

export function isRecord(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
