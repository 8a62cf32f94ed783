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
