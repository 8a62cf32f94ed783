// Strict checks of a `POST /v1/videos/generate` body (https://docs.imini.ai/en/api-reference/videos/kling-v3-omni), so mapping bugs
// surface as 400s the way the real aggregator would answer them.
import { imageSize } from 'image-size';
import { isRecord, type JsonObject } from './types.ts';

export const IMINI_MODELS = ['kling/kling-v3-omni', 'kling/kling-v3'] as const;
const TOP_LEVEL = new Set([
  'model',
  'prompt',
  'resolution',
  'aspect_ratio',
  'duration',
  'generate_audio',
  'reference_images',
  'reference_videos',
  'extra_params',
]);
const EXTRA = new Set(['multi_shot', 'shot_type', 'multi_prompt']);
const DATA_URI = /^data:(image\/(?:png|jpeg));base64,([A-Za-z0-9+/]+={0,2})$/;

/** The first problem with the body, as imini's 400 message; undefined when it is valid. */
export function createProblem(body: unknown): string | undefined {
  if (!isRecord(body)) return 'body must be a JSON object';
  const unknown = Object.keys(body).filter((k) => !TOP_LEVEL.has(k));
  if (unknown.length > 0) return `unknown parameter ${unknown.join(', ')}`;
  const model = body.model;
  if (!IMINI_MODELS.includes(model as (typeof IMINI_MODELS)[number])) return `invalid parameter model: ${String(model)}`;
  if (body.resolution !== undefined && body.resolution !== '720P' && body.resolution !== '1080P') return 'invalid parameter resolution (720P or 1080P)';
  if (body.aspect_ratio !== undefined && !['16:9', '9:16', '1:1'].includes(String(body.aspect_ratio))) return 'invalid parameter aspect_ratio';
  const duration = body.duration ?? 5;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 3 || duration > 15) return 'invalid parameter duration (integer 3–15)';
  if (body.generate_audio !== undefined && typeof body.generate_audio !== 'boolean') return 'invalid parameter generate_audio (boolean)';
  const extra = body.extra_params;
  if (extra !== undefined && !isRecord(extra)) return 'invalid parameter extra_params';
  const customize = isRecord(extra) && extra.multi_shot === true && extra.shot_type === 'customize';
  if (body.prompt !== undefined && (typeof body.prompt !== 'string' || body.prompt.length > 2500))
    return 'invalid parameter prompt (string, at most 2500 characters)';
  if (!customize && (typeof body.prompt !== 'string' || body.prompt.trim() === '')) return 'prompt is required';
  return (isRecord(extra) ? extraProblem(extra, duration) : undefined) ?? videoProblem(body) ?? imagesProblem(body);
}

function extraProblem(extra: JsonObject, duration: number): string | undefined {
  const unknown = Object.keys(extra).filter((k) => !EXTRA.has(k));
  if (unknown.length > 0) return `unknown extra_params ${unknown.join(', ')}`;
  if (typeof extra.multi_shot !== 'boolean') return 'extra_params.multi_shot must be a boolean';
  if (!extra.multi_shot) return extra.multi_prompt === undefined ? undefined : 'extra_params.multi_prompt needs multi_shot';
  if (extra.shot_type === 'intelligence')
    return extra.multi_prompt === undefined ? undefined : 'extra_params.multi_prompt is not allowed with shot_type intelligence';
  if (extra.shot_type !== 'customize') return 'extra_params.shot_type must be customize or intelligence';
  const shots = extra.multi_prompt;
  if (!Array.isArray(shots) || shots.length < 1 || shots.length > 6) return 'extra_params.multi_prompt must have 1–6 shots';
  let total = 0;
  for (const [i, shot] of shots.entries()) {
    if (!isRecord(shot) || shot.index !== i + 1) return `extra_params.multi_prompt[${i}].index must be ${i + 1}`;
    if (typeof shot.prompt !== 'string' || shot.prompt.length < 1 || shot.prompt.length > 512)
      return `extra_params.multi_prompt[${i}].prompt must be 1–512 characters`;
    if (typeof shot.duration !== 'string' || !/^[1-9]\d*$/.test(shot.duration))
      return `extra_params.multi_prompt[${i}].duration must be a string of whole seconds`;
    total += Number(shot.duration);
  }
  return total === duration ? undefined : `extra_params.multi_prompt durations sum to ${total}, duration is ${duration}`;
}

