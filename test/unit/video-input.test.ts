// draftRequest: the request as Discord describes it, with the option problems found before anything is downloaded.
import { describe, expect, it } from 'vitest';
import { draftRequest, type VideoCommandInput } from '../../src/discord/video-input.ts';
import type { AttachmentFacts } from '../../src/media/image-intake.ts';

const png = (name: string, width = 1280, height = 720): AttachmentFacts => ({
  url: `https://cdn.discordapp.com/attachments/1/2/${name}`,
  filename: name,
  contentType: 'image/png',
  bytes: 50_000,
  width,
  height,
});

function input(fields: Partial<VideoCommandInput> = {}): VideoCommandInput {
  return { prompt: 'a hike in the hills', model: 'kling-3-omni-pro', duration: 5, aspectRatio: '16:9', sound: false, variants: 1, ...fields };
}

describe('draftRequest: what it keeps', () => {
  it('keeps the attachment facts themselves (no placeholder images) and drops what is not part of the request', () => {
    const first = png('first.png');
    const last = png('last.png');
    const refs = [png('ref1.png'), png('ref2.png')];
    const { request, problems } = draftRequest(
      input({
        firstFrame: first,
        lastFrame: last,
        referenceImages: refs,
        provider: 'kling',
        elementNames: ['hero'],
        sourceMessageUrl: 'https://discord.com/x',
      }),
    );
    expect(problems).toEqual([]);
    expect(request.firstFrame).toBe(first);
    expect(request.lastFrame).toBe(last);
    expect(request.referenceImages).toEqual(refs);
    expect(request.referenceImages?.[1]).toBe(refs[1]);
    expect(Object.keys(request).sort()).toEqual([
      'aspectRatio',
      'duration',
      'firstFrame',
      'lastFrame',
      'model',
      'prompt',
      'referenceImages',
      'sound',
      'variants',
    ]);
  });

  it('drops an empty list of reference images', () => {
    expect(draftRequest(input({ referenceImages: [] })).request).not.toHaveProperty('referenceImages');
  });
});

describe('draftRequest: shots', () => {
  it('reads a storyboard, or `auto`, and ignores an empty option', () => {
    expect(draftRequest(input({ shots: '2s wide shot of the valley | 3s close-up of the hiker' })).request).toMatchObject({
      shots: [
        { duration: 2, prompt: 'wide shot of the valley' },
        { duration: 3, prompt: 'close-up of the hiker' },
      ],
      shotType: 'customize',
    });
    const auto = draftRequest(input({ shots: 'auto' })).request;
    expect(auto.shotType).toBe('intelligence');
    expect(auto).not.toHaveProperty('shots');
    expect(draftRequest(input({ shots: '   ' })).request).not.toHaveProperty('shotType');
  });

  it('reports storyboard syntax problems against the shots option, naming the shot', () => {
    const { request, problems } = draftRequest(input({ shots: '2s wide | | close-up of the hiker' }));
    expect(problems).toEqual([
      { option: 'shots', message: 'shot 2 is empty (two `|` in a row?)' },
      { option: 'shots', message: 'shot 3 must start with its length, like `2s close-up of the hiker`' },
    ]);
    expect(request).not.toHaveProperty('shots');
    expect(draftRequest(input({ shots: Array.from({ length: 7 }, () => '1s step').join(' | ') })).problems).toContainEqual({
      option: 'shots',
      message: 'at most 6 shots (there are 7)',
    });
    expect(draftRequest(input({ shots: `2s ${'z'.repeat(513)}` })).problems).toEqual([{ option: 'shots', message: 'shot 1 is 513 characters (at most 512)' }]);
  });
});

describe('draftRequest: the reference video', () => {
  const video: AttachmentFacts = {
    url: 'https://cdn.discordapp.com/attachments/1/2/street.mp4',
    filename: 'street.mp4',
    contentType: 'video/mp4',
    bytes: 9_000_000,
  };

  it('takes its mode and sound, by default copying motion and style without its sound', () => {
    expect(draftRequest(input({ referenceVideo: video })).request.referenceVideo).toEqual({
      url: video.url,
      filename: 'street.mp4',
      contentType: 'video/mp4',
      bytes: 9_000_000,
      mode: 'feature',
      keepOriginalSound: false,
    });
    expect(draftRequest(input({ referenceVideo: video, videoMode: 'base', keepOriginalSound: true })).request.referenceVideo).toMatchObject({
      mode: 'base',
      keepOriginalSound: true,
    });
  });

  it('reports video_mode or keep_original_sound given without a reference video', () => {
    expect(draftRequest(input({ videoMode: 'base' })).problems).toEqual([{ option: 'video_mode', message: 'only applies with a `reference_video`' }]);
    expect(draftRequest(input({ keepOriginalSound: false })).problems).toEqual([
      { option: 'keep_original_sound', message: 'only applies with a `reference_video`' },
    ]);
    expect(draftRequest(input({ videoMode: 'feature', keepOriginalSound: true })).problems.map((p) => p.option)).toEqual(['video_mode']);
    expect(draftRequest(input({ videoMode: 'base' })).request).not.toHaveProperty('referenceVideo');
  });
});

describe('draftRequest: images Discord already says are unusable', () => {
  it('names the option of each bad image', () => {
    const { problems } = draftRequest(
      input({
        firstFrame: { ...png('anim.gif'), contentType: 'image/gif' },
        lastFrame: png('tiny.png', 200, 200),
        referenceImages: [png('fine.png'), { ...png('huge.png'), bytes: 11 * 1024 * 1024 }, png('strip.png', 3000, 1000)],
      }),
    );
    expect(problems).toEqual([
      { option: 'first_frame', message: 'must be a JPG or PNG image (`anim.gif` is image/gif)' },
      { option: 'last_frame', message: 'must be at least 300 px on each side (`tiny.png` is 200×200)' },
      { option: 'reference_image2', message: 'must be at most 10 MB (`huge.png` is 11.0 MB)' },
      { option: 'reference_image3', message: 'must have an aspect ratio between 1:2.5 and 2.5:1 (`strip.png` is 3000×1000)' },
    ]);
  });

  it('lets through images whose size Discord did not report (checked after download)', () => {
    expect(draftRequest(input({ firstFrame: { url: 'https://cdn.discordapp.com/a.jpg', filename: 'a.jpg' } })).problems).toEqual([]);
  });
});
