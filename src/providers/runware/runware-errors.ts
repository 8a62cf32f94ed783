import type { FailureKind } from '../../domain/task.ts';
import { kindFromStatus, ProviderError } from '../provider-error.ts';
import { wireObject } from '../wire-values.ts';
import { runwareEnvelopeSchema, runwareErrorSchema, type RunwareErrorWire } from './runware-wire.ts';

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
  if (typeof body === 'string') return body !== '' ? [{ message: body.slice(0, 200) }] : [];
  if (!wireObject.safeParse(body).success) return [];
  const envelope = runwareEnvelopeSchema.parse(body);
  const out = envelope.errors.map(flattenError);
  if (envelope.error) out.push({ ...flattenError(envelope.error), taskUUID: envelope.taskUUID ?? envelope.error.taskUUID });
  return out;
}

/** An error item (or a task item with status "error") whose fields may sit in a nested `error`. */
export function toErrorItem(value: unknown): RunwareErrorItem {
  const parsed = runwareErrorSchema.safeParse(value);
  return parsed.success ? flattenError(parsed.data) : {};
}

function flattenError(value: RunwareErrorWire): RunwareErrorItem {
  const nested = value.error;
  return {
    code: value.code ?? nested?.code,
    message: value.message ?? nested?.message,
    parameter: value.parameter ?? nested?.parameter,
    taskUUID: value.taskUUID,
  };
}
