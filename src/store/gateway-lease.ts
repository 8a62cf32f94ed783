import pg from 'pg';
import { lockKeyFor, postgresTarget } from './gateway-lock-key.ts';
import type { Logger } from '../logging/log.ts';

export type GatewayLeaseState = 'held' | 'standby' | 'stopped';

export interface GatewayLeaseOptions {
  /** The bot's STORE_URL. SQLite and memory:// mean one process: the lease is always held. */
  storeUrl: string;
  /** What the lease is for; with the database and `?schema=` it makes the lock key. */
  key?: string;
  /** How often a standby process tries to take the lease, and the holder checks its connection. */
  retryMs?: number;
  log: Logger;
}

const DEFAULT_KEY = 'kling-video-bot:gateway';
const DEFAULT_RETRY_MS = 2000;
/** How long stop() waits for a step under way (a login) before releasing anyway. */
const STOP_WAIT_MS = 3000;

/**
 * Exactly one process holds the Discord gateway at a time. On PostgreSQL the lease is a session-level
 * advisory lock (`pg_try_advisory_lock`) held on a connection of its own
 * (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS): when the holder dies,
 * even by kill -9, its connection closes and PostgreSQL frees the lock at once, and a standby process,
 * which tries every `retryMs`, takes over. When the holder's lock connection errors, ends or stops
 * answering, `onLost` runs at once (stop using the gateway) and the process goes back to standby.
 * Callbacks never overlap: `onLost` finishes before the next `onAcquired` starts.
 * The lock connection must reach PostgreSQL directly (not through a transaction-pooling proxy).
 */
export class GatewayLease {
  /** The advisory lock's 64-bit key (decimal), or undefined on SQLite. */
  readonly lockKey: string | undefined;
  readonly #connectionString: string | undefined;
  readonly #retryMs: number;
  readonly #log: Logger;
  #state: GatewayLeaseState = 'standby';
  #started = false;
  /** Said once per spell of waiting, not at every try. */
  #saidStandby = false;
  #client: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Attempts and callbacks, one after another. */
  #work: Promise<void> = Promise.resolve();
  #onAcquired: () => Promise<void> = async () => undefined;
  #onLost: () => Promise<void> = async () => undefined;

  constructor(options: GatewayLeaseOptions) {
    this.#retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
    this.#log = options.log;
    const target = postgresTarget(options.storeUrl);
    this.#connectionString = target?.connectionString;
    this.lockKey = target ? lockKeyFor(`${options.key ?? DEFAULT_KEY}:${target.database}:${target.schema}`) : undefined;
  }

  get state(): GatewayLeaseState {
    return this.#state;
  }

  get held(): boolean {
    return this.#state === 'held';
  }

