import { describe, expect, it } from 'vitest';
import { DURATION_MAX, DURATION_MIN, hasFrames, PROMPT_MAX, PROMPT_MIN, VARIANTS_MAX, type ImageRef, type VideoRequest } from '../../src/domain/request.ts';

const frame: ImageRef = { mediaId: 'm', contentType: 'image/jpeg', width: 800, height: 600, bytes: 10, filename: 'f.jpg' };
const base: VideoRequest = { prompt: 'a cat', model: 'kling-3-standard', duration: 5, aspectRatio: '16:9', sound: false, variants: 1 };

describe('request limits', () => {
  it('are the shared provider limits', () => {
    expect([PROMPT_MIN, PROMPT_MAX, DURATION_MIN, DURATION_MAX, VARIANTS_MAX]).toEqual([2, 2500, 3, 15, 4]);
  });

  it('hasFrames is true only with a first frame', () => {
    expect(hasFrames(base)).toBe(false);
    expect(hasFrames({ ...base, firstFrame: frame })).toBe(true);
    expect(hasFrames({ ...base, lastFrame: frame })).toBe(false);
  });
});
