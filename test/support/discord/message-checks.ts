// Discord's checks on a message body and its files, shared by channel and interaction routes.
import { apiError, json } from './http-io.ts';
import type { Reply } from './http-io.ts';
import type { UploadedFile } from './types.ts';

const MAX_CONTENT_LENGTH = 2000;

/**
 * Embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits): per
 * field, and 6000 characters over every embed's title, description, field names and values, footer
 * text and author name together.
 */
const EMBED_LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256, total: 6000, embeds: 10 };

/** Discord's checks that bots trip over most: empty messages, over-long content and embeds over their limits. */
export function validateMessageBody(body: unknown, fileCount: number, isEdit = false): Reply | undefined {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const content = typeof b.content === 'string' ? b.content : '';
  if (content.length > MAX_CONTENT_LENGTH) return formError({ content: tooLong(MAX_CONTENT_LENGTH) });
  const embedProblem = Array.isArray(b.embeds) ? checkEmbeds(b.embeds) : undefined;
  if (embedProblem) return embedProblem;
  const hasSomething = content.length > 0 || nonEmpty(b.embeds) || nonEmpty(b.components) || nonEmpty(b.sticker_ids) || fileCount > 0 || b.poll !== undefined;
  if (!isEdit && !hasSomething) return apiError(400, 'Cannot send an empty message', 50006);
  return undefined;
}

function formError(errors: Record<string, unknown>): Reply {
  return json(400, { message: 'Invalid Form Body', code: 50035, errors });
}

function tooLong(max: number): { _errors: Array<{ code: string; message: string }> } {
  return { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }] };
}

function checkEmbeds(embeds: unknown[]): Reply | undefined {
  const L = EMBED_LIMITS;
  if (embeds.length > L.embeds)
    return formError({ embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${L.embeds} or fewer in length.` }] } });
  let total = 0;
  for (const [i, raw] of embeds.entries()) {
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const fields = Array.isArray(e.fields) ? (e.fields as Array<Record<string, unknown>>) : [];
    const parts: Array<[string, string, number]> = [
      ['title', text(e.title), L.title],
      ['description', text(e.description), L.description],
      ['footer', text((e.footer as Record<string, unknown> | undefined)?.text), L.footer],
      ['author', text((e.author as Record<string, unknown> | undefined)?.name), L.author],
      ...fields.flatMap((f, n): Array<[string, string, number]> => [
        [`fields.${n}.name`, text(f.name), L.fieldName],
        [`fields.${n}.value`, text(f.value), L.fieldValue],
      ]),
    ];
    if (fields.length > L.fields) return formError({ embeds: { [i]: { fields: tooLong(L.fields) } } });
    for (const [name, value, max] of parts) {
      if (value.length > max) return formError({ embeds: { [i]: { [name]: tooLong(max) } } });
      total += value.length;
    }
  }
  if (total > L.total)
    return formError({ embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${L.total}` }] } });
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
