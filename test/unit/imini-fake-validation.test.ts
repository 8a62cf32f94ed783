// The fake imini server must refuse what the real one would, or the mapping tests prove nothing.
import { describe, expect, it } from 'vitest';
import { makeGif, makePng } from '../support/images.ts';
import { createProblem } from '../support/imini/index.ts';

const base = { model: 'kling/kling-v3-omni', prompt: 'a misty valley', resolution: '720P', aspect_ratio: '16:9', duration: 5, generate_audio: false };
const png = (w: number, h: number) => `data:image/png;base64,${makePng(w, h).toString('base64')}`;

describe('FakeImini create validation', () => {
  it('accepts the documented bodies', () => {
    expect(createProblem(base)).toBeUndefined();
    expect(
      createProblem({
        ...base,
        model: 'kling/kling-v3',
        resolution: '1080P',
        reference_images: [
          { url: png(800, 600), reference_type: 'first_frame' },
          { url: png(800, 600), reference_type: 'last_frame' },
        ],
      }),
    ).toBeUndefined();
    expect(
      createProblem({
        model: 'kling/kling-v3-omni',
        duration: 5,
        extra_params: {
          multi_shot: true,
          shot_type: 'customize',
          multi_prompt: [
            { index: 1, prompt: 'a', duration: '2' },
            { index: 2, prompt: 'b', duration: '3' },
          ],
        },
      }),
    ).toBeUndefined();
    expect(
      createProblem({
        ...base,
        reference_videos: [{ url: 'https://x/y.mp4', refer_type: 'base', keep_original_sound: true }],
        reference_images: [{ url: 'https://x/a.png', reference_type: 'asset' }],
      }),
    ).toBeUndefined();
  });

  it.each([
    [{ ...base, model: 'kling-v3-omni' }, /model/],
    [{ ...base, resolution: '4K' }, /resolution/],
    [{ ...base, duration: 5.5 }, /duration/],
    [{ ...base, duration: 16 }, /duration/],
    [{ ...base, duration: '5' }, /duration/],
    [{ ...base, aspect_ratio: '4:3' }, /aspect_ratio/],
    [{ ...base, negative_prompt: 'x' }, /unknown parameter negative_prompt/],
    [{ ...base, prompt: undefined }, /prompt is required/],
    [{ ...base, generate_audio: 'true' }, /generate_audio/],
    [{ ...base, reference_images: [{ url: png(800, 600), reference_type: 'last_frame' }] }, /last_frame requires first_frame/],
    [{ ...base, reference_images: [{ url: png(1500, 500), reference_type: 'first_frame' }] }, /aspect ratio/],
    [
      { ...base, reference_images: [{ url: `data:image/png;base64,${makeGif(800, 600).toString('base64')}`, reference_type: 'first_frame' }] },
      /jpg\/png|holds/,
    ],
    [{ ...base, reference_images: Array.from({ length: 8 }, () => ({ url: 'https://x/a.png' })) }, /at most 7/],
    [{ ...base, model: 'kling/kling-v3', reference_images: [{ url: 'https://x/a.png', reference_type: 'asset' }] }, /only supported by kling\/kling-v3-omni/],
    [
      { ...base, reference_videos: [{ url: 'https://x/y.mp4' }], reference_images: [{ url: png(800, 600), reference_type: 'first_frame' }] },
      /only asset images with refer_type base/,
    ],
    [
      { ...base, extra_params: { multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: 'a', duration: 2 }] } },
      /duration must be a string/,
    ],
    [{ ...base, extra_params: { multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 0, prompt: 'a', duration: '5' }] } }, /index must be 1/],
    [
      { ...base, extra_params: { multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: 'a', duration: '4' }] } },
      /sum to 4, duration is 5/,
    ],
    [{ ...base, extra_params: { multi_shot: true, shot_type: 'random' } }, /shot_type/],
  ])('refuses %j', (body, problem) => {
    expect(createProblem(body)).toMatch(problem);
  });
});
