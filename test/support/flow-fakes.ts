// Recording and scripted fakes for the task flow's ports: a notifier and a logger that keep what
// they were asked, and a provider whose answers a test sets.
import type { ModelCapabilities } from '../../src/domain/capabilities.ts';
import type { Cost } from '../../src/domain/cost.ts';
import type { AnyVideoRequest } from '../../src/domain/request.ts';
import type { Task } from '../../src/domain/task.ts';
import type { RequestProblem } from '../../src/domain/problems.ts';
import type { Delivery, Eta, TaskNotifier } from '../../src/flow/ports.ts';
import type { Logger } from '../../src/logging/log.ts';
import type { CallbackInput, MediaAccess, SubmitContext, TaskUpdate, VideoProvider } from '../../src/providers/provider.ts';

export class RecordingNotifier implements TaskNotifier {
  readonly statuses: Array<{ task: Task; eta: Eta | undefined }> = [];
  readonly posted: Task[] = [];
  readonly looked: Task[] = [];
  readonly told: Array<{ task: Task; text: string }> = [];
  /** How many of the next posts throw (Discord down). */
  failPosts = 0;
  /** What findOutcome answers. */
  found: Delivery | undefined;
  /** Posts wait for this before they resolve (a slow Discord). */
  gate: Promise<void> | undefined;

  async showStatus(task: Task, eta: Eta | undefined): Promise<void> {
    this.statuses.push({ task, eta });
  }

  async postOutcome(task: Task): Promise<Delivery> {
    await this.gate;
    if (this.failPosts > 0) {
      this.failPosts -= 1;
      throw new Error('Discord is down');
    }
    this.posted.push(task);
    return { messageId: `msg-${this.posted.length}`, viaDm: false };
  }

  async findOutcome(task: Task): Promise<Delivery | undefined> {
    this.looked.push(task);
    return this.found;
  }

  async tell(task: Task, text: string): Promise<void> {
    this.told.push({ task, text });
  }
}

export type LogLevel = 'info' | 'warn' | 'error' | 'debug';

export class RecordingLog implements Logger {
  readonly entries: Array<{ level: LogLevel; obj: Record<string, unknown>; msg?: string }> = [];
  info(obj: object, msg?: string): void {
    this.#add('info', obj, msg);
  }
  warn(obj: object, msg?: string): void {
    this.#add('warn', obj, msg);
  }
  error(obj: object, msg?: string): void {
    this.#add('error', obj, msg);
  }
  debug(obj: object, msg?: string): void {
    this.#add('debug', obj, msg);
  }
  at(level: LogLevel): Array<{ obj: Record<string, unknown>; msg?: string }> {
    return this.entries.filter((e) => e.level === level).map(({ obj, msg }) => ({ obj, msg }));
  }
  #add(level: LogLevel, obj: object, msg?: string): void {
    this.entries.push({ level, obj: obj as Record<string, unknown>, msg });
  }
}

const EVERYTHING: ModelCapabilities = {
  text: true,
  firstFrame: true,
  lastFrame: true,
  elements: true,
  storyboard: true,
  intelligentShots: true,
  referenceImages: true,
  referenceVideo: true,
  audio: true,
  negativePrompt: true,
  maxVariants: 4,
};

/** A provider whose answers a test scripts; it records every submit and poll. */
export class FakeProvider implements VideoProvider {
  readonly name: string;
  readonly label: string;
  readonly delivery: 'callback' | 'poll';
  readonly submitted: Array<{ task: Task; ctx: SubmitContext }> = [];
  readonly polled: Task[][] = [];
  /** Runs inside submit before it resolves (a check, or a callback landing early). */
  onSubmit: ((task: Task) => Promise<void>) | undefined;
  submitError: unknown;
  pollAnswer: TaskUpdate[] | ((tasks: Task[]) => TaskUpdate[]) = [];
  pollError: unknown;
  problems: RequestProblem[] = [];
  price: Cost = { usd: 0.42, estimated: true };

  constructor(name: string, delivery: 'callback' | 'poll' = 'callback') {
    this.name = name;
    this.delivery = delivery;
    this.label = name.charAt(0).toUpperCase() + name.slice(1);
  }

  capabilities(): ModelCapabilities {
    return EVERYTHING;
  }
  unsupported(_request: AnyVideoRequest): RequestProblem[] {
    return this.problems;
  }
  estimateCost(_request: AnyVideoRequest): Cost {
    return this.price;
  }
  resultExpiry(): number | undefined {
    return undefined;
  }
  async submit(task: Task, ctx: SubmitContext): Promise<{ providerTaskId: string }> {
    this.submitted.push({ task, ctx });
    await this.onSubmit?.(task);
    if (this.submitError !== undefined) throw this.submitError;
    return { providerTaskId: `${this.name}-${task.id}` };
  }
  parseCallback(_input: CallbackInput): TaskUpdate[] {
    return [];
  }
  async poll(tasks: Task[]): Promise<TaskUpdate[]> {
    this.polled.push(tasks);
    if (this.pollError !== undefined) throw this.pollError;
    return typeof this.pollAnswer === 'function' ? this.pollAnswer(tasks) : this.pollAnswer;
  }
}

export const noMedia: MediaAccess = {
  read: async () => new Uint8Array(),
  providerCopy: async () => undefined,
  rememberProviderCopy: async () => undefined,
};

/** Lets every promise callback and I/O callback queued so far run (no wall-clock wait). */
export async function settleEventLoop(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A gate a test opens when it wants: `gate.promise` stays pending until `gate.open()`. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
