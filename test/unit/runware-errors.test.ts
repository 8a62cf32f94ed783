import { describe, expect, it } from 'vitest';
import { extractErrors, runwareError, runwareErrorKind, toErrorItem } from '../../src/providers/runware/runware-errors.ts';

describe('runwareErrorKind', () => {
  it('auth: invalidApiKey code, 401 and 403', () => {
    expect(runwareErrorKind({ code: 'invalidApiKey', message: 'Invalid API key provided' }, 401)).toBe('auth');
    expect(runwareErrorKind({ code: 'invalidApiKey' })).toBe('auth');
    expect(runwareErrorKind({}, 401)).toBe('auth');
    expect(runwareErrorKind({}, 403)).toBe('auth');
    expect(runwareErrorKind({ message: 'Unauthorized' })).toBe('auth');
  });

  it('balance: 402, and credit/balance text at any status', () => {
    expect(runwareErrorKind({}, 402)).toBe('balance');
    expect(runwareErrorKind({ code: 'insufficientCredits', message: 'Not enough credits' }, 400)).toBe('balance');
    expect(runwareErrorKind({ code: 'lowBalance' })).toBe('balance');
    expect(runwareErrorKind({ message: 'Insufficient balance to run this task' })).toBe('balance');
  });

  it('content policy codes, including the provider-prefixed one', () => {
    expect(runwareErrorKind({ code: 'contentPolicyViolation' }, 400)).toBe('content_policy');
    expect(runwareErrorKind({ code: 'providerContentPolicyViolation', message: 'The provider refused the prompt' })).toBe('content_policy');
    expect(runwareErrorKind({ code: 'nsfwContentDetected' })).toBe('content_policy');
    expect(runwareErrorKind({ message: 'Blocked by safety filter' })).toBe('content_policy');
  });

  it('rate limit: 429, 408 and rateLimitExceeded', () => {
    expect(runwareErrorKind({}, 429)).toBe('rate_limit');
    expect(runwareErrorKind({}, 408)).toBe('rate_limit');
    expect(runwareErrorKind({ code: 'rateLimitExceeded' }, 400)).toBe('rate_limit');
    expect(runwareErrorKind({ message: 'Too many requests' })).toBe('rate_limit');
  });

  it('server: 5xx, timeoutProvider, inferenceError, processingFailed', () => {
    expect(runwareErrorKind({}, 500)).toBe('server');
    expect(runwareErrorKind({}, 503)).toBe('server');
    expect(runwareErrorKind({}, 504)).toBe('server');
    expect(runwareErrorKind({ code: 'timeoutProvider', message: 'The provider timed out' })).toBe('server');
    expect(runwareErrorKind({ code: 'inferenceError' })).toBe('server');
    expect(runwareErrorKind({ code: 'processingFailed' })).toBe('server');
  });

  it('not found: taskFailedOrNotFound', () => {
    expect(runwareErrorKind({ code: 'taskFailedOrNotFound' })).toBe('not_found');
    expect(runwareErrorKind({}, 404)).toBe('not_found');
  });

  it('invalid parameter: a named parameter or validation wording; else 400', () => {
    expect(runwareErrorKind({ code: 'invalidPositivePrompt', parameter: 'positivePrompt' })).toBe('invalid_parameter');
    expect(runwareErrorKind({ code: 'unsupportedDuration', message: 'Duration 20 is not allowed' })).toBe('invalid_parameter');
    expect(runwareErrorKind({ code: 'x', parameter: 'numberResults' })).toBe('invalid_parameter');
    expect(runwareErrorKind({}, 400)).toBe('invalid_parameter');
  });

  it('unknown without any clue', () => {
    expect(runwareErrorKind({})).toBe('unknown');
    expect(runwareErrorKind({ code: 'somethingOdd' })).toBe('unknown');
  });
});

