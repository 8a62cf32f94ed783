import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, withRetries } from '../../src/providers/http-client.ts';
import { ProviderError } from '../../src/providers/provider-error.ts';

let url = '';
let hits = 0;
/** Answers nothing, ever: a request to it ends only by abort or time-out. */
const silent: Server = createServer(() => {
  hits++;
});

beforeAll(async () => {
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${String((silent.address() as AddressInfo).port)}/`;
});
afterAll(async () => {
  silent.closeAllConnections();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

const policy = { retries: 5, minDelayMs: 1, maxDelayMs: 2 };

describe('aborting provider calls', () => {
  it('sendJson rejects with the signal’s reason, not a retryable network error', async () => {
    const controller = new AbortController();
    const call = sendJson('GET', url, { signal: controller.signal });
    await expect.poll(() => hits).toBeGreaterThan(0);
    controller.abort(new Error('round cancelled'));
    const error = await call.catch((e: unknown) => e);
    expect(error).toEqual(new Error('round cancelled'));
    expect(error).not.toBeInstanceOf(ProviderError);
  });

  it('sendJson with an already aborted signal sends nothing', async () => {
    const before = hits;
    await expect(sendJson('GET', url, { signal: AbortSignal.abort(new Error('too late')) })).rejects.toThrow('too late');
    expect(hits).toBe(before);
  });

  it('withRetries stops retrying once the signal is aborted', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const run = withRetries(
      async () => {
        attempts++;
        if (attempts === 2) controller.abort(new Error('stop'));
        throw new ProviderError({ kind: 'server', detail: 'busy' });
      },
      policy,
      { signal: controller.signal },
    );
    await expect(run).rejects.toThrow('stop');
    expect(attempts).toBe(2);
  });

  it('withRetries still retries retryable errors without a signal', async () => {
    let attempts = 0;
    const result = await withRetries(async () => {
      if (++attempts < 3) throw new ProviderError({ kind: 'rate_limit', detail: 'slow down' });
      return 'ok';
    }, policy);
    expect([result, attempts]).toEqual(['ok', 3]);
  });
});
