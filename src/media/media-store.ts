import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ImageRef } from '../domain/request.ts';
import type { MediaAccess } from '../providers/provider.ts';
import type { Schema } from '../store/schema.ts';

/**
 * Runware deletes uploads 30 days after their last use (https://runware.ai/docs/utilities/image-upload);
 * elements must work for months, so a copy older than this is uploaded again from the kept bytes.
 */
const PROVIDER_COPY_MAX_AGE_MS = 25 * 24 * 60 * 60 * 1000;

/**
 * Keeps the bytes of every image a request uses (as binary, in the `media` table), so tasks and
 * reruns never depend on a Discord attachment URL that expires after some hours. Content-addressed:
 * same bytes, one row. Images of saved elements are pinned; others go when retention says so.
 */
export class MediaStore implements MediaAccess {
  readonly #db: Kysely<Schema>;
  readonly #now: () => number;

  constructor(db: Kysely<Schema>, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  async save(bytes: Uint8Array, meta: Omit<ImageRef, 'mediaId' | 'bytes'>): Promise<ImageRef> {
    const mediaId = createHash('sha256').update(bytes).digest('hex');
    const now = this.#now();
    await this.#db
      .insertInto('media')
      .values({ id: mediaId, content_type: meta.contentType, bytes, size: bytes.byteLength, created_at: now, used_at: now, pinned: 0 })
      .onConflict((c) => c.column('id').doUpdateSet({ used_at: now }))
      .execute();
    return { ...meta, mediaId, bytes: bytes.byteLength };
  }

  async read(ref: ImageRef): Promise<Uint8Array> {
    const row = await this.#db.selectFrom('media').select('bytes').where('id', '=', ref.mediaId).executeTakeFirst();
    if (!row) throw new Error(`media ${ref.mediaId} is missing from the store`);
    return row.bytes;
  }

  /** Marks images as in use now (a task was made with them), so retention counts from today. */
  async touch(refs: ImageRef[]): Promise<void> {
    if (refs.length === 0) return;
    await this.#db
      .updateTable('media')
      .set({ used_at: this.#now() })
      .where(
        'id',
        'in',
        refs.map((r) => r.mediaId),
      )
      .execute();
  }

  /** Keeps images for as long as the bot runs (a saved element uses them). */
  async pin(refs: ImageRef[]): Promise<void> {
    if (refs.length === 0) return;
    await this.#db
      .updateTable('media')
      .set({ pinned: 1 })
      .where(
        'id',
        'in',
        refs.map((r) => r.mediaId),
      )
      .execute();
  }

  async providerCopy(ref: ImageRef, provider: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('media_copies')
      .select(['copy_id', 'made_at'])
      .where('media_id', '=', ref.mediaId)
      .where('provider', '=', provider)
      .executeTakeFirst();
    // made_at 0: a copy from before copies were dated, trusted as it always was.
    if (!row || (row.made_at !== 0 && this.#now() - row.made_at >= PROVIDER_COPY_MAX_AGE_MS)) return undefined;
    return row.copy_id;
  }

  async rememberProviderCopy(ref: ImageRef, provider: string, id: string): Promise<void> {
    const made_at = this.#now();
    await this.#db
      .insertInto('media_copies')
      .values({ media_id: ref.mediaId, provider, copy_id: id, made_at })
      .onConflict((c) => c.columns(['media_id', 'provider']).doUpdateSet({ copy_id: id, made_at }))
      .execute();
  }

  /** Deletes unpinned images no task has used since `before`; resolves with how many went. */
  async pruneUnused(before: number): Promise<number> {
    const gone = await this.#db.deleteFrom('media').where('pinned', '=', 0).where('used_at', '<', before).executeTakeFirst();
    await this.#db
      .deleteFrom('media_copies')
      .where('media_id', 'not in', (eb) => eb.selectFrom('media').select('id'))
      .execute();
    return Number(gone.numDeletedRows);
  }
}
