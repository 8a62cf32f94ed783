import { describe, expect, it } from 'vitest';
import { buildKlingBody, klingElementId, klingEndpoint, type KlingImages } from '../../src/providers/kling/kling-request.ts';
import type { VideoRequest } from '../../src/domain/request.ts';
import { element, imageRef, klingTask } from '../support/kling/fixtures.ts';
import { validateCreate } from '../support/kling/validate-create.ts';
import { makeJpeg, makePng } from '../support/images.ts';

const FIRST = makePng(640, 360).toString('base64');
const LAST = makeJpeg(640, 360).toString('base64');
const REF = makePng(400, 400).toString('base64');
const HOOK = 'https://bot.example.com/webhooks/kling/t-1?token=tok';

/** Builds the body and checks the fake server (the wire rules) accepts it at the chosen endpoint. */
function body(overrides: Partial<VideoRequest>, images: KlingImages = {}, callback: string | null = HOOK) {
  const task = klingTask('t-1', overrides);
  const endpoint = klingEndpoint(task.request);
  const built = buildKlingBody(task, images, callback ?? undefined);
  expect(validateCreate(endpoint, built), JSON.stringify(built)).toBeUndefined();
  return { endpoint, body: built };
}

describe('Kling 3.0 (kling-v3) bodies', () => {
  it('text-only Standard goes to text2video with std mode, string duration, sound off, callback and our id', () => {
    expect(body({})).toEqual({
      endpoint: 'text2video',
      body: {
        model_name: 'kling-v3',
        mode: 'std',
        prompt: 'waves on a beach',
        aspect_ratio: '16:9',
        duration: '5',
        sound: 'off',
        callback_url: HOOK,
        external_task_id: 't-1',
      },
    });
  });

  it('Pro with every plain option, and no callback_url when the bot polls', () => {
    const { body: built } = body({ model: 'kling-3-pro', aspectRatio: '9:16', duration: 10, sound: true, negativePrompt: 'blurry, text' }, {}, null);
    expect(built).toEqual({
      model_name: 'kling-v3',
      mode: 'pro',
      prompt: 'waves on a beach',
      negative_prompt: 'blurry, text',
      aspect_ratio: '9:16',
      duration: '10',
      sound: 'on',
      external_task_id: 't-1',
    });
  });

  it('4K uses the (unconfirmed) 4k mode', () => {
    expect(body({ model: 'kling-3-4k', aspectRatio: '1:1', duration: 15 }).body).toMatchObject({
      model_name: 'kling-v3',
      mode: '4k',
      aspect_ratio: '1:1',
      duration: '15',
    });
  });

  it('a first frame goes to image2video as raw base64, without aspect_ratio; a last frame becomes image_tail', () => {
    const { endpoint, body: built } = body({ firstFrame: imageRef('a'), lastFrame: imageRef('b') }, { first: FIRST, last: LAST });
    expect(endpoint).toBe('image2video');
    expect(built).toEqual({
      model_name: 'kling-v3',
      mode: 'std',
      prompt: 'waves on a beach',
      duration: '5',
      sound: 'off',
      image: FIRST,
      image_tail: LAST,
      callback_url: HOOK,
      external_task_id: 't-1',
    });
  });

  it('elements go to image2video as element_list, numeric ids as numbers', () => {
    const { endpoint, body: built } = body({ firstFrame: imageRef('a'), elements: [element('hero', '8600001'), element('dog', 'el_abc')] }, { first: FIRST });
    expect(endpoint).toBe('image2video');
    expect(built.element_list).toEqual([{ element_id: 8600001 }, { element_id: 'el_abc' }]);
    expect(built.image).toBe(FIRST);
  });

  it('a customized storyboard sends multi_prompt (string durations, 1-based index) and no prompt', () => {
    const shots = [
      { prompt: 'wide shot of the shore', duration: 2 },
      { prompt: 'close-up of a shell', duration: 3 },
    ];
    const { body: built } = body({ shots, shotType: 'customize', negativePrompt: 'people' });
    expect(built).toEqual({
      model_name: 'kling-v3',
      mode: 'std',
      negative_prompt: 'people',
      aspect_ratio: '16:9',
      duration: '5',
      sound: 'off',
      callback_url: HOOK,
      external_task_id: 't-1',
      multi_shot: true,
      shot_type: 'customize',
      multi_prompt: [
        { index: 1, prompt: 'wide shot of the shore', duration: '2' },
        { index: 2, prompt: 'close-up of a shell', duration: '3' },
      ],
    });
  });

  it('intelligent shots keep the prompt and let Kling split', () => {
    expect(body({ shotType: 'intelligence' }).body).toMatchObject({ multi_shot: true, shot_type: 'intelligence', prompt: 'waves on a beach' });
    expect(body({ shotType: 'intelligence' }).body.multi_prompt).toBeUndefined();
  });
});

