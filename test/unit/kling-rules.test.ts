import { describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../src/domain/request.ts';
import { estimateKlingCost } from '../../src/providers/kling/kling-cost.ts';
import { klingCapabilities, klingProblems } from '../../src/providers/kling/kling-rules.ts';
import { element, imageRef, klingTask } from '../support/kling/fixtures.ts';

const problems = (overrides: Partial<VideoRequest>) => klingProblems(klingTask('t', overrides).request);
const options = (overrides: Partial<VideoRequest>) => problems(overrides).map((p) => p.option);

describe('Kling capabilities (its Series 3.0 capability map)', () => {
  it('Omni: references and video, no negative prompt, no automatic shots, one variant', () => {
    expect(klingCapabilities('kling-3-omni-pro')).toEqual({
      text: true,
      firstFrame: true,
      lastFrame: true,
      elements: true,
      storyboard: true,
      intelligentShots: false,
      referenceImages: true,
      referenceVideo: true,
      audio: true,
      negativePrompt: false,
      maxVariants: 1,
    });
  });

  it('Kling 3.0: negative prompt and automatic shots, no references, one variant', () => {
    expect(klingCapabilities('kling-3-standard')).toEqual({
      text: true,
      firstFrame: true,
      lastFrame: true,
      elements: true,
      storyboard: true,
      intelligentShots: true,
      referenceImages: false,
      referenceVideo: false,
      audio: true,
      negativePrompt: true,
      maxVariants: 1,
    });
  });
});

describe('klingProblems', () => {
  it('accepts plain requests on every model', () => {
    for (const model of ['kling-3-standard', 'kling-3-pro', 'kling-3-4k', 'kling-3-omni-standard', 'kling-3-omni-pro', 'kling-3-omni-4k'] as const) {
      expect(problems({ model, firstFrame: imageRef('a'), lastFrame: imageRef('b'), sound: true })).toEqual([]);
    }
  });

  it('refuses more than one variant, naming `variants`', () => {
    expect(problems({ variants: 2 })).toEqual([{ option: 'variants', message: 'Kling AI makes at most 1 variant per request' }]);
  });

  it('refuses what the model cannot do', () => {
    expect(options({ model: 'kling-3-omni-standard', negativePrompt: 'no', shotType: 'intelligence' })).toEqual(['shots', 'negative_prompt']);
    expect(options({ referenceImages: [imageRef('r')], referenceVideo: { url: 'https://x/v.mp4', mode: 'feature', keepOriginalSound: false } })).toEqual([
      'reference_image',
      'reference_video',
    ]);
  });

  it('Kling 3.0 elements need a first frame (image2video) and at most three', () => {
    expect(problems({ elements: [element('a', '1')] })[0]?.message).toMatch(/needs a `first_frame`.*or use an Omni model/);
    const four = ['1', '2', '3', '4'].map((id) => element(`e${id}`, id));
    expect(options({ firstFrame: imageRef('f'), elements: four })).toContain('element');
    expect(problems({ firstFrame: imageRef('f'), elements: four.slice(0, 3) })).toEqual([]);
  });

  it('Omni: an end frame only with at most two images, frames count with references', () => {
    expect(options({ model: 'kling-3-omni-standard', firstFrame: imageRef('f'), lastFrame: imageRef('l'), referenceImages: [imageRef('r')] })).toEqual([
      'last_frame',
    ]);
    const refs = Array.from({ length: 4 }, (_, i) => imageRef(`r${i}`));
    const els = ['1', '2', '3'].map((id) => element(`e${id}`, id));
    expect(options({ model: 'kling-3-omni-standard', firstFrame: imageRef('f'), referenceImages: refs, elements: els })).toEqual(['reference_image']);
    expect(problems({ model: 'kling-3-omni-standard', referenceImages: refs, elements: els })).toEqual([]);
  });

  it('Omni: no video character elements with a reference video', () => {
    const referenceVideo = { url: 'https://x/v.mp4', mode: 'feature' as const, keepOriginalSound: false };
    expect(options({ model: 'kling-3-omni-standard', referenceVideo, elements: [element('v', '9', { videoUrl: 'https://x/c.mp4' })] })).toEqual(['element']);
  });

  it('elements without a Kling id must be registrable (a frontal image, no voice)', () => {
    const base = { model: 'kling-3-omni-standard' as const };
    expect(problems({ ...base, elements: [element('ok', undefined, { frontal: imageRef('f') })] })).toEqual([]);
    expect(problems({ ...base, elements: [element('nofront')] })[0]?.message).toMatch(/no frontal image/);
    expect(problems({ ...base, elements: [element('voice', undefined, { frontal: imageRef('f'), voiceUrl: 'https://x/v.mp3' })] })[0]?.message).toMatch(
      /voice/,
    );
    expect(problems({ ...base, elements: [element('saved', '77', { voiceUrl: 'https://x/v.mp3' })] })).toEqual([]);
  });
});

describe('estimateKlingCost (units per second)', () => {
  it('is units per second × seconds × the unit price, marked estimated', () => {
    expect(estimateKlingCost(klingTask('t').request, 0.14)).toEqual({ usd: 0.42, units: 3, estimated: true });
    expect(estimateKlingCost(klingTask('t', { model: 'kling-3-pro', duration: 10 }).request, 0.14)).toEqual({ usd: 1.12, units: 8, estimated: true });
    expect(estimateKlingCost(klingTask('t', { model: 'kling-3-omni-4k', duration: 7 }).request, 0.14)).toEqual({ usd: 2.94, units: 21, estimated: true });
    expect(estimateKlingCost(klingTask('t', { duration: 7 }).request, 0.1)).toEqual({ usd: 0.42, units: 4.2, estimated: true });
  });
});
