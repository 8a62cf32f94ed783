import { describe, expect, it } from 'vitest';
import { makePng } from '../support/images.ts';
import { FakeKling } from '../support/kling/index.ts';
import { validateCreate } from '../support/kling/validate-create.ts';

const PNG = makePng(400, 400).toString('base64');
const t2v = { model_name: 'kling-v3', mode: 'std', prompt: 'a cat', aspect_ratio: '16:9', duration: '5', sound: 'off', external_task_id: 'x' };
const omni = { ...t2v, model_name: 'kling-v3-omni' };
const { aspect_ratio: _ratio, ...i2v } = t2v; // image2video has no aspect_ratio: the image decides
const message = (endpoint: Parameters<typeof validateCreate>[0], body: unknown) => validateCreate(endpoint, body)?.message;

describe('the fake Kling server refuses the mapping bugs it is there to catch (code 1201)', () => {
  it('accepts correct bodies', () => {
    expect(validateCreate('text2video', t2v)).toBeUndefined();
    expect(validateCreate('omni-video', { ...omni, image_list: [{ image_url: PNG, type: 'first_frame' }], aspect_ratio: undefined })).toBeUndefined();
    expect(validateCreate('image2video', { ...i2v, image: PNG, element_list: [{ element_id: 12 }] })).toBeUndefined();
  });

  it('wrong types and values', () => {
    expect(message('text2video', { ...t2v, duration: 5 })).toMatch(/duration must be a string/);
    expect(message('text2video', { ...t2v, duration: '16' })).toMatch(/"3".."15"/);
    expect(message('text2video', { ...t2v, mode: 'standard' })).toMatch(/mode/);
    expect(message('text2video', { ...t2v, sound: true })).toMatch(/sound/);
    expect(message('text2video', { ...t2v, aspect_ratio: '4:3' })).toMatch(/aspect_ratio/);
    expect(message('text2video', { ...t2v, model_name: 'kling-v3-omni' })).toMatch(/model_name/);
  });

  it('fields on the wrong endpoint, data: URIs, and missing images', () => {
    expect(message('omni-video', { ...omni, negative_prompt: 'no' })).toMatch(/unknown field.*negative_prompt/);
    expect(message('text2video', { ...t2v, image: PNG })).toMatch(/unknown field.*image/);
    expect(message('image2video', { ...i2v, image: `data:image/png;base64,${PNG}` })).toMatch(/data: prefix/);
    expect(message('image2video', i2v)).toMatch(/image must not be empty/);
    expect(message('image2video', { ...i2v, image: PNG, aspect_ratio: '16:9' })).toMatch(/unknown field.*aspect_ratio/);
    expect(message('omni-video', { ...omni, aspect_ratio: undefined })).toMatch(/aspect_ratio is required/);
  });

  it('storyboards and image lists', () => {
    const shots = [
      { index: 1, prompt: 'a', duration: '2' },
      { index: 2, prompt: 'b', duration: '2' },
    ];
    expect(message('text2video', { ...t2v, prompt: undefined, multi_shot: true, shot_type: 'customize', multi_prompt: shots })).toMatch(
      /add up to 4 but duration is 5/,
    );
    expect(message('text2video', { ...t2v, multi_shot: true, shot_type: 'customize', multi_prompt: shots })).toMatch(/prompt is invalid/);
    expect(message('omni-video', { ...omni, multi_shot: true, shot_type: 'intelligence' })).toMatch(/shot_type must be customize/);
    expect(message('omni-video', { ...omni, image_list: [{ image_url: PNG, type: 'end_frame' }] })).toMatch(/end_frame needs a first_frame/);
    const three = [{ image_url: PNG }, { image_url: PNG, type: 'first_frame' }, { image_url: PNG, type: 'end_frame' }];
    expect(message('omni-video', { ...omni, image_list: three })).toMatch(/more than 2 images/);
    const video = [{ video_url: 'https://x/v.mp4', refer_type: 'feature', keep_original_sound: 'no' }];
    expect(message('omni-video', { ...omni, sound: 'on', video_list: video })).toMatch(/sound must be off/);
  });

  it('a second create with the same external_task_id is a 1201 duplicate', async () => {
    const fake = await FakeKling.start({ accessKey: 'ak', secretKey: 'sk', apiKey: 'k' });
    try {
      const post = () =>
        fetch(`${fake.url}/v1/videos/text2video`, {
          method: 'POST',
          headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
          body: JSON.stringify(t2v),
        });
      expect((await post()).status).toBe(200);
      const second = await post();
      expect(second.status).toBe(400);
      expect(await second.json()).toMatchObject({ code: 1201, message: expect.stringMatching(/external_task_id x already exists/) as unknown });
      expect(fake.tasks.size).toBe(1);
    } finally {
      await fake.close();
    }
  });
});
