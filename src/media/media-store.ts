import { createHash } from 'node:crypto';
import type Keyv from 'keyv';
import type { ImageRef } from '../domain/request.ts';
import type { MediaAccess } from '../providers/provider.ts';

interface StoredMedia {
  contentType: string;
  base64: string;
  /** provider name → that provider's id for the same bytes (e.g. a Runware imageUUID) */
  providerCopies: Record<string, string>;
}

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

  async providerCopy(ref: ImageRef, provider: string): Promise<string | undefined> {
    return (await this.#record(ref)).providerCopies[provider];
  }

  async rememberProviderCopy(ref: ImageRef, provider: string, id: string): Promise<void> {
    const record = await this.#record(ref);
    await this.#kv.set(`media:${ref.mediaId}`, { ...record, providerCopies: { ...record.providerCopies, [provider]: id } });
  }

  async #record(ref: ImageRef): Promise<StoredMedia> {
    const record = await this.#kv.get<StoredMedia>(`media:${ref.mediaId}`);
    if (!record) throw new Error(`media ${ref.mediaId} is missing from the store`);
    return record;
  }
}
