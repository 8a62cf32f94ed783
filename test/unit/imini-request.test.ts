import { describe, expect, it } from 'vitest';
import { capabilityProblems } from '../../src/domain/capabilities.ts';
import type { VideoRequest } from '../../src/domain/request.ts';
import { buildIminiBody, iminiCapabilities } from '../../src/providers/imini/imini-request.ts';

const request = (overrides: Partial<VideoRequest> = {}): VideoRequest => ({
  prompt: 'a slow pan across a misty valley',
  model: 'kling-3-omni-standard',
  duration: 5,
  aspectRatio: '16:9',
  sound: false,
  variants: 1,
  ...overrides,
});
const image = { mediaId: 'm', contentType: 'image/png' as const, width: 800, height: 600, bytes: 10, filename: 'a.png' };

describe('buildIminiBody', () => {
  it('maps text-to-video on Omni Standard to the exact documented body', () => {
    expect(buildIminiBody(request(), {})).toEqual({
      model: 'kling/kling-v3-omni',
      prompt: 'a slow pan across a misty valley',
      resolution: '720P',
      aspect_ratio: '16:9',
      duration: 5,
      generate_audio: false,
    });
  });

  it.each([
    ['kling-3-standard', 'kling/kling-v3', '720P'],
    ['kling-3-pro', 'kling/kling-v3', '1080P'],
    ['kling-3-omni-standard', 'kling/kling-v3-omni', '720P'],
    ['kling-3-omni-pro', 'kling/kling-v3-omni', '1080P'],
  ] as const)('%s → model %s at %s', (model, id, resolution) => {
    expect(buildIminiBody(request({ model, duration: 12, aspectRatio: '9:16', sound: true }), {})).toEqual({
      model: id,
      prompt: 'a slow pan across a misty valley',
      resolution,
      aspect_ratio: '9:16',
      duration: 12,
      generate_audio: true,
    });
  });

  it('refuses 4K models (imini offers 720P and 1080P only)', () => {
    expect(() => buildIminiBody(request({ model: 'kling-3-omni-4k' }), {})).toThrow(/imini does not offer/);
    expect(() => buildIminiBody(request({ model: 'kling-3-4k' }), {})).toThrow(/imini does not offer/);
  });

  it('sends first and last frames as reference_images with their roles, then reference images as assets', () => {
    const body = buildIminiBody(request({ firstFrame: image, lastFrame: image, referenceImages: [image, image] }), {
      first: 'data:F',
      last: 'data:L',
      references: ['data:R1', 'data:R2'],
    });
    expect(body.reference_images).toEqual([
      { url: 'data:F', reference_type: 'first_frame' },
      { url: 'data:L', reference_type: 'last_frame' },
      { url: 'data:R1', reference_type: 'asset' },
      { url: 'data:R2', reference_type: 'asset' },
    ]);
    expect(body.reference_videos).toBeUndefined();
    expect(body.extra_params).toBeUndefined();
  });

  it('sends a reference video with refer_type and keep_original_sound on the item', () => {
    const referenceVideo = { url: 'https://cdn.example/clip.mp4', mode: 'feature' as const, keepOriginalSound: true };
    expect(buildIminiBody(request({ referenceVideo }), {}).reference_videos).toEqual([
      { url: 'https://cdn.example/clip.mp4', refer_type: 'feature', keep_original_sound: true },
    ]);
    const base = buildIminiBody(request({ referenceVideo: { ...referenceVideo, mode: 'base', keepOriginalSound: false } }), { references: ['data:R'] });
    expect(base.reference_videos).toEqual([{ url: 'https://cdn.example/clip.mp4', refer_type: 'base', keep_original_sound: false }]);
    expect(base.reference_images).toEqual([{ url: 'data:R', reference_type: 'asset' }]);
  });

  it('maps a storyboard to extra_params customize with 1-based indexes and string durations, without the prompt', () => {
    const body = buildIminiBody(
      request({
        duration: 8,
        shots: [
          { prompt: 'wide shot', duration: 3 },
          { prompt: 'close-up', duration: 5 },
        ],
      }),
      {},
    );
    expect(body).toEqual({
      model: 'kling/kling-v3-omni',
      resolution: '720P',
      aspect_ratio: '16:9',
      duration: 8,
      generate_audio: false,
      extra_params: {
        multi_shot: true,
        shot_type: 'customize',
        multi_prompt: [
          { index: 1, prompt: 'wide shot', duration: '3' },
          { index: 2, prompt: 'close-up', duration: '5' },
        ],
      },
    });
  });

  it('maps intelligent shots to extra_params intelligence and keeps the prompt', () => {
    const body = buildIminiBody(request({ model: 'kling-3-pro', shotType: 'intelligence' }), {});
    expect(body).toEqual({
      model: 'kling/kling-v3',
      prompt: 'a slow pan across a misty valley',
      resolution: '1080P',
      aspect_ratio: '16:9',
      duration: 5,
      generate_audio: false,
      extra_params: { multi_shot: true, shot_type: 'intelligence' },
    });
  });

  it('never sends a negative prompt or a variant count', () => {
    const body = buildIminiBody(request({ negativePrompt: 'blurry' }), {});
    expect(JSON.stringify(body)).not.toMatch(/negative|blurry|variants|number/);
  });
});

describe('iminiCapabilities', () => {
  it('offers no 4K model, so the check names `model`', () => {
    expect(iminiCapabilities('kling-3-4k')).toBeUndefined();
    expect(iminiCapabilities('kling-3-omni-4k')).toBeUndefined();
    expect(capabilityProblems(iminiCapabilities('kling-3-omni-4k'), request({ model: 'kling-3-omni-4k' }), 'imini')).toEqual([
      { option: 'model', message: 'Kling 3.0 Omni 4K is not available on imini' },
    ]);
  });

  it('allows references on Omni only, never elements, negative prompts or more than one variant', () => {
    const omni = iminiCapabilities('kling-3-omni-pro');
    const v3 = iminiCapabilities('kling-3-standard');
    expect(omni).toMatchObject({
      text: true,
      firstFrame: true,
      lastFrame: true,
      storyboard: true,
      intelligentShots: true,
      audio: true,
      referenceImages: true,
      referenceVideo: true,
      elements: false,
      negativePrompt: false,
      maxVariants: 1,
    });
    expect(v3).toMatchObject({ referenceImages: false, referenceVideo: false, elements: false, negativePrompt: false, maxVariants: 1 });
    const problems = capabilityProblems(v3, request({ model: 'kling-3-standard', negativePrompt: 'x y', variants: 2, referenceImages: [image] }), 'imini');
    expect(problems.map((p) => p.option).sort()).toEqual(['negative_prompt', 'reference_image', 'variants']);
  });
});
