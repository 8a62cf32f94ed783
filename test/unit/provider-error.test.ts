import { describe, expect, it } from 'vitest';
import { kindFromStatus, ProviderError, userMessageFor } from '../../src/providers/provider-error.ts';

describe('kindFromStatus', () => {
  it('maps HTTP statuses to failure kinds', () => {
    const table: Array<[number, string]> = [
      [401, 'auth'],
      [403, 'auth'],
      [402, 'balance'],
      [404, 'not_found'],
      [408, 'rate_limit'],
      [429, 'rate_limit'],
      [500, 'server'],
      [503, 'server'],
      [504, 'server'],
      [400, 'invalid_parameter'],
      [422, 'invalid_parameter'],
      [200, 'unknown'],
      [302, 'unknown'],
    ];
    for (const [status, kind] of table) expect([status, kindFromStatus(status)]).toEqual([status, kind]);
  });
});

describe('ProviderError', () => {
  it('is retryable by default only for rate limits, server and network errors', () => {
    expect(new ProviderError({ kind: 'rate_limit', detail: 'd' }).retryable).toBe(true);
    expect(new ProviderError({ kind: 'server', detail: 'd' }).retryable).toBe(true);
    expect(new ProviderError({ kind: 'network', detail: 'd' }).retryable).toBe(true);
    for (const kind of ['auth', 'balance', 'content_policy', 'invalid_parameter', 'timeout', 'not_found', 'unknown'] as const) {
      expect([kind, new ProviderError({ kind, detail: 'd' }).retryable]).toEqual([kind, false]);
    }
    expect(new ProviderError({ kind: 'auth', detail: 'd', retryable: true }).retryable).toBe(true);
  });

  it('keeps the detail as its message (for logs) and a plain user message', () => {
    const error = new ProviderError({ kind: 'balance', detail: 'Runware 402 insufficientCredits', status: 402, code: 'insufficientCredits' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ProviderError');
    expect(error.message).toBe('Runware 402 insufficientCredits');
    expect(error.status).toBe(402);
    expect(error.code).toBe('insufficientCredits');
    expect(error.userMessage).toBe('The video provider account is out of credit. An admin needs to top it up.');
    expect(error.userMessage).not.toContain('insufficientCredits');
  });

  it('names the rejected option in the user message', () => {
    const error = new ProviderError({ kind: 'invalid_parameter', detail: 'd', parameter: 'duration' });
    expect(error.parameter).toBe('duration');
    expect(error.userMessage).toBe('The provider rejected the `duration` setting of this request.');
  });
});

describe('userMessageFor', () => {
  it('has a generic message for invalid_parameter without a parameter', () => {
    expect(userMessageFor('invalid_parameter')).toBe('The provider rejected a setting of this request.');
    expect(userMessageFor('auth', 'prompt')).toBe('The video provider rejected the bot’s API key. An admin needs to check the provider key.');
    expect(userMessageFor('rate_limit')).toBe('The video provider is busy right now. Please try again in a few minutes.');
  });
});
