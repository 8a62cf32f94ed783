/**
 * The tables the bot keeps, as Kysely sees them (https://kysely.dev/docs/getting-started#types).
 * Times are Unix milliseconds; money is integer micro-dollars (1 USD = 1,000,000) so sums are exact;
 * flags are 0/1 integers, so SQLite and PostgreSQL read them alike.
 */
export interface Schema {
  tasks: TasksTable;
  message_links: MessageLinksTable;
  media: MediaTable;
  media_copies: MediaCopiesTable;
  keyv: KeyvTable;
  charges: ChargesTable;
  ledger_entries: LedgerEntriesTable;
  budgets: BudgetsTable;
  budget_raises: BudgetRaisesTable;
  budget_alerts: BudgetAlertsTable;
  spend_requests: SpendRequestsTable;
  pending_orders: PendingOrdersTable;
}

export interface TasksTable {
  id: string;
  guild_id: string | null;
  channel_id: string;
  user_id: string;
  provider: string;
  status: string;
  /** 1 until the outcome is in Discord. */
  open: number;
  created_at: number;
  completed_at: number | null;
  /** When the poller should look at the task next; null = nothing to do. */
  due_at: number | null;
  /** The process that holds the task's work now, and until when. */
  lease_owner: string | null;
  lease_until: number | null;
  /** Bumped by every write: the compare-and-set token. */
  version: number;
  /** The whole task as JSON. */
  data: string;
}

export interface MessageLinksTable {
  message_id: string;
  task_id: string;
}

export interface MediaTable {
  /** sha256 of the bytes, hex. */
  id: string;
  content_type: string;
  bytes: Uint8Array;
  size: number;
  created_at: number;
  /** Last time a task or element used it (retention counts from here). */
  used_at: number;
  /** 1 while a saved element uses it: never pruned. */
  pinned: number;
}

export interface MediaCopiesTable {
  media_id: string;
  provider: string;
  copy_id: string;
  made_at: number;
}

/** Plain key-value records (settings, drafts, caches), read and written through keyv. */
export interface KeyvTable {
  key: string;
  value: string;
}

/** What a task costs the team: reserved when admitted, settled when it finishes (one row per task). */
export interface ChargesTable {
  task_id: string;
  guild_id: string | null;
  channel_id: string;
  user_id: string;
  /** The member's name when the task was made (for reports). */
  user_name: string | null;
  model: string;
  provider: string;
  duration_s: number;
  variants: number;
  /** When the money was reserved: the period a charge counts in. */
  created_at: number;
  state: 'reserved' | 'charged' | 'released';
  /** The task's status as last settled (running until it finishes). */
  outcome: string;
  /** Held while the task runs (0 once settled). */
  reserved_micros: number;
  /** What it cost once finished (0 for a failed task), null while running. */
  charged_micros: number | null;
  /** 1 when the charge is the bot's estimate (the provider reported no cost). */
  estimated: number;
  settled_at: number | null;
}

/** Every money movement, keyed by task and kind: a repeated webhook or a restart can never add a second one. */
export interface LedgerEntriesTable {
  task_id: string;
  /** reserve | reprice:<provider> | settle | release | legacy */
  kind: string;
  amount_micros: number;
  at: number;
}

export interface BudgetsTable {
  id: string;
  guild_id: string;
  scope: 'server' | 'channel' | 'role' | 'member';
  /** The guild, channel, role or member id. */
  target_id: string;
  period: 'day' | 'week' | 'month' | 'total';
  limit_micros: number;
  set_by: string;
  updated_at: number;
}

/** Approved "Ask for more": extra room in one period of one budget, for one member of an allowance. */
export interface BudgetRaisesTable {
  budget_id: string;
  period_start: number;
  /** The member, for an allowance (role or member budget); '' for a shared pool. */
  subject_id: string;
  amount_micros: number;
}

/** One alert per budget, period, subject (a member, for allowances) and threshold (80 or 100 %). */
export interface BudgetAlertsTable {
  budget_id: string;
  period_start: number;
  subject_id: string;
  threshold: number;
  at: number;
}

export interface SpendRequestsTable {
  id: string;
  guild_id: string;
  budget_id: string;
  user_id: string;
  amount_micros: number;
  state: 'pending' | 'approved' | 'denied';
  created_at: number;
  decided_by: string | null;
  decided_at: number | null;
}

/** A priced order waiting for the member's Start (confirmation above the server's threshold). */
export interface PendingOrdersTable {
  id: string;
  user_id: string;
  state: 'pending' | 'started' | 'cancelled';
  expires_at: number;
  data: string;
}
