import { modelInfo, outputSize, type ModelKey } from '../../domain/models.ts';
import type { ElementRef } from '../../domain/request.ts';
import type { Task } from '../../domain/task.ts';

/**
 * Runware AIR ids for the Kling 3.0 family, from the model pages
 * (https://runware.ai/docs/models/klingai-video-3-0-standard and its siblings).
 */
export const RUNWARE_MODEL_IDS: Record<ModelKey, string> = {
  'kling-3-standard': 'klingai:kling-video@3-standard',
  'kling-3-pro': 'klingai:kling-video@3-pro',
  'kling-3-4k': 'klingai:kling-video@3-4k',
  'kling-3-omni-standard': 'klingai:kling-video@o3-standard',
  'kling-3-omni-pro': 'klingai:kling-video@o3-pro',
  'kling-3-omni-4k': 'klingai:kling-video@o3-4k',
};

/** Models whose page marks width/height as required even with frame images (https://runware.ai/docs/models/klingai-video-3-0-omni-4k). */
const DIMENSIONS_ALWAYS_REQUIRED: ReadonlySet<ModelKey> = new Set(['kling-3-omni-4k']);

/** Image inputs already turned into something Runware accepts (imageUUID, URL or data URI). */
export interface RunwareImages {
  first?: string;
  last?: string;
  references?: string[];
  /** Per element, in request order: its frontal image and extra angles. */
  elements?: Array<{ frontal?: string; images?: string[] }>;
}

export type RunwareTask = Record<string, unknown>;

/** Where Runware reports the result: a webhook, and a presigned URL it PUTs the video bytes to. */
export interface RunwareDelivery {
  webhookURL?: string;
  uploadEndpoint?: string;
}

/**
 * Maps the provider-neutral request to one `videoInference` task object (the model pages, e.g.
 * https://runware.ai/docs/models/klingai-video-3-0-omni-pro, and
 * https://runware.ai/docs/en/video-inference/api-reference). `uploadEndpoint` goes only with one
 * result: Runware PUTs each result's bytes to it, so a second one would overwrite the first.
 */
export function buildVideoInference(task: Task, images: RunwareImages, delivery: RunwareDelivery = {}): RunwareTask {
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
  if (delivery.webhookURL) body.webhookURL = delivery.webhookURL;
  if (delivery.uploadEndpoint && request.variants === 1) body.uploadEndpoint = delivery.uploadEndpoint;

  const inputs: Record<string, unknown> = {};
  const frameImages: Array<{ image: string; frame: 'first' | 'last' }> = [];
  if (images.first) frameImages.push({ image: images.first, frame: 'first' });
  if (images.last) frameImages.push({ image: images.last, frame: 'last' });
  if (frameImages.length > 0) inputs.frameImages = frameImages;
  if (images.references?.length) inputs.referenceImages = images.references;
  if (request.elements?.length) inputs.elements = request.elements.map((element, i) => runwareElement(element, images.elements?.[i]));
  const video = request.referenceVideo;
  if (video?.mode === 'base') {
    inputs.video = video.url; // an edit: length and size follow the source, `duration` is not allowed
    delete body.duration;
  } else if (video) {
    inputs.referenceVideos = [video.url];
  }
  if (Object.keys(inputs).length > 0) body.inputs = inputs;
  if ((frameImages.length === 0 && !inputs.video) || DIMENSIONS_ALWAYS_REQUIRED.has(request.model)) {
    const size = outputSize(request.model, request.aspectRatio);
    body.width = size.width;
    body.height = size.height;
  }
  const klingai: Record<string, unknown> = { sound: request.sound };
  if (request.shots?.length) {
    klingai.multiPrompt = request.shots.map((shot) => ({ prompt: shot.prompt, duration: shot.duration }));
    // Omni takes exactly one of positivePrompt or multiPrompt (model page rule).
    if (isOmni(request.model)) delete body.positivePrompt;
  } else if (request.shotType === 'intelligence') {
    klingai.shotType = 'intelligence';
  }
  if (video) klingai.keepOriginalSound = video.keepOriginalSound;
  body.providerSettings = { klingai };
  return body;
}

/** An element as Runware takes it: the id reuses a saved one; the media make it usable on first use. */
function runwareElement(element: ElementRef, media: { frontal?: string; images?: string[] } | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { id: element.providerIds.runware ?? element.name };
  if (element.description) out.description = element.description;
  if (media?.frontal) out.frontalImage = media.frontal;
  if (media?.images?.length) out.images = media.images;
  if (element.videoUrl && !media?.frontal) out.videos = [element.videoUrl];
  if (element.voiceUrl && media?.frontal) out.voices = [element.voiceUrl];
  if (element.tags?.length) out.tags = element.tags;
  return out;
}

export function isOmni(model: ModelKey): boolean {
  return modelInfo(model).family === 'omni';
}
