import { createHash } from 'node:crypto';
import type Keyv from 'keyv';
import type { ImageRef } from '../domain/request.ts';
import type { MediaAccess } from '../providers/provider.ts';

interface StoredMedia {
  contentType: string;
  base64: string;
  /** provider name → that provider's id for the same bytes (e.g. a Runware imageUUID) and when it was made */
  providerCopies: Record<string, string | { id: string; at: number }>;
}

/**
 * Runware deletes uploads 30 days after their last use; elements must work for months, so a copy
 * older than this is uploaded again from the kept bytes.
 */
const PROVIDER_COPY_MAX_AGE_MS = 25 * 24 * 60 * 60 * 1000;

/**
 * Keeps the bytes of every image a request uses, so tasks and reruns never depend on a
 * Discord attachment URL that expires after some hours. Content-addressed: same bytes, one entry.
 */
export class MediaStore implements MediaAccess {
  readonly #kv: Keyv;

  constructor(kv: Keyv) {
    this.#kv = kv;
  }

  async save(bytes: Uint8Array, meta: Omit<ImageRef, 'mediaId' | 'bytes'>): Promise<ImageRef> {
    const mediaId = createHash('sha256').update(bytes).digest('hex');
    const key = `media:${mediaId}`;
    if (!(await this.#kv.has(key))) {
      const record: StoredMedia = { contentType: meta.contentType, base64: Buffer.from(bytes).toString('base64'), providerCopies: {} };
      await this.#kv.set(key, record);
    }
    return { ...meta, mediaId, bytes: bytes.byteLength };
  }

  async read(ref: ImageRef): Promise<Uint8Array> {
    const record = await this.#record(ref);
    return Buffer.from(record.base64, 'base64');
  }

  async providerCopy(ref: ImageRef, provider: string, now = Date.now()): Promise<string | undefined> {
    const copy = (await this.#record(ref)).providerCopies[provider];
    if (copy === undefined || typeof copy === 'string') return copy;
    return now - copy.at < PROVIDER_COPY_MAX_AGE_MS ? copy.id : undefined;
  }

  async rememberProviderCopy(ref: ImageRef, provider: string, id: string, now = Date.now()): Promise<void> {
    const record = await this.#record(ref);
    await this.#kv.set(`media:${ref.mediaId}`, { ...record, providerCopies: { ...record.providerCopies, [provider]: { id, at: now } } });
  }

  async #record(ref: ImageRef): Promise<StoredMedia> {
    const record = await this.#kv.get<StoredMedia>(`media:${ref.mediaId}`);
    if (!record) throw new Error(`media ${ref.mediaId} is missing from the store`);
    return record;
  }
}
