import { modelInfo, outputSize, type ModelKey } from '../../domain/models.ts';
import type { Task } from '../../domain/task.ts';

/** Runware AIR ids for the Kling 3.0 family (../shared/docs/providers.md §1.6). */
export const RUNWARE_MODEL_IDS: Record<ModelKey, string> = {
  'kling-3-standard': 'klingai:kling-video@3-standard',
  'kling-3-pro': 'klingai:kling-video@3-pro',
  'kling-3-4k': 'klingai:kling-video@3-4k',
  'kling-3-omni-standard': 'klingai:kling-video@o3-standard',
  'kling-3-omni-pro': 'klingai:kling-video@o3-pro',
  'kling-3-omni-4k': 'klingai:kling-video@o3-4k',
};

/** Models whose page marks width/height as required even with frame images (seed 001). */
const DIMENSIONS_ALWAYS_REQUIRED: ReadonlySet<ModelKey> = new Set(['kling-3-omni-4k']);

/** Image inputs already turned into something Runware accepts (imageUUID, URL or data URI). */
export interface RunwareImages {
  first?: string;
  last?: string;
}

export type RunwareTask = Record<string, unknown>;

/** Maps the provider-neutral request to one `videoInference` task object (seeds 000, 001, 003). */
export function buildVideoInference(task: Task, images: RunwareImages, webhookURL: string | undefined): RunwareTask {
  const request = task.request;
  const body: RunwareTask = {
    taskType: 'videoInference',
    taskUUID: task.id,
    model: RUNWARE_MODEL_IDS[request.model],
    positivePrompt: request.prompt,
    duration: request.duration,
    numberResults: request.variants,
    outputType: 'URL',
    outputFormat: 'MP4',
    includeCost: true,
    deliveryMethod: 'async',
  };
  if (request.negativePrompt) body.negativePrompt = request.negativePrompt;
  if (webhookURL) body.webhookURL = webhookURL;

  const frameImages: Array<{ image: string; frame: 'first' | 'last' }> = [];
  if (images.first) frameImages.push({ image: images.first, frame: 'first' });
  if (images.last) frameImages.push({ image: images.last, frame: 'last' });
  if (frameImages.length > 0) body.inputs = { frameImages };
  if (frameImages.length === 0 || DIMENSIONS_ALWAYS_REQUIRED.has(request.model)) {
    const size = outputSize(request.model, request.aspectRatio);
    body.width = size.width;
    body.height = size.height;
  }
  body.providerSettings = { klingai: { sound: request.sound } };
  return body;
}

export function isOmni(model: ModelKey): boolean {
  return modelInfo(model).family === 'omni';
}
