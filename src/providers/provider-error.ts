import type { FailureKind } from '../domain/task.ts';

const USER_MESSAGES: Record<FailureKind, string> = {
  auth: 'The video provider rejected the bot’s API key. An admin needs to check the provider key.',
  balance: 'The video provider account is out of credit. An admin needs to top it up.',
  content_policy: 'The provider refused this request under its content policy. Try rewording the prompt or using other images.',
  invalid_parameter: 'The provider rejected a setting of this request.',
  rate_limit: 'The video provider is busy right now. Please try again in a few minutes.',
  server: 'The video provider had an internal error. Please try again later.',
  network: 'The bot could not reach the video provider. Please try again later.',
  timeout: 'The video took too long and was given up on.',
  not_found: 'The provider no longer knows this task.',
  unknown: 'The video provider could not make this video.',
};

/** A provider failure mapped to a class; `detail` is for logs only, `userMessage` for the channel. */
export class ProviderError extends Error {
  readonly kind: FailureKind;
  readonly retryable: boolean;
  readonly parameter: string | undefined;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly userMessage: string;

  constructor(input: { kind: FailureKind; detail: string; status?: number; code?: string; parameter?: string; retryable?: boolean }) {
    super(input.detail);
    this.name = 'ProviderError';
    this.kind = input.kind;
    this.status = input.status;
    this.code = input.code;
    this.parameter = input.parameter;
    this.retryable = input.retryable ?? ['rate_limit', 'server', 'network'].includes(input.kind);
    this.userMessage = userMessageFor(input.kind, input.parameter);
  }
}

export function userMessageFor(kind: FailureKind, parameter?: string): string {
  if (kind === 'invalid_parameter' && parameter) {
    return `The provider rejected the \`${parameter}\` setting of this request.`;
  }
  return USER_MESSAGES[kind];
}

/** Classifies an HTTP status when the body says nothing more specific. */
export function kindFromStatus(status: number): FailureKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'balance';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 429) return 'rate_limit';
  if (status >= 500) return 'server';
  if (status >= 400) return 'invalid_parameter';
  return 'unknown';
}
