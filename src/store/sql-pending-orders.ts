import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

export type TakeOutcome = { ok: true; data: unknown } | { ok: false; reason: 'expired' | 'not_yours' | 'used' | 'unknown' };

/**
 * Orders waiting for the member's Start (the confirmation above a price). Kept in the store, not in
 * memory, so the buttons work after a restart; handed out once, to the member who asked, in time.
 */
export class SqlPendingOrders {
  readonly #db: Kysely<Schema>;

  constructor(db: Kysely<Schema>) {
    this.#db = db;
  }

  async save(entry: { userId: string; expiresAt: number; data: unknown }): Promise<string> {
    const id = randomBytes(9).toString('base64url');
    await this.#db
      .insertInto('pending_orders')
      .values({ id, user_id: entry.userId, state: 'pending', expires_at: entry.expiresAt, data: JSON.stringify(entry.data) })
      .execute();
    return id;
  }

  /** The member pressed Start: the order, once, if it is theirs and has not expired. */
  async take(id: string, userId: string, now: number): Promise<TakeOutcome> {
    const taken = await this.#db
      .updateTable('pending_orders')
      .set({ state: 'started' })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('state', '=', 'pending')
      .where('expires_at', '>', now)
      .returning('data')
      .executeTakeFirst();
    if (taken) return { ok: true, data: JSON.parse(taken.data) as unknown };
    return { ok: false, reason: await this.#why(id, userId, now) };
  }

  /** Cancel: resolves false (with why) when it was not the member's or no longer pending. */
  async cancel(id: string, userId: string, now: number): Promise<TakeOutcome> {
    const cancelled = await this.#db
      .updateTable('pending_orders')
      .set({ state: 'cancelled' })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('state', '=', 'pending')
      .returning('data')
      .executeTakeFirst();
    if (cancelled) return { ok: true, data: JSON.parse(cancelled.data) as unknown };
    return { ok: false, reason: await this.#why(id, userId, now) };
  }

  /** Deletes orders that expired (housekeeping; nothing was ever reserved for them). */
  async pruneExpired(before: number): Promise<void> {
    await this.#db.deleteFrom('pending_orders').where('expires_at', '<', before).execute();
  }

  async #why(id: string, userId: string, now: number): Promise<'expired' | 'not_yours' | 'used' | 'unknown'> {
    const row = await this.#db.selectFrom('pending_orders').select(['user_id', 'state', 'expires_at']).where('id', '=', id).executeTakeFirst();
    if (!row) return 'unknown';
    if (row.user_id !== userId) return 'not_yours';
    if (row.state !== 'pending') return 'used';
    return row.expires_at <= now ? 'expired' : 'used';
  }
}
