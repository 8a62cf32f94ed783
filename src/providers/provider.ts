import type { Cost } from '../domain/cost.ts';
import type { RequestProblem } from '../domain/validation.ts';
import type { Task, TaskFailure, VideoResult } from '../domain/task.ts';
import type { ModelCapabilities } from '../domain/capabilities.ts';
import type { ModelKey } from '../domain/models.ts';
import type { AnyVideoRequest, ElementRef, ImageRef } from '../domain/request.ts';

/** What a provider reports about a task, from a callback or a poll. */
export type TaskUpdate = (
  | { kind: 'progress'; providerTaskId: string; status: 'queued' | 'generating'; progress?: number }
  | {
      kind: 'results';
      providerTaskId: string;
      results: VideoResult[];
      /** True when the provider says every result is in; otherwise the flow counts results. */
      complete: boolean;
      /** Task-level cost when the provider reports one (e.g. Kling units); else results' costs are summed. */
      cost?: Cost;
    }
  | { kind: 'failed'; providerTaskId: string; failure: TaskFailure }
) & {
  /** Odd values the provider sent that were dropped (logged with the task id). */
  anomalies?: string[];
};

/** A webhook delivery as the HTTP server received it (no framework types leak in). */
export interface CallbackInput {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  body: unknown;
}

/** Gives adapters the bytes of images the bot keeps, and remembers provider-side copies. */
export interface MediaAccess {
  read(ref: ImageRef): Promise<Uint8Array>;
  providerCopy(ref: ImageRef, provider: string): Promise<string | undefined>;
  rememberProviderCopy(ref: ImageRef, provider: string, id: string): Promise<void>;
}

export interface SubmitContext {
  /** Where the provider should POST results; absent when the bot polls. */
  callbackUrl?: string;
  media: MediaAccess;
  /** A presigned PUT URL where the provider may upload the video itself (Runware `uploadEndpoint`). */
  uploadUrl?: string;
  signal?: AbortSignal;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * One adapter per provider. Adapters speak HTTP only; they never touch Discord or the store.
 * Every method throws ProviderError (see errors.ts) for provider-side failures.
 */
export interface VideoProvider {
  readonly name: string;
  readonly label: string;
  /** Whether results arrive by callback when a public URL exists ('callback') or only by polling. */
  readonly delivery: 'callback' | 'poll';
  /** What the provider can do with a model; undefined when it does not offer the model. */
  capabilities(model: ModelKey): ModelCapabilities | undefined;
  /**
   * Options of the request this provider cannot do, named for the user. Empty = supported.
   * (capabilityProblems() plus the provider's own combination rules.)
   */
  unsupported(request: AnyVideoRequest): RequestProblem[];
  /** Sends the task; resolves with the provider's task id. Must not create a second task for one call. */
  submit(task: Task, ctx: SubmitContext): Promise<{ providerTaskId: string }>;
  /** Turns a callback body into updates; throws on a body it cannot understand. */
  parseCallback(input: CallbackInput): TaskUpdate[];
  /** The price before submitting (marked estimated): each provider prices its own requests. */
  estimateCost(request: AnyVideoRequest): Cost;
  /** Asks for the state of many tasks at once. Tasks the provider does not know yield a 'not_found' failure. */
  poll(tasks: Task[], options?: CallOptions): Promise<TaskUpdate[]>;
  /** When the result's URL at the provider stops working, if the provider says. */
  resultExpiry?(task: Task, completedAt: number): number | undefined;
  /**
   * Registers an element with the provider and resolves with the provider's element id.
   * Absent when the provider has no element library.
   */
  createElement?(element: ElementRef, media: MediaAccess): Promise<string>;
  /** The account's own elements at the provider (e.g. made in Kling's web app). */
  listElements?(): Promise<ProviderElement[]>;
}

export interface ProviderElement {
  id: string;
  name: string;
  description?: string;
  imageUrl?: string;
}

/** Thrown by parseCallback for a delivery that fails authentication (e.g. a bad signature): answered 401. */
export class CallbackRejected extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CallbackRejected';
  }
}
