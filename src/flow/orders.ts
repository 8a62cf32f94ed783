import type { Cost } from '../domain/cost.ts';
import type { ImageRef, VideoRequest } from '../domain/request.ts';
import type { Origin, Task } from '../domain/task.ts';
import type { RequestProblem } from '../domain/problems.ts';
import type { VideoProvider } from '../providers/provider.ts';
import type { BudgetUsage } from '../money/budget-usage.ts';
import type { Schedule, StoredTask } from '../store/task-repository.ts';

/** Who asks, and where: the real member and channel every check runs against. */
export interface Requester {
  userId: string;
  guildId: string | null;
  channelId: string;
  /** The member's role ids in that server, when Discord sent them. */
  roleIds?: string[];
  /** The member's name as shown in the server (for reports). */
  userName?: string;
}

/** Which request options the member set themselves (the rest came from defaults). */
export type GivenOptions = Partial<Record<'model' | 'duration' | 'aspectRatio' | 'sound', boolean>>;

/** A request as a member placed it. `I` is how its images are held (attachment facts before download). */
export interface Order<I = ImageRef> {
  request: VideoRequest<I>;
  requester: Requester;
  /** The provider the member named, if any. */
  provider?: string;
  rerunOf?: string;
  sourceMessageUrl?: string;
  given?: GivenOptions;
  /** The member already said Start to this price. */
  confirmed?: boolean;
}

/** A checked, priced order: what `start` needs. */
export interface Quote<I = ImageRef> {
  order: Order<I>;
  provider: VideoProvider;
  price: Cost;
  /** Plain sentences the member should read with the answer (e.g. a setting this channel enforces). */
  notes: string[];
  /** The price is above the server's confirmation threshold: ask before starting. */
  needsConfirmation: boolean;
}

/** Why an order cannot start, in terms the Discord layer turns into a reply. */
export type Refusal =
  | { kind: 'invalid'; problems: RequestProblem[]; notes?: string[] }
  | { kind: 'denied'; message: string }
  | { kind: 'unavailable'; message: string }
  | { kind: 'budget'; usage: BudgetUsage; priceMicros: number }
  | { kind: 'running'; running: number; max: number };

export type Checked<I> = { ok: true; quote: Quote<I> } | { ok: false; refusal: Refusal };
export type Started = { ok: true; task: StoredTask } | { ok: false; refusal: Refusal };

/** A rule an order must pass before anything is acknowledged (who may spend, what is left). */
export type OrderCheck = (quote: Quote<unknown>) => Promise<Refusal | undefined>;

/** Where the task will show itself in Discord, decided after `check` and before `start`. */
export type Placement = Pick<Origin, 'statusMessageId' | 'interaction' | 'uploadLimitBytes'>;

/**
 * Stores a task with its price reserved, all or nothing, or says why it cannot start (a budget, the
 * store being unreachable: never fail open). The money rules live behind this port.
 */
export interface Admission {
  admit(task: Task, schedule: Schedule): Promise<Admitted>;
  /** Moves a stored task to another provider at that provider's price (failover), within the same rules. */
  reprice(current: StoredTask, next: Task): Promise<Admitted>;
}

export type Admitted = Started;
