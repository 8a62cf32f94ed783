import { describe, expect, it } from 'vitest';
import { ASPECT_RATIOS, MODEL_KEYS, outputSize, type AspectRatio, type ModelKey } from '../../src/domain/models.ts';
import type { VideoRequest } from '../../src/domain/request.ts';
import type { Task } from '../../src/domain/task.ts';
import { buildVideoInference, isOmni, RUNWARE_MODEL_IDS } from '../../src/providers/runware/runware-request.ts';
import { makeTask } from '../support/tasks.ts';

const TASK_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const frame = { mediaId: 'm', contentType: 'image/png' as const, width: 1280, height: 720, bytes: 10, filename: 'f.png' };

function task(overrides: Partial<VideoRequest> = {}): Task {
  return makeTask({ id: TASK_ID, request: { prompt: 'a fox in the snow', ...overrides } });
}

const EXPECTED_IDS: Record<ModelKey, string> = {
  'kling-3-standard': 'klingai:kling-video@3-standard',
  'kling-3-pro': 'klingai:kling-video@3-pro',
  'kling-3-4k': 'klingai:kling-video@3-4k',
  'kling-3-omni-standard': 'klingai:kling-video@o3-standard',
  'kling-3-omni-pro': 'klingai:kling-video@o3-pro',
  'kling-3-omni-4k': 'klingai:kling-video@o3-4k',
};

const EXPECTED_SIZES: Record<'standard' | 'pro' | '4k', Record<AspectRatio, [number, number]>> = {
  standard: { '16:9': [1280, 720], '9:16': [720, 1280], '1:1': [960, 960] },
  pro: { '16:9': [1920, 1080], '9:16': [1080, 1920], '1:1': [1440, 1440] },
  '4k': { '16:9': [3840, 2160], '9:16': [2160, 3840], '1:1': [2880, 2880] },
};

function tierOf(model: ModelKey): 'standard' | 'pro' | '4k' {
  return model.endsWith('4k') ? '4k' : model.endsWith('pro') ? 'pro' : 'standard';
}

describe('RUNWARE_MODEL_IDS', () => {
  it('has the AIR id of every model', () => {
    expect(RUNWARE_MODEL_IDS).toEqual(EXPECTED_IDS);
  });
});

describe('buildVideoInference', () => {
  for (const model of MODEL_KEYS) {
    describe(model, () => {
      it('text-to-video: full body with width/height for each aspect ratio', () => {
        for (const aspectRatio of ASPECT_RATIOS) {
          const body = buildVideoInference(task({ model, aspectRatio, duration: 7, variants: 3, sound: true }), {});
          const [width, height] = EXPECTED_SIZES[tierOf(model)][aspectRatio];
          expect(body).toEqual({
            taskType: 'videoInference',
            taskUUID: TASK_ID,
            model: EXPECTED_IDS[model],
            positivePrompt: 'a fox in the snow',
            duration: 7,
            numberResults: 3,
            outputType: 'URL',
            outputFormat: 'MP4',
            includeCost: true,
            deliveryMethod: 'async',
            width,
            height,
            providerSettings: { klingai: { sound: true } },
          });
          expect(outputSize(model, aspectRatio)).toEqual({ width, height });
        }
      });

      it('with frame images: frameImages first/last, dimensions only on kling-3-omni-4k', () => {
        const body = buildVideoInference(task({ model, aspectRatio: '9:16', firstFrame: frame, lastFrame: frame }), { first: 'uuid-first', last: 'uuid-last' });
        expect(body.inputs).toEqual({
          frameImages: [
            { image: 'uuid-first', frame: 'first' },
            { image: 'uuid-last', frame: 'last' },
          ],
        });
        expect(body.model).toBe(EXPECTED_IDS[model]);
        if (model === 'kling-3-omni-4k') {
          expect(body.width).toBe(2160);
          expect(body.height).toBe(3840);
        } else {
          expect('width' in body).toBe(false);
          expect('height' in body).toBe(false);
        }
      });
    });
  }

  it('sends a first frame alone as frame "first"', () => {
    const body = buildVideoInference(task({ firstFrame: frame }), { first: 'data:image/png;base64,AAAA' });
    expect(body.inputs).toEqual({ frameImages: [{ image: 'data:image/png;base64,AAAA', frame: 'first' }] });
  });

  it('has no inputs on text-to-video', () => {
    expect('inputs' in buildVideoInference(task(), {})).toBe(false);
  });

  it('maps numberResults, sound off and duration straight through', () => {
    const body = buildVideoInference(task({ variants: 4, sound: false, duration: 15 }), {});
    expect(body.numberResults).toBe(4);
    expect(body.duration).toBe(15);
    expect(body.providerSettings).toEqual({ klingai: { sound: false } });
    expect(body.includeCost).toBe(true);
    expect(body.deliveryMethod).toBe('async');
  });

  it('includes negativePrompt only when set', () => {
    expect('negativePrompt' in buildVideoInference(task(), {})).toBe(false);
    expect('negativePrompt' in buildVideoInference(task({ negativePrompt: '' }), {})).toBe(false);
    expect(buildVideoInference(task({ negativePrompt: 'blurry, text' }), {}).negativePrompt).toBe('blurry, text');
  });

  it('includes webhookURL only when given', () => {
    expect('webhookURL' in buildVideoInference(task(), {})).toBe(false);
    const url = 'https://bot.example.com/webhooks/runware/x?token=abc';
    expect(buildVideoInference(task(), {}, { webhookURL: url }).webhookURL).toBe(url);
  });

  it('sends the presigned upload URL as uploadEndpoint for one variant only (a second result would overwrite it)', () => {
    const put = 'https://bucket.s3.example.com/videos/x.mp4?X-Amz-Signature=abc';
    expect(buildVideoInference(task(), {}, { uploadEndpoint: put }).uploadEndpoint).toBe(put);
    expect('uploadEndpoint' in buildVideoInference(task({ variants: 2 }), {}, { uploadEndpoint: put })).toBe(false);
    expect('uploadEndpoint' in buildVideoInference(task(), {})).toBe(false);
  });
});

describe('isOmni', () => {
  it('is true for the three Omni models only', () => {
    expect(MODEL_KEYS.filter(isOmni)).toEqual(['kling-3-omni-standard', 'kling-3-omni-pro', 'kling-3-omni-4k']);
  });
});
