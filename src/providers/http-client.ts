import pRetry from 'p-retry';
import { request } from 'undici';
import { ProviderError } from './provider-error.ts';

export interface JsonResponse {
  status: number;
  body: unknown;
}

export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, minDelayMs: 1000, maxDelayMs: 15_000 };

export interface SendOptions {
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
  /** Aborts the exchange; it then rejects with the signal's reason, not a ProviderError. */
  signal?: AbortSignal;
}

/**
 * One HTTP exchange with a JSON body. Network failures (no answer at all) become a retryable
 * ProviderError of kind 'network' with `code` 'NO_RESPONSE', so callers can tell "maybe sent".
 */
export async function sendJson(method: 'GET' | 'POST', url: string, options: SendOptions = {}): Promise<JsonResponse> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const signal = options.signal;
  signal?.throwIfAborted();
  try {
    const response = await request(url, {
      method,
      headers: { accept: 'application/json', ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal,
    });
    const text = await response.body.text();
    return { status: response.statusCode, body: parseJsonOrText(text) };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new ProviderError({ kind: 'network', code: 'NO_RESPONSE', detail: `${method} ${redactUrl(url)} failed: ${(error as Error).message}` });
  }
}

function parseJsonOrText(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Strips query strings (they may hold tokens) before a URL goes to a log or error. */
function redactUrl(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

export interface RetryOptions {
  onRetry?: (error: ProviderError, attempt: number) => void;
  /** Once aborted, nothing is retried: the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Retries `operation` while it throws a retryable ProviderError, with jittered exponential backoff. */
export async function withRetries<T>(operation: () => Promise<T>, policy: RetryPolicy, options: RetryOptions = {}): Promise<T> {
  const { onRetry, signal } = options;
  return pRetry(operation, {
    retries: policy.retries,
    minTimeout: policy.minDelayMs,
    maxTimeout: policy.maxDelayMs,
    factor: 2,
    randomize: true,
    signal,
    shouldRetry: ({ error }) => !signal?.aborted && error instanceof ProviderError && error.retryable,
    onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
      if (!signal?.aborted && error instanceof ProviderError && error.retryable && retriesLeft > 0) onRetry?.(error, attemptNumber);
    },
  });
}
