import type { FailureKind } from '../../domain/task.ts';
import { kindFromStatus, ProviderError } from '../provider-error.ts';
import { klingEnvelopeSchema } from './kling-wire.ts';

/** Kling's envelope on every answer: `{code, message, request_id, data}`; code 0 = success. */
export interface KlingEnvelope {
  code?: number;
  message?: string;
  requestId?: string;
  data?: unknown;
}

/**
 * Error codes that mean "try again later": rate, concurrency, server side (the error-code table of
 * https://app.klingai.com/global/dev/document-api/apiReference/commonInfo).
 */
export const BUSY_CODES: ReadonlySet<number> = new Set([1302, 1303, 5000, 5001, 5002]);
/** Codes about the token itself: a cached JWT is dropped when one of them comes back. */
export const TOKEN_CODES: ReadonlySet<number> = new Set([1000, 1001, 1002, 1003, 1004]);

/** Kling request fields → the /video option a user can change (for 1200/1201 messages). */
const FIELD_OPTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bnegative_prompt\b/, 'negative_prompt'],
  [/\bmulti_prompt\b|\bshot_type\b|\bmulti_shot\b/, 'shots'],
  [/\bimage_tail\b|\bend_frame\b/, 'last_frame'],
  [/\bimage_list\b|\bimage\b|\bfirst_frame\b/, 'first_frame'],
  [/\belement_list\b|\belement_id\b/, 'element'],
  [/\bvideo_list\b|\bvideo_url\b/, 'reference_video'],
  [/\bduration\b/, 'duration'],
  [/\baspect_ratio\b/, 'aspect_ratio'],
  [/\bsound\b/, 'sound'],
  [/\bmodel_name\b|\bmode\b/, 'model'],
  [/\bprompt\b/, 'prompt'],
];

/** Classes by Kling's code (the error-code table, see BUSY_CODES); the HTTP status decides when there is no code. */
function klingErrorKind(code: number | undefined, status: number): FailureKind {
  if (code === undefined) return kindFromStatus(status);
  if (code >= 1000 && code <= 1004) return 'auth';
  if (code >= 1100 && code <= 1102) return 'balance';
  if (code === 1103 || code === 1304) return 'auth';
  if (code === 1200 || code === 1201) return 'invalid_parameter';
  if (code === 1202 || code === 1203) return 'not_found';
  if (code === 1300 || code === 1301) return 'content_policy';
  if (code === 1302 || code === 1303) return 'rate_limit';
  if (code >= 5000 && code <= 5099) return 'server';
  return kindFromStatus(status);
}

/** 1103: the account may not use this API or model. Said plainly, since topping up does not help. */
export class KlingNoModelAccess extends ProviderError {
  override readonly userMessage = 'This Kling AI account has no access to that model. Try another model, or ask an admin to enable it.';
}

/** The option named by a 1200/1201 message, when exactly one known field is mentioned. */
function optionFromMessage(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const text = message.toLowerCase();
  const hits = new Set(FIELD_OPTIONS.filter(([pattern]) => pattern.test(text)).map(([, option]) => option));
  // "prompt" is often mentioned in passing: a more specific field wins.
  if (hits.size > 1) hits.delete('prompt');
  return hits.size === 1 ? [...hits][0] : undefined;
}

/** A Kling error answer as a ProviderError; Kling's own message goes to the log detail only. */
export function klingError(status: number, envelope: KlingEnvelope): ProviderError {
  const code = envelope.code;
  const kind = klingErrorKind(code, status);
  const detail = `Kling HTTP ${status} code ${code ?? 'none'}: ${envelope.message ?? 'no message'}${envelope.requestId ? ` (request ${envelope.requestId})` : ''}`;
  // Retryable = rate_limit (1302/1303, bare 429) or server (5000–5002, bare 5xx): ProviderError's default.
  const input = { kind, status, code: code === undefined ? undefined : String(code), detail };
  if (code === 1103) return new KlingNoModelAccess(input);
  if (kind === 'invalid_parameter') return new ProviderError({ ...input, parameter: optionFromMessage(envelope.message) });
  return new ProviderError(input);
}

/** Reads the envelope fields of any answer body (a string body becomes the message). */
export function readEnvelope(body: unknown): KlingEnvelope {
  if (typeof body === 'string') return { message: body.slice(0, 200) };
  const parsed = klingEnvelopeSchema.safeParse(body);
  if (!parsed.success) return {};
  const { code, message, request_id: requestId, data } = parsed.data;
  return { code, message, requestId, data };
}

/** "Kling does not know this task": HTTP 404, code 1202/1203, or a 1201 whose message says so. */
export function isNotFoundAnswer(status: number, envelope: KlingEnvelope): boolean {
  if (envelope.code === 1202 || envelope.code === 1203) return true;
  if (envelope.code === 1201 && /not (be )?found|not exist|does ?n[o']t exist|no such/i.test(envelope.message ?? '')) return true;
  return status === 404 && (envelope.code === undefined || envelope.code !== 0);
}

/** A create refused because our external_task_id was used before: the earlier attempt did land. */
export function isDuplicateExternalId(envelope: KlingEnvelope): boolean {
  return (
    envelope.code === 1201 && /external_task_id/i.test(envelope.message ?? '') && /exist|duplicat|already|repeat|used|unique/i.test(envelope.message ?? '')
  );
}
