// Discord's checks on a message body and its files, shared by channel and interaction routes.
import { apiError, json } from './http-io.ts';
import type { Reply } from './http-io.ts';
import type { UploadedFile } from './types.ts';

const MAX_CONTENT_LENGTH = 2000;

/** Discord's checks that bots trip over most: empty messages and over-long content. */
export function validateMessageBody(body: unknown, fileCount: number, isEdit = false): Reply | undefined {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const content = typeof b.content === 'string' ? b.content : '';
  if (content.length > MAX_CONTENT_LENGTH) {
    return json(400, {
      message: 'Invalid Form Body',
      code: 50035,
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${MAX_CONTENT_LENGTH} or fewer in length.` }] } },
    });
  }
  const hasSomething = content.length > 0 || nonEmpty(b.embeds) || nonEmpty(b.components) || nonEmpty(b.sticker_ids) || fileCount > 0 || b.poll !== undefined;
  if (!isEdit && !hasSomething) return apiError(400, 'Cannot send an empty message', 50006);
  return undefined;
}

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/**
 * The upload limit applies to each file of a request (https://discord.com/developers/docs/reference#uploading-files);
 * over it Discord answers 413 with code 40005 (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json).
 */
export function checkUploadSizes(files: UploadedFile[], limit: number): Reply | undefined {
  return files.some((f) => f.bytes.byteLength > limit) ? apiError(413, 'Request entity too large', 40005) : undefined;
}
