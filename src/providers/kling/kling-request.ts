import { isOmniModel } from '../../domain/capabilities.ts';
import { modelInfo, type ModelTier } from '../../domain/models.ts';
import type { ElementRef, VideoRequest } from '../../domain/request.ts';
import type { Task } from '../../domain/task.ts';

export type KlingEndpoint = 'omni-video' | 'text2video' | 'image2video';

const OMNI_MODEL_NAME = 'kling-v3-omni';
const V3_MODEL_NAME = 'kling-v3';

/**
 * 4K through the legacy endpoints is NOT confirmed: Kling's Omni-Video reference (https://app.klingai.com/global/dev/document-api) lists only
 * `std`/`pro` for `mode`; its billing docs list a 4k resolution and a third-party note lists `mode: "4k"`.
 * Kept in this one constant so it is a one-line change once Kling's answer is known.
 */
const MODE_4K = '4k';

const KLING_MODES: Record<ModelTier, string> = { standard: 'std', pro: 'pro', '4k': MODE_4K };

export type KlingBody = Record<string, unknown>;

/** Images already in the form Kling takes: raw base64 (no `data:` prefix) or a URL. */
export interface KlingImages {
  first?: string;
  last?: string;
  references?: string[];
}

/** Omni models go to /omni-video; Kling 3.0 uses image2video for a first frame or elements, else text2video. */
export function klingEndpoint(request: VideoRequest): KlingEndpoint {
  if (isOmniModel(request.model)) return 'omni-video';
  return request.firstFrame || request.elements?.length ? 'image2video' : 'text2video';
}

/** The create body for `task` at its endpoint (Kling's Omni-Video, Text-to-Video and Image-to-Video references, https://app.klingai.com/global/dev/document-api). */
export function buildKlingBody(task: Task, images: KlingImages, callbackUrl: string | undefined): KlingBody {
  const request = task.request;
  const endpoint = klingEndpoint(request);
  const omni = endpoint === 'omni-video';
  const editing = request.referenceVideo?.mode === 'base';
  const body: KlingBody = { model_name: omni ? OMNI_MODEL_NAME : V3_MODEL_NAME, mode: KLING_MODES[modelInfo(request.model).tier] };
  Object.assign(body, promptFields(request));
  if (request.negativePrompt && !omni) body.negative_prompt = request.negativePrompt;
  // The first frame (or the edited video) decides the shape: text2video always names it, image2video never.
  if (endpoint === 'text2video' || (omni && !images.first && !editing)) body.aspect_ratio = request.aspectRatio;
  // An edit lasts as long as its source video: Kling ignores `duration` then.
  if (!editing) body.duration = String(request.duration);
  body.sound = request.sound ? 'on' : 'off';
  if (omni) {
    const imageList = [
      // Reference images first, so <<<image_N>>> in a prompt is the N-th reference image.
      ...(images.references ?? []).map((image) => ({ image_url: image })),
      ...(images.first ? [{ image_url: images.first, type: 'first_frame' }] : []),
      ...(images.last ? [{ image_url: images.last, type: 'end_frame' }] : []),
    ];
    if (imageList.length > 0) body.image_list = imageList;
  } else if (endpoint === 'image2video') {
    if (images.first) body.image = images.first;
    if (images.last) body.image_tail = images.last;
  }
  if (request.elements?.length) body.element_list = request.elements.map((element) => ({ element_id: klingElementId(element) }));
  const video = request.referenceVideo;
  if (omni && video) {
    body.video_list = [{ video_url: video.url, refer_type: video.mode, keep_original_sound: video.keepOriginalSound ? 'yes' : 'no' }];
  }
  if (callbackUrl) body.callback_url = callbackUrl;
  body.external_task_id = task.id;
  return body;
}

/** `prompt`, or a storyboard: customize sends per-shot prompts (and no `prompt`), intelligence lets Kling split. */
function promptFields(request: VideoRequest): KlingBody {
  if (request.shots?.length) {
    return {
      multi_shot: true,
      shot_type: 'customize',
      multi_prompt: request.shots.map((shot, i) => ({ index: i + 1, prompt: shot.prompt, duration: String(shot.duration) })),
    };
  }
  if (request.shotType === 'intelligence' && !isOmniModel(request.model)) {
    return { multi_shot: true, shot_type: 'intelligence', prompt: request.prompt };
  }
  return { prompt: request.prompt };
}

/** Kling documents element_id as a long: a numeric id that fits a JS number goes as a number. */
export function klingElementId(element: ElementRef): number | string {
  const id = element.providerIds.kling ?? '';
  if (/^\d+$/.test(id) && Number.isSafeInteger(Number(id))) return Number(id);
  return id;
}