function videoProblem(body: JsonObject): string | undefined {
  const videos = body.reference_videos;
  if (videos === undefined) return undefined;
  if (body.model !== 'kling/kling-v3-omni') return 'reference_videos are only supported by kling/kling-v3-omni';
  if (!Array.isArray(videos) || videos.length !== 1) return 'reference_videos must hold exactly 1 clip';
  const video: unknown = videos[0];
  if (!isRecord(video) || typeof video.url !== 'string' || !/^https?:\/\//.test(video.url)) return 'reference_videos[0].url must be a URL';
  if (video.refer_type !== undefined && video.refer_type !== 'base' && video.refer_type !== 'feature')
    return 'reference_videos[0].refer_type must be base or feature';
  if (video.keep_original_sound !== undefined && typeof video.keep_original_sound !== 'boolean')
    return 'reference_videos[0].keep_original_sound must be a boolean';
  const extraKeys = Object.keys(video).filter((k) => !['url', 'refer_type', 'keep_original_sound'].includes(k));
  return extraKeys.length > 0 ? `unknown reference_videos[0] fields ${extraKeys.join(', ')}` : undefined;
}

function imagesProblem(body: JsonObject): string | undefined {
  const images = body.reference_images;
  if (images === undefined) return undefined;
  if (!Array.isArray(images) || images.length === 0) return 'reference_images must be a non-empty array';
  const withVideo = Array.isArray(body.reference_videos);
  const limit = withVideo ? 4 : 7;
  if (images.length > limit) return `reference_images: at most ${limit} images${withVideo ? ' with a reference video' : ''}`;
  const roles: string[] = [];
  for (const [i, image] of images.entries()) {
    if (!isRecord(image) || typeof image.url !== 'string') return `reference_images[${i}].url is required`;
    const role = image.reference_type ?? 'asset';
    if (!['first_frame', 'last_frame', 'asset'].includes(String(role))) return `reference_images[${i}].reference_type is invalid`;
    const problem = imageUrlProblem(image.url);
    if (problem) return `reference_images[${i}]: ${problem}`;
    roles.push(String(role));
  }
  const count = (role: string) => roles.filter((r) => r === role).length;
  if (count('first_frame') > 1 || count('last_frame') > 1) return 'reference_images: at most one first_frame and one last_frame';
  if (count('last_frame') === 1 && count('first_frame') === 0) return 'reference_images: last_frame requires first_frame';
  if (count('asset') > 0 && body.model !== 'kling/kling-v3-omni') return 'reference_images: asset images are only supported by kling/kling-v3-omni';
  const base = withVideo && (body.reference_videos as unknown[]).some((v) => isRecord(v) && (v.refer_type ?? 'base') === 'base');
  if (base && roles.some((r) => r !== 'asset')) return 'reference_images: only asset images with refer_type base';
  return undefined;
}

/** An https URL, or a data URI holding a real JPG/PNG with an aspect ratio within 1:2.5–2.5:1. */
function imageUrlProblem(url: string): string | undefined {
  if (/^https?:\/\//.test(url)) return undefined;
  const match = DATA_URI.exec(url);
  if (!match) return 'url must be an image URL or a jpg/png data URI';
  const bytes = Buffer.from(match[2] ?? '', 'base64');
  try {
    const size = imageSize(bytes);
    if (`image/${size.type === 'jpg' ? 'jpeg' : String(size.type)}` !== match[1]) return `data URI says ${String(match[1])} but holds ${String(size.type)}`;
    const ratio = size.width / size.height;
    return ratio < 1 / 2.5 || ratio > 2.5 ? 'aspect ratio must be between 1:2.5 and 2.5:1' : undefined;
  } catch {
    return 'data URI is not a readable image';
  }
}
