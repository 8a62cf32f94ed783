import { describe, expect, it } from 'vitest';
import type { ImageRef, VideoRequest } from '../../src/domain/request.ts';
import { validateRequest } from '../../src/domain/validation.ts';
import { describeProblems } from '../../src/domain/problems.ts';

const frame: ImageRef = { mediaId: 'm1', contentType: 'image/png', width: 1280, height: 720, bytes: 1000, filename: 'a.png' };

function request(overrides: Partial<VideoRequest> = {}): VideoRequest {
  return { prompt: 'a cat surfing a wave', model: 'kling-3-standard', duration: 5, aspectRatio: '16:9', sound: false, variants: 1, ...overrides };
}

function options(r: VideoRequest, max?: number): string[] {
  return validateRequest(r, max).map((p) => p.option);
}

describe('validateRequest', () => {
  it('accepts a plain valid request', () => {
    expect(validateRequest(request())).toEqual([]);
  });

  it('measures the prompt after trimming: 2 and 2500 are fine, 1 and 2501 are not', () => {
    expect(options(request({ prompt: '  ab  ' }))).toEqual([]);
    expect(options(request({ prompt: 'x'.repeat(2500) }))).toEqual([]);
    expect(validateRequest(request({ prompt: '   a   ' }))).toEqual([{ option: 'prompt', message: 'must be 2–2500 characters (it is 1)' }]);
    expect(validateRequest(request({ prompt: 'x'.repeat(2501) }))).toEqual([{ option: 'prompt', message: 'must be 2–2500 characters (it is 2501)' }]);
    expect(options(request({ prompt: ' '.repeat(50) }))).toEqual(['prompt']);
  });

  it('checks the negative prompt only when given, with the same limits', () => {
    expect(options(request({ negativePrompt: 'blur' }))).toEqual([]);
    expect(options(request({ negativePrompt: 'y'.repeat(2500) }))).toEqual([]);
    expect(validateRequest(request({ negativePrompt: ' b ' }))).toEqual([{ option: 'negative_prompt', message: 'must be 2–2500 characters (it is 1)' }]);
    expect(options(request({ negativePrompt: 'y'.repeat(2501) }))).toEqual(['negative_prompt']);
  });

  it('wants a whole-number duration from 3 to 15', () => {
    for (const duration of [3, 10, 15]) expect(options(request({ duration }))).toEqual([]);
    for (const duration of [2, 16, 5.5, Number.NaN]) {
      expect(validateRequest(request({ duration }))).toEqual([{ option: 'duration', message: 'must be a whole number of seconds from 3 to 15' }]);
    }
  });

  it('wants 1..max variants, max defaulting to 4', () => {
    expect(options(request({ variants: 4 }))).toEqual([]);
    expect(validateRequest(request({ variants: 5 }))).toEqual([{ option: 'variants', message: 'must be from 1 to 4' }]);
    expect(options(request({ variants: 0 }))).toEqual(['variants']);
    expect(options(request({ variants: 1.5 }))).toEqual(['variants']);
    expect(options(request({ variants: 2 }), 2)).toEqual([]);
    expect(validateRequest(request({ variants: 3 }), 2)).toEqual([{ option: 'variants', message: 'must be from 1 to 2' }]);
  });

  it('refuses a last frame without a first frame, allows both or first only', () => {
    expect(options(request({ firstFrame: frame }))).toEqual([]);
    expect(options(request({ firstFrame: frame, lastFrame: frame }))).toEqual([]);
    expect(validateRequest(request({ lastFrame: frame }))).toEqual([
      { option: 'last_frame', message: 'needs a first_frame too (a video cannot have only a last frame)' },
    ]);
  });

  it('reports all problems together, in option order', () => {
    const problems = validateRequest(request({ prompt: 'x', negativePrompt: 'y', duration: 20, variants: 9, lastFrame: frame }));
    expect(problems.map((p) => p.option)).toEqual(['prompt', 'negative_prompt', 'duration', 'variants', 'last_frame']);
  });
});

describe('describeProblems', () => {
  it('renders one bullet per problem with the option in code style', () => {
    expect(
      describeProblems([
        { option: 'prompt', message: 'is too short' },
        { option: 'duration', message: 'is wrong' },
      ]),
    ).toBe('• `prompt` is too short\n• `duration` is wrong');
    expect(describeProblems([])).toBe('');
  });
});
