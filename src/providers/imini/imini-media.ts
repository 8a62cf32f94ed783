import type { ImageRef } from '../../domain/request.ts';
import type { MediaAccess } from '../provider.ts';

/**
 * How an image the bot keeps reaches imini. imini takes image URLs only and documents no upload
 * endpoint, so the bytes go inline as a `data:` URI in `reference_images[].url`.
 * UNCONFIRMED: the docs only show https URLs; a data URI is the one form that does not depend on a
 * Discord attachment URL that expires (reruns hours later). If imini refuses data URIs, swap this
 * one function for one that hosts the bytes and returns an https URL.
 */
export async function iminiImageUrl(ref: ImageRef, media: MediaAccess): Promise<string> {
  const bytes = await media.read(ref);
  return `data:${ref.contentType};base64,${Buffer.from(bytes).toString('base64')}`;
}
