import type { ModelCapabilities } from '../../domain/capabilities.ts';
import { modelInfo, type AspectRatio, type ModelKey } from '../../domain/models.ts';
import type { VideoRequest } from '../../domain/request.ts';

/**
 * imini model ids. `kling/kling-v3-omni` is documented (https://docs.imini.ai/en/api-reference/videos/kling-v3-omni);
 * `kling/kling-v3` is listed by the aggregator and ASSUMED to take the same body shape.
 */
const IMINI_MODEL_IDS = { omni: 'kling/kling-v3-omni', v3: 'kling/kling-v3' } as const;

const RESOLUTIONS = { standard: '720P', pro: '1080P' } as const;

type IminiImageRole = 'first_frame' | 'last_frame' | 'asset';

export interface IminiCreateBody {
  model: string;
  /** Omitted for a customized storyboard: imini ignores it then and takes per-shot prompts. */
  prompt?: string;
  resolution: '720P' | '1080P';
  aspect_ratio: AspectRatio;
  duration: number;
  generate_audio: boolean;
  reference_images?: Array<{ url: string; reference_type: IminiImageRole }>;
  reference_videos?: Array<{ url: string; refer_type: 'base' | 'feature'; keep_original_sound: boolean }>;
  extra_params?: {
    multi_shot: true;
    shot_type: 'customize' | 'intelligence';
    multi_prompt?: Array<{ index: number; prompt: string; duration: string }>;
  };
}

/** Image inputs already turned into URLs imini accepts (see imini-media.ts). */
export interface IminiImages {
  first?: string;
  last?: string;
  references?: string[];
}

/**
 * What imini can do per model. 4K is not offered (only 720P/1080P), so 4K models have none.
 * Elements: no element ids are documented for imini. Negative prompt: no such field (the prompt
 * "may contain both positive and negative descriptions"). One video per task.
 */
export function iminiCapabilities(model: ModelKey): ModelCapabilities | undefined {
  const info = modelInfo(model);
  if (info.tier === '4k') return undefined;
  const omni = info.family === 'omni';
  return {
    text: true,
    firstFrame: true,
    lastFrame: true,
    elements: false,
    storyboard: true,
    intelligentShots: true,
    referenceImages: omni,
    referenceVideo: omni,
    audio: true,
    negativePrompt: false,
    maxVariants: 1,
  };
}

/** Maps the provider-neutral request to imini's `POST /v1/videos/generate` body (https://docs.imini.ai/en/api-reference/videos/kling-v3-omni). */
export function buildIminiBody(request: VideoRequest, images: IminiImages): IminiCreateBody {
  const info = modelInfo(request.model);
  if (info.tier === '4k') throw new Error(`imini does not offer ${info.label}`);
  const body: IminiCreateBody = {
    model: info.family === 'omni' ? IMINI_MODEL_IDS.omni : IMINI_MODEL_IDS.v3,
    prompt: request.prompt,
    resolution: RESOLUTIONS[info.tier],
    aspect_ratio: request.aspectRatio,
    duration: request.duration,
    generate_audio: request.sound,
  };
  // Frames first, then assets: ASSUMED that <<<image_N>>> counts in this order, as Kling's image_list does.
  const referenceImages: NonNullable<IminiCreateBody['reference_images']> = [];
  if (images.first) referenceImages.push({ url: images.first, reference_type: 'first_frame' });
  if (images.last) referenceImages.push({ url: images.last, reference_type: 'last_frame' });
  for (const url of images.references ?? []) referenceImages.push({ url, reference_type: 'asset' });
  if (referenceImages.length > 0) body.reference_images = referenceImages;
  const video = request.referenceVideo;
  if (video) {
    // UNCONFIRMED: where keep_original_sound goes (item vs top level) and its type; the item, as a
    // boolean (imini turns Kling's on/off flags into booleans, e.g. generate_audio).
    body.reference_videos = [{ url: video.url, refer_type: video.mode, keep_original_sound: video.keepOriginalSound }];
  }
  if (request.shots?.length) {
    delete body.prompt;
    body.extra_params = {
      multi_shot: true,
      shot_type: 'customize',
      multi_prompt: request.shots.map((shot, i) => ({ index: i + 1, prompt: shot.prompt, duration: String(shot.duration) })),
    };
  } else if (request.shotType === 'intelligence') {
    body.extra_params = { multi_shot: true, shot_type: 'intelligence' };
  }
  return body;
}