  /** Begins holding or waiting for the lease; `onAcquired` runs each time this process takes it. */
  start(onAcquired: () => Promise<void>, onLost: () => Promise<void>): void {
    if (this.#started) throw new Error('GatewayLease.start() was called twice');
    this.#started = true;
    this.#onAcquired = onAcquired;
    this.#onLost = onLost;
    if (this.lockKey === undefined) {
      this.#state = 'held'; // one process owns a SQLite file
      this.#enqueue(() => this.#acquired());
      return;
    }
    this.#enqueue(() => this.#attempt());
  }

  /** Resolves once the steps queued so far (the first try, and `onAcquired` when it took the lease) are done. */
  settled(): Promise<void> {
    return this.#work;
  }

  /**
   * Releases the lease (the process stops); no callback runs after this. A step under way (a try,
   * `onAcquired` connecting) may finish first, then `beforeRelease` runs while the lock is still
   * held — leave the gateway there, so that the process taking over never overlaps with this one.
   */
  async stop(beforeRelease?: () => Promise<void>): Promise<void> {
    this.#state = 'stopped';
    clearTimeout(this.#timer);
    let late: NodeJS.Timeout | undefined;
    await Promise.race([this.#work, new Promise((resolve) => (late = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(late);
    await beforeRelease?.().catch((error: unknown) => this.#log.error({ err: error }, 'leaving the gateway failed'));
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    // Ending the session frees the lock too; unlocking first frees it even if the end is slow.
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end().catch(() => undefined);
  }

  #enqueue(step: () => Promise<void>): void {
    this.#work = this.#work.then(step).catch((error: unknown) => this.#log.error({ err: error }, 'gateway lease step failed'));
  }

  #later(step: () => Promise<void>): void {
    clearTimeout(this.#timer);
    if (this.#state === 'stopped') return;
    this.#timer = setTimeout(() => this.#enqueue(step), this.#retryMs);
  }

  /** One try at taking the lock (standby). */
  async #attempt(): Promise<void> {
    if (this.#state !== 'standby') return;
    try {
      const client = this.#client ?? (await this.#connect());
      if (this.#state !== 'standby' || client !== this.#client) return;
      const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [this.lockKey]);
      if (this.#state !== 'standby' || client !== this.#client) return;
      if (result.rows[0]?.locked === true) {
        this.#state = 'held';
        this.#saidStandby = false;
        this.#log.info({ lockKey: this.lockKey }, 'took the gateway lease: this process connects to Discord');
        this.#later(() => this.#heartbeat(client));
        await this.#acquired();
        return;
      }
      if (!this.#saidStandby) this.#log.info({ lockKey: this.lockKey }, 'another process holds the gateway lease; standing by');
      this.#saidStandby = true;
    } catch (error) {
      this.#log.debug({ err: error }, 'gateway lease: could not try the lock; trying again');
      this.#drop(this.#client);
    }
    this.#later(() => this.#attempt());
  }

  async #acquired(): Promise<void> {
    try {
      await this.#onAcquired();
    } catch (error) {
      if (this.#state !== 'held') return;
      this.#log.error({ err: error }, 'starting the gateway failed; releasing the lease');
      await this.#lost(this.#client);
    }
  }

  /** The holder's check that its lock connection still answers. */
  async #heartbeat(client: pg.Client): Promise<void> {
    if (this.#state !== 'held' || client !== this.#client) return;
    try {
      await client.query('SELECT 1');
    } catch (error) {
      if (client !== this.#client) return;
      this.#log.warn({ err: error }, 'gateway lease connection stopped answering');
      await this.#lost(client);
      return;
    }
    this.#later(() => this.#heartbeat(client));
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.#connectionString,
      application_name: 'kling-video-bot gateway lease',
      connectionTimeoutMillis: Math.max(this.#retryMs, 5000),
      query_timeout: Math.max(this.#retryMs * 2, 5000),
      keepAlive: true,
    });
    const gone = (reason: unknown) => void this.#connectionGone(client, reason);
    client.on('error', gone);
    client.on('end', () => gone('connection ended'));
    this.#client = client;
    try {
      await client.connect();
    } catch (error) {
      this.#drop(client);
      throw error;
    }
    // Lets the server notice a holder whose host vanished without closing the connection (power loss),
    // so the lock does not stay taken for the operating system's default two hours.
    await client.query('SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3').catch(() => undefined);
    return client;
  }

  #connectionGone(client: pg.Client, reason: unknown): void {
    if (client !== this.#client) return;
    if (this.#state === 'held') {
      this.#log.warn({ err: reason }, 'gateway lease connection lost');
      this.#state = 'standby';
      clearTimeout(this.#timer);
      this.#enqueue(() => this.#lost(client));
    } else this.#drop(client);
  }

  /** Gives the lease up: the connection is closed (freeing the lock), `onLost` runs, then standby again. */
  async #lost(client: pg.Client | undefined): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'standby';
    clearTimeout(this.#timer);
    this.#drop(client);
    try {
      await this.#onLost();
    } catch (error) {
      this.#log.error({ err: error }, 'stopping the gateway after losing the lease failed');
    }
    this.#later(() => this.#attempt());
  }

  #drop(client: pg.Client | undefined): void {
    if (client === undefined) return;
    if (client === this.#client) this.#client = undefined;
    client.end().catch(() => undefined);
  }
}
