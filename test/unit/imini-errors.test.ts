import { describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../src/domain/request.ts';
import { extractIminiError, iminiHttpError, iminiTaskFailure } from '../../src/providers/imini/imini-errors.ts';

const request: VideoRequest = { prompt: 'p p', model: 'kling-3-omni-standard', duration: 5, aspectRatio: '16:9', sound: false, variants: 1 };

describe('extractIminiError accepts any JSON error shape', () => {
  it.each([
    [
      { error: { code: 'invalid_parameter', message: 'bad duration', param: 'duration' } },
      { code: 'invalid_parameter', message: 'bad duration', param: 'duration' },
    ],
    [
      { code: 40001, message: 'prompt too long' },
      { code: '40001', message: 'prompt too long' },
    ],
    [{ message: 'Insufficient credits' }, { message: 'Insufficient credits' }],
    [{ error: 'unauthorized' }, { message: 'unauthorized' }],
    [
      { msg: 'busy', field: 'aspect_ratio' },
      { message: 'busy', param: 'aspect_ratio' },
    ],
    [{ detail: 'nope' }, { message: 'nope' }],
    [{ data: { code: 'x', message: 'wrapped' } }, { code: 'x', message: 'wrapped' }],
    ['<html>502 Bad Gateway</html>', { message: '<html>502 Bad Gateway</html>' }],
    [null, {}],
  ])('%j', (body, expected) => {
    expect(extractIminiError(body)).toMatchObject(expected);
  });
});

describe('iminiHttpError', () => {
  it.each([
    [400, { error: { code: 'invalid_parameter', message: 'duration must be 3-15' } }, 'invalid_parameter', false],
    [400, { error: { code: 'content_blocked', message: 'Prompt blocked by content safety' } }, 'content_policy', false],
    [400, { message: 'The prompt contains sensitive words' }, 'content_policy', false],
    [400, { code: 'x', message: 'violates our usage policy' }, 'content_policy', false],
    [401, { error: { code: 'unauthorized', message: 'invalid key' } }, 'auth', false],
    [402, { message: 'insufficient credits' }, 'balance', false],
    [404, { message: 'task not found' }, 'not_found', false],
    [429, { message: 'rate quota exceeded' }, 'rate_limit', true],
    [500, { message: 'platform error' }, 'server', true],
    [502, { message: 'upstream model error' }, 'server', true],
    [503, 'Service Unavailable', 'server', true],
    [504, 'Gateway Timeout', 'server', false],
  ] as const)('HTTP %i %j → %s (retryable %s)', (status, body, kind, retryable) => {
    const error = iminiHttpError(status, body, request);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(error.status).toBe(status);
    expect(error.message).toMatch(new RegExp(`^imini HTTP ${status} `));
  });

  it('names the /video option behind a rejected field, and never leaks provider words to the user', () => {
    expect(iminiHttpError(400, { error: { code: 'invalid_parameter', message: 'bad', param: 'duration' } }, request).userMessage).toBe(
      'The provider rejected the `duration` setting of this request.',
    );
    expect(iminiHttpError(400, { error: { message: 'bad', param: 'resolution' } }, request).parameter).toBe('model');
    expect(iminiHttpError(400, { error: { message: 'bad', param: 'reference_images[0].url' } }, request).parameter).toBe('first_frame');
    expect(iminiHttpError(400, { error: { message: 'bad', param: 'extra_params.multi_prompt' } }, request).parameter).toBe('shots');
    expect(iminiHttpError(400, { error: { message: 'bad', param: 'mystery' } }, request).parameter).toBeUndefined();
    const auth = iminiHttpError(401, { error: { message: 'key sk-SECRET revoked' } });
    expect(auth.userMessage).not.toContain('SECRET');
    expect(auth.message).toContain('sk-SECRET'); // detail is for the log
  });

  it('says a 504 may have created the task', () => {
    expect(iminiHttpError(504, '').message).toMatch(/may exist, not resubmitted/);
  });
});

describe('iminiTaskFailure (the `error` of a failed task)', () => {
  it.each([
    [{ code: 'content_safety', message: 'output flagged' }, 'content_policy'],
    [{ message: 'The generated video contains sensitive content' }, 'content_policy'],
    ['prompt violates policy', 'content_policy'],
    [{ code: 'insufficient_balance', message: 'not enough credits' }, 'balance'],
    [{ code: 'upstream_error', message: 'upstream model timed out' }, 'server'],
    [{ code: 'invalid_image', message: 'image aspect ratio must be within 1:2.5' }, 'invalid_parameter'],
    [{ code: 'generation_failed', message: 'something happened' }, 'unknown'],
    [null, 'unknown'],
  ])('%j → %s', (error, kind) => {
    const failure = iminiTaskFailure(error);
    expect(failure.kind).toBe(kind);
    expect(failure.userMessage).not.toMatch(/flagged|upstream|something happened/);
    expect(failure.detail).toMatch(/^imini task failed /);
  });
});
