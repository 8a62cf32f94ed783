import { imageSize } from 'image-size';
import { request } from 'undici';
import { checkImageFacts, IMAGE_RULES, normaliseImageType, type ImageFacts } from '../domain/image-rules.ts';
import type { ImageRef } from '../domain/request.ts';
import type { MediaStore } from './media-store.ts';

export interface AttachmentFacts extends ImageFacts {
  url: string;
}

export type IntakeResult = { ok: true; image: ImageRef } | { ok: false; problem: string };

/** Checks what Discord says about an attachment, before anything is downloaded. */
export function precheckAttachment(facts: AttachmentFacts): string | null {
  return checkImageFacts(facts);
}

/**
 * Downloads an attachment (at most 10 MB), reads its real type and size from the image header,
 * checks it against the frame rules and keeps its bytes in the media store.
 */
export async function intakeImage(facts: AttachmentFacts, media: MediaStore): Promise<IntakeResult> {
  const early = checkImageFacts(facts);
  if (early) return { ok: false, problem: early };
  const bytes = await download(facts.url);
  if (!bytes) return { ok: false, problem: `could not be downloaded from Discord (\`${facts.filename}\`): please attach it again` };
  if (bytes.byteLength > IMAGE_RULES.maxBytes) return { ok: false, problem: checkImageFacts({ ...facts, bytes: bytes.byteLength }) ?? 'is too large' };
  let header: { width?: number; height?: number; type?: string };
  try {
    header = imageSize(bytes);
  } catch {
    return { ok: false, problem: `is not a readable JPG or PNG image (\`${facts.filename}\`)` };
  }
  const realType = normaliseImageType({ filename: facts.filename, contentType: header.type === 'jpg' ? 'image/jpeg' : `image/${header.type}` });
  const real = {
    filename: facts.filename,
    contentType: realType ?? `image/${header.type}`,
    bytes: bytes.byteLength,
    width: header.width,
    height: header.height,
  };
  const problem = checkImageFacts(real);
  if (problem) return { ok: false, problem };
  if (!realType || !header.width || !header.height) return { ok: false, problem: `is not a readable JPG or PNG image (\`${facts.filename}\`)` };
  const image = await media.save(bytes, { contentType: realType, width: header.width, height: header.height, filename: facts.filename });
  return { ok: true, image };
}

async function download(url: string): Promise<Uint8Array | null> {
  try {
    const response = await request(url, { method: 'GET', headersTimeout: 15_000, bodyTimeout: 30_000 });
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await response.body.dump();
      return null;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of response.body) {
      total += (chunk as Buffer).byteLength;
      chunks.push(chunk as Buffer);
      if (total > IMAGE_RULES.maxBytes) {
        response.body.destroy();
        break;
      }
    }
    return Buffer.concat(chunks);
  } catch {
    return null;
  }
}
