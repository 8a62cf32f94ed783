import type { FailureKind } from '../../domain/task.ts';
import { isObject, str } from '../json-fields.ts';
import { kindFromStatus, ProviderError } from '../provider-error.ts';

export { isObject, str };

/** One error as Runware sends it in `errors[]`, `error{}` or an item with status "error". */
export interface RunwareErrorItem {
  code?: string;
  message?: string;
  parameter?: string;
  taskUUID?: string;
}

/** Runware request fields → the /video option a user can change. */
const PARAMETER_OPTIONS: Record<string, string> = {
  positivePrompt: 'prompt',
  negativePrompt: 'negative_prompt',
  duration: 'duration',
  numberResults: 'variants',
  model: 'model',
  width: 'aspect_ratio',
  height: 'aspect_ratio',
  'inputs.frameImages': 'first_frame',
  frameImages: 'first_frame',
  'providerSettings.klingai.sound': 'sound',
};

/** Classifies by code text first (docs warn codes are still being standardised), then HTTP status. */
export function runwareErrorKind(item: RunwareErrorItem, status?: number): FailureKind {
  const code = `${item.code ?? ''} ${item.message ?? ''}`.toLowerCase();
  if (/apikey|api key|unauthori[sz]ed|authentication|permission/.test(code)) return 'auth';
  if (/credit|balance|insufficient|payment/.test(code)) return 'balance';
  if (/nsfw|content ?policy|contentpolicy|safety|moderation/.test(code)) return 'content_policy';
  if (/ratelimit|rate limit|too many|queue capacity/.test(code)) return 'rate_limit';
  if (/taskfailedornotfound|not found/.test(code)) return 'not_found';
  // A named parameter is something the user can change, whatever words its message contains.
  if (item.parameter || /^(invalid|unsupported)/.test(item.code ?? '')) return 'invalid_parameter';
  if (/timeout/.test(code)) return 'server';
  if (/inferenceerror|processingfailed|provider|internal|server/.test(code)) return 'server';
  if (/invalid|unsupported|must|required|allowed/.test(code)) return 'invalid_parameter';
  return status ? kindFromStatus(status) : 'unknown';
}

export function runwareError(item: RunwareErrorItem, status?: number): ProviderError {
  const kind = runwareErrorKind(item, status);
  const parameter = item.parameter ? (PARAMETER_OPTIONS[item.parameter] ?? item.parameter) : undefined;
  return new ProviderError({
    kind,
    status,
    code: item.code,
    parameter,
    detail: `Runware ${status ?? ''} ${item.code ?? 'error'}: ${item.message ?? 'no message'}${item.parameter ? ` (parameter ${item.parameter})` : ''}`,
    retryable: kind === 'rate_limit' || kind === 'server' || (status !== undefined && status >= 500),
  });
}

/** Every error form Runware uses: `{errors:[…]}`, `{error:{…}}` (SDK "pre-stream"), or a plain string body. */
export function extractErrors(body: unknown): RunwareErrorItem[] {
  if (body === null || typeof body !== 'object') {
    return typeof body === 'string' && body !== '' ? [{ message: body.slice(0, 200) }] : [];
  }
  const record = body as Record<string, unknown>;
  const out: RunwareErrorItem[] = [];
  if (Array.isArray(record.errors)) out.push(...record.errors.filter(isObject).map(toErrorItem));
  if (isObject(record.error)) out.push({ ...toErrorItem(record.error), taskUUID: str(record.taskUUID) ?? str(record.error.taskUUID) });
  return out;
}

export function toErrorItem(value: Record<string, unknown>): RunwareErrorItem {
  const nested = isObject(value.error) ? value.error : undefined;
  return {
    code: str(value.code) ?? str(nested?.code),
    message: str(value.message) ?? str(nested?.message),
    parameter: str(value.parameter) ?? str(nested?.parameter),
    taskUUID: str(value.taskUUID),
  };
}
