import type { Cost } from '../domain/cost.ts';
import type { RequestProblem } from '../domain/problems.ts';
import type { Task, TaskFailure, VideoResult } from '../domain/task.ts';
import type { ModelCapabilities } from '../domain/capabilities.ts';
import type { ModelKey } from '../domain/models.ts';
import type { ElementRef, ImageRef, VideoRequest, AnyVideoRequest } from '../domain/request.ts';

interface UpdateBase {
  providerTaskId: string;
  /**
   * Plain descriptions of odd values the provider sent that were dropped (a cost that is not an
   * amount, a result URL that is not a web URL). For the log, with the task id, by the caller.
   */
  anomalies?: string[];
}

/** What a provider reports about a task, from a callback or a poll. */
export type TaskUpdate =
  | (UpdateBase & { kind: 'progress'; status: 'queued' | 'generating'; progress?: number })
  | (UpdateBase & {
      kind: 'results';
      results: VideoResult[];
      /** True when the provider says every result is in; otherwise the flow counts results. */
      complete: boolean;
      /** Task-level cost when the provider reports one (e.g. Kling units); else results' costs are summed. */
      cost?: Cost;
    })
  | (UpdateBase & { kind: 'failed'; failure: TaskFailure });

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
  /** Marks images as used now (a task was made with them), so retention counts from today. */
  touch?(refs: ImageRef[]): Promise<void>;
}

/** Options of every call that goes over the network. */
export interface CallOptions {
  /** Aborts the call (and its retries); the call then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface SubmitContext extends CallOptions {
  /** Where the provider should POST results; absent when the bot polls. */
  callbackUrl?: string;
  /**
   * A presigned HTTP PUT URL (e.g. an S3 object) the provider may upload the finished video to.
   * Only Runware uses it, and only for a request with one variant; the others ignore it.
   */
  uploadUrl?: string;
  media: MediaAccess;
}

/**
 * One adapter per provider. Adapters speak HTTP only; they never touch Discord or the store.
 * Every method throws ProviderError (see provider-error.ts) for provider-side failures; a call
 * whose signal is aborted rejects with the signal's reason and is not retried. A submit aborted
 * after its request went out may still have created the task, like one that got no answer.
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
  /** The cost to show before submitting, from this provider's own prices (marked estimated). */
  estimateCost(request: AnyVideoRequest): Cost;
  /** Sends the task; resolves with the provider's task id. Must not create a second task for one call. */
  submit(task: Task, ctx: SubmitContext): Promise<{ providerTaskId: string }>;
  /** Turns a callback body into updates; throws on a body it cannot understand. */
  parseCallback(input: CallbackInput): TaskUpdate[];
  /**
   * The state of every given task, in one provider-wide round (the adapter batches and bounds
   * its requests). Tasks the provider does not know yield a 'not_found' failure; a task whose
   * query failed yields no update; only when nothing at all answered does it throw.
   */
  poll(tasks: Task[], options?: CallOptions): Promise<TaskUpdate[]>;
  /** When the provider's result URLs of a task finished at `completedAt` stop working (ms); undefined = not stated. */
  resultExpiry(task: Task, completedAt: number): number | undefined;
  /**
   * Registers an element with the provider and resolves with the provider's element id.
   * Absent when the provider has no element library.
   */
  createElement?(element: ElementRef, media: MediaAccess, options?: CallOptions): Promise<string>;
  /** The account's own elements at the provider (e.g. made in Kling's web app). */
  listElements?(options?: CallOptions): Promise<ProviderElement[]>;
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
