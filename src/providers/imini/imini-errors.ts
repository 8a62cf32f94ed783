import type { VideoRequest } from '../../domain/request.ts';
import type { FailureKind, TaskFailure } from '../../domain/task.ts';
import { kindFromStatus, ProviderError } from '../provider-error.ts';
import { wireObject } from '../wire-values.ts';
import { errorFieldsSchema } from './imini-wire.ts';

/** An imini error, whatever the body looked like. The docs mention a "unified structure" but do not show it. */
export interface IminiErrorInfo {
  code?: string;
  message?: string;
  /** The request field at fault, when the body names one (`param`, `parameter` or `field`). */
  param?: string;
}

const CONTENT = /safety|sensitive|policy|moderat|nsfw|violat|inappropriate|prohibited/i;
const BALANCE = /balance|credit|insufficient|payment|arrear/i;
const AUTH = /unauthori[sz]ed|api[ _-]?key|authenticat|forbidden|permission/i;
const BUSY = /rate ?limit|too many|throttl/i;
const SERVER = /time ?out|timed out|internal|upstream|server|busy|unavailable/i;
const INVALID = /invalid|parameter|unsupported|must|required|not allowed|exceed/i;

/** imini request fields → the /video option a user can change. */
const OPTIONS: Record<string, string> = {
  prompt: 'prompt',
  duration: 'duration',
  aspect_ratio: 'aspect_ratio',
  resolution: 'model',
  model: 'model',
  generate_audio: 'sound',
  'extra_params.multi_prompt': 'shots',
  multi_prompt: 'shots',
  reference_videos: 'reference_video',
};

/**
 * Every error body shape accepted: `{error:{code,message}}`, `{error:"…"}`, `{code,message}`,
 * `{message}`, `{msg}`, `{detail}`, a `{data:{…}}` wrapper, or a plain text body.
 */
export function extractIminiError(body: unknown): IminiErrorInfo {
  if (typeof body === 'string') return body.trim() ? { message: body.trim().slice(0, 300) } : {};
  const record = wireObject.safeParse(body);
  if (!record.success) return {};
  const { error, data } = record.data;
  if (typeof error === 'string') return { ...fields(record.data), message: error };
  if (wireObject.safeParse(error).success) return { ...fields(record.data), ...defined(fields(error)) };
  if (wireObject.safeParse(data).success && !('message' in record.data) && !('code' in record.data)) return extractIminiError(data);
  return fields(record.data);
}

function fields(value: unknown): IminiErrorInfo {
  const parsed = errorFieldsSchema.safeParse(value);
  if (!parsed.success) return {};
  const f = parsed.data;
  return { code: f.code ?? f.type, message: f.message ?? f.msg ?? f.detail, param: f.param ?? f.parameter ?? f.field };
}

function defined(info: IminiErrorInfo): IminiErrorInfo {
  return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined)) as IminiErrorInfo;
}

function describe(info: IminiErrorInfo): string {
  return `${info.code ?? 'error'}: ${(info.message ?? 'no message').slice(0, 300)}${info.param ? ` (param ${info.param})` : ''}`;
}

/**
 * An HTTP error answer. The status decides (https://docs.imini.ai/en/guide/getting-started: 400 invalid
 * or blocked by content safety, 401 key, 402 credits, 404 missing or expired, 429 quota, 500 platform, 502 upstream);
 * a 400 whose text speaks of safety/sensitive/policy is a content refusal.
 * Retryable: 429, 500, 502, 503 only — answers that say the request failed, so nothing was created.
 * A 504 is a gateway giving up on an answer that may still come: the task may exist, so never retried.
 */
export function iminiHttpError(status: number, body: unknown, request?: VideoRequest): ProviderError {
  const info = extractIminiError(body);
  const words = `${info.code ?? ''} ${info.message ?? ''}`;
  let kind: FailureKind = kindFromStatus(status);
  if ((status === 400 || status === 422) && CONTENT.test(words)) kind = 'content_policy';
  const parameter = kind === 'invalid_parameter' && info.param ? optionFor(info.param, request) : undefined;
  return new ProviderError({
    kind,
    status,
    code: info.code,
    parameter,
    detail: `imini HTTP ${status} ${describe(info)}${status === 504 ? ' (gateway time-out: the task may exist, not resubmitted)' : ''}`,
    retryable: [429, 500, 502, 503].includes(status),
  });
}

function optionFor(param: string, request: VideoRequest | undefined): string | undefined {
  if (param.startsWith('reference_images')) return request?.referenceImages?.length ? 'reference_image' : 'first_frame';
  if (param.startsWith('extra_params')) return 'shots';
  return OPTIONS[param];
}

/** Classifies a failed task's `error` (a string or an object of unknown shape) by its words. */
export function iminiTaskFailure(error: unknown): TaskFailure {
  const info = typeof error === 'string' ? { message: error } : extractIminiError(error);
  const words = `${info.code ?? ''} ${info.message ?? ''}`;
  let kind: FailureKind = 'unknown';
  if (CONTENT.test(words)) kind = 'content_policy';
  else if (BALANCE.test(words)) kind = 'balance';
  else if (AUTH.test(words)) kind = 'auth';
  else if (BUSY.test(words)) kind = 'rate_limit';
  else if (SERVER.test(words)) kind = 'server';
  else if (INVALID.test(words)) kind = 'invalid_parameter';
  const mapped = new ProviderError({ kind, detail: `imini task failed ${describe(info)}` });
  return { kind, userMessage: mapped.userMessage, detail: mapped.message };
}