describe('Kling 3.0 Omni (kling-v3-omni) bodies', () => {
  it('text-only Omni Standard goes to omni-video with aspect_ratio and no negative prompt', () => {
    expect(body({ model: 'kling-3-omni-standard', negativePrompt: 'ignored on omni' })).toEqual({
      endpoint: 'omni-video',
      body: {
        model_name: 'kling-v3-omni',
        mode: 'std',
        prompt: 'waves on a beach',
        aspect_ratio: '16:9',
        duration: '5',
        sound: 'off',
        callback_url: HOOK,
        external_task_id: 't-1',
      },
    });
  });

  it('Omni Pro and 4K modes', () => {
    expect(body({ model: 'kling-3-omni-pro' }).body.mode).toBe('pro');
    expect(body({ model: 'kling-3-omni-4k' }).body.mode).toBe('4k');
  });

  it('frames travel in image_list with their type, and the first frame decides the aspect ratio', () => {
    const { body: built } = body({ model: 'kling-3-omni-pro', firstFrame: imageRef('a'), lastFrame: imageRef('b'), sound: true }, { first: FIRST, last: LAST });
    expect(built).toEqual({
      model_name: 'kling-v3-omni',
      mode: 'pro',
      prompt: 'waves on a beach',
      duration: '5',
      sound: 'on',
      callback_url: HOOK,
      external_task_id: 't-1',
      image_list: [
        { image_url: FIRST, type: 'first_frame' },
        { image_url: LAST, type: 'end_frame' },
      ],
    });
  });

  it('reference images go first in image_list without a type, next to elements', () => {
    const { body: built } = body(
      { model: 'kling-3-omni-standard', referenceImages: [imageRef('r1'), imageRef('r2')], firstFrame: imageRef('a'), elements: [element('hero', '42')] },
      { references: [REF, REF], first: FIRST },
    );
    expect(built.image_list).toEqual([{ image_url: REF }, { image_url: REF }, { image_url: FIRST, type: 'first_frame' }]);
    expect(built.element_list).toEqual([{ element_id: 42 }]);
    expect(built.aspect_ratio).toBeUndefined();
  });

  it('reference images alone keep the aspect ratio', () => {
    expect(body({ model: 'kling-3-omni-standard', referenceImages: [imageRef('r1')] }, { references: [REF] }).body).toMatchObject({
      aspect_ratio: '16:9',
      image_list: [{ image_url: REF }],
    });
  });

  it('a feature reference video keeps duration and aspect ratio; sound stays off', () => {
    const referenceVideo = { url: 'https://cdn.example.com/ref.mp4', mode: 'feature' as const, keepOriginalSound: true };
    const { body: built } = body({ model: 'kling-3-omni-standard', referenceVideo });
    expect(built).toMatchObject({
      aspect_ratio: '16:9',
      duration: '5',
      sound: 'off',
      video_list: [{ video_url: 'https://cdn.example.com/ref.mp4', refer_type: 'feature', keep_original_sound: 'yes' }],
    });
  });

  it('editing a video (base) sends neither aspect ratio nor duration', () => {
    const referenceVideo = { url: 'https://cdn.example.com/edit.mp4', mode: 'base' as const, keepOriginalSound: false };
    const { body: built } = body({ model: 'kling-3-omni-pro', referenceVideo });
    expect(built).toEqual({
      model_name: 'kling-v3-omni',
      mode: 'pro',
      prompt: 'waves on a beach',
      sound: 'off',
      callback_url: HOOK,
      external_task_id: 't-1',
      video_list: [{ video_url: 'https://cdn.example.com/edit.mp4', refer_type: 'base', keep_original_sound: 'no' }],
    });
  });

  it('a customized storyboard on Omni drops the prompt', () => {
    const shots = [
      { prompt: 'one', duration: 4 },
      { prompt: 'two', duration: 4 },
      { prompt: 'three', duration: 2 },
    ];
    const { body: built } = body({ model: 'kling-3-omni-standard', duration: 10, shots, shotType: 'customize' });
    expect(built.prompt).toBeUndefined();
    expect(built).toMatchObject({
      multi_shot: true,
      shot_type: 'customize',
      duration: '10',
      multi_prompt: [
        { index: 1, prompt: 'one', duration: '4' },
        { index: 2, prompt: 'two', duration: '4' },
        { index: 3, prompt: 'three', duration: '2' },
      ],
    });
  });
});

describe('klingElementId', () => {
  it('sends safe integers as numbers and anything else as text', () => {
    expect(klingElementId(element('a', '123'))).toBe(123);
    expect(klingElementId(element('a', '99999999999999999999'))).toBe('99999999999999999999');
    expect(klingElementId(element('a', 'el-7'))).toBe('el-7');
  });
});