describe('runwareError', () => {
  it('names the /video option for known request fields', () => {
    const cases: Array<[string, string]> = [
      ['positivePrompt', 'prompt'],
      ['negativePrompt', 'negative_prompt'],
      ['numberResults', 'variants'],
      ['width', 'aspect_ratio'],
      ['height', 'aspect_ratio'],
      ['duration', 'duration'],
      ['inputs.frameImages', 'first_frame'],
      ['model', 'model'],
    ];
    for (const [field, option] of cases) {
      const error = runwareError({ code: 'invalidParameter', message: 'bad value', parameter: field }, 400);
      expect([field, error.kind, error.parameter, error.userMessage]).toEqual([
        field,
        'invalid_parameter',
        option,
        `The provider rejected the \`${option}\` setting of this request.`,
      ]);
      expect(error.retryable).toBe(false);
    }
  });

  it('passes an unknown field name through', () => {
    expect(runwareError({ code: 'invalidSeed', parameter: 'seed' }, 400).parameter).toBe('seed');
  });

  it('keeps code/message/parameter in the detail only', () => {
    const error = runwareError({ code: 'invalidPositivePrompt', message: 'Prompt too short', parameter: 'positivePrompt' }, 400);
    expect(error.message).toBe('Runware 400 invalidPositivePrompt: Prompt too short (parameter positivePrompt)');
    expect(error.code).toBe('invalidPositivePrompt');
    expect(error.status).toBe(400);
    expect(error.userMessage).not.toContain('Prompt too short');
    expect(runwareError({}).message).toBe('Runware  error: no message');
  });

  it('is retryable for rate limits, server errors and any 5xx', () => {
    expect(runwareError({}, 429).retryable).toBe(true);
    expect(runwareError({ code: 'timeoutProvider' }).retryable).toBe(true);
    expect(runwareError({ code: 'invalidParameter', parameter: 'width' }, 502).retryable).toBe(true);
    expect(runwareError({ code: 'invalidApiKey' }, 401).retryable).toBe(false);
    expect(runwareError({}, 402).retryable).toBe(false);
    expect(runwareError({ code: 'contentPolicyViolation' }, 400).retryable).toBe(false);
  });

  // Was a bug (fixed): src/providers/runware/runware-errors.ts runwareErrorKind tests /provider/ (the "server" bucket) before it
  // looks at `parameter`, so an invalid value for providerSettings.klingai.sound (a field PARAMETER_OPTIONS maps to
  // the `sound` option) is classified 'server' and marked retryable: the submit is retried 4 times and the user is
  // told "internal error" instead of "the `sound` setting". Expected kind invalid_parameter / retryable false.
  it('classifies an invalid providerSettings value as invalid_parameter naming `sound`', () => {
    const error = runwareError(
      { code: 'invalidParameter', message: 'Invalid value for providerSettings.klingai.sound parameter', parameter: 'providerSettings.klingai.sound' },
      400,
    );
    expect(error.kind).toBe('invalid_parameter');
    expect(error.parameter).toBe('sound');
    expect(error.retryable).toBe(false);
  });
});

describe('extractErrors: the three envelope forms', () => {
  it('errors[]: one item per error, ignoring non-objects', () => {
    const body = {
      errors: [
        { code: 'invalidApiKey', message: 'bad key', taskType: 'videoInference', taskUUID: 't-1' },
        'junk',
        { code: 'unsupportedDuration', message: 'nope', parameter: 'duration' },
      ],
    };
    expect(extractErrors(body)).toEqual([
      { code: 'invalidApiKey', message: 'bad key', parameter: undefined, taskUUID: 't-1' },
      { code: 'unsupportedDuration', message: 'nope', parameter: 'duration', taskUUID: undefined },
    ]);
    const [first, ,] = extractErrors(body);
    expect(runwareError(first ?? {}, 401).kind).toBe('auth');
  });

  it('error{} with taskUUID beside it (SDK "pre-stream" form)', () => {
    const items = extractErrors({ error: { code: 'insufficientCredits', message: 'top up' }, taskUUID: 't-2' });
    expect(items).toEqual([{ code: 'insufficientCredits', message: 'top up', parameter: undefined, taskUUID: 't-2' }]);
    expect(runwareError(items[0] ?? {}, 402).kind).toBe('balance');
    expect(extractErrors({ error: { code: 'x', taskUUID: 't-3' } })[0]?.taskUUID).toBe('t-3');
  });

  it('an item with status "error" and a nested error object', () => {
    const item = toErrorItem({ taskType: 'videoInference', taskUUID: 't-4', status: 'error', error: { code: 'contentPolicyViolation', message: 'refused' } });
    expect(item).toEqual({ code: 'contentPolicyViolation', message: 'refused', parameter: undefined, taskUUID: 't-4' });
    expect(runwareError(item).kind).toBe('content_policy');
  });

  it('a plain string body becomes a message (cut to 200 chars); nothing else yields errors', () => {
    expect(extractErrors('Bad Gateway')).toEqual([{ message: 'Bad Gateway' }]);
    expect(extractErrors('x'.repeat(300))[0]?.message).toHaveLength(200);
    expect(extractErrors('')).toEqual([]);
    expect(extractErrors(null)).toEqual([]);
    expect(extractErrors({ data: [{ taskType: 'videoInference', taskUUID: 't' }] })).toEqual([]);
  });
});
