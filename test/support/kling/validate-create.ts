// Strict checks of create bodies (https://app.klingai.com/global/dev/document-api, Omni-Video / Text to Video / Image to Video): strict enough that a mapping bug in
// the adapter (a number where Kling wants a string, a field on the wrong endpoint, a data: URI, shot
// durations that do not add up) is refused with code 1201 like Kling would.
import { isRecord, type JsonObject, type KlingEndpoint } from './types.ts';

export type Violation = { code: 1200 | 1201; message: string };

const COMMON = [
  'model_name',
  'multi_shot',
  'shot_type',
  'prompt',
  'multi_prompt',
  'sound',
  'mode',
  'duration',
  'watermark_info',
  'callback_url',
  'external_task_id',
];
const FIELDS: Record<KlingEndpoint, ReadonlySet<string>> = {
  'omni-video': new Set([...COMMON, 'image_list', 'element_list', 'video_list', 'aspect_ratio']),
  text2video: new Set([...COMMON, 'negative_prompt', 'cfg_scale', 'camera_control', 'aspect_ratio']),
  image2video: new Set([
    ...COMMON,
    'image',
    'image_tail',
    'negative_prompt',
    'element_list',
    'voice_list',
    'cfg_scale',
    'static_mask',
    'dynamic_masks',
    'camera_control',
  ]),
};
const MODEL_NAMES: Record<KlingEndpoint, readonly string[]> = {
  'omni-video': ['kling-video-o1', 'kling-v3-omni'],
  text2video: ['kling-v3'],
  image2video: ['kling-v3'],
};
/** `4k` is accepted because whether Kling takes it via `mode` is unconfirmed (not confirmed by Kling's docs). */
const MODES = ['std', 'pro', '4k'];
const ASPECT_RATIOS = ['16:9', '9:16', '1:1'];

const bad = (message: string): Violation => ({ code: 1201, message });

/** A URL, or raw base64 of a JPG/PNG (no `data:` prefix). */
export function imageProblem(value: unknown, field: string): string | undefined {
  if (typeof value !== 'string' || value === '') return `${field} must not be empty`;
  if (/^https?:\/\//.test(value)) return undefined;
  if (value.startsWith('data:')) return `${field}: base64 must not carry a data: prefix`;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return `${field} is neither a URL nor base64`;
  const bytes = Buffer.from(value, 'base64');
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  return png || jpeg ? undefined : `${field} is not a jpg/jpeg/png image`;
}

function durationOf(value: unknown, field: string, min: number, max: number): number | string {
  if (typeof value !== 'string') return `${field} must be a string such as "5"`;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) return `${field} must be "${String(min)}".."${String(max)}"`;
  return Number(value);
}

export function validateCreate(endpoint: KlingEndpoint, body: unknown): Violation | undefined {
  if (!isRecord(body)) return { code: 1200, message: 'request body must be a JSON object' };
  const unknown = Object.keys(body).filter((key) => body[key] !== undefined && !FIELDS[endpoint].has(key)); // undefined = absent, as in JSON
  if (unknown.length > 0) return bad(`unknown field(s) for /v1/videos/${endpoint}: ${unknown.join(', ')}`);
  if (!MODEL_NAMES[endpoint].includes(String(body.model_name))) return bad(`model_name ${JSON.stringify(body.model_name)} is not valid for ${endpoint}`);
  if (body.mode !== undefined && !MODES.includes(String(body.mode))) return bad(`mode must be one of ${MODES.join('/')}`);
  let total = 5;
  if (body.duration !== undefined) {
    const d = durationOf(body.duration, 'duration', 3, 15);
    if (typeof d === 'string') return bad(d);
    total = d;
  }
  if (body.aspect_ratio !== undefined && !ASPECT_RATIOS.includes(String(body.aspect_ratio))) return bad('aspect_ratio must be 16:9, 9:16 or 1:1');
  if (body.sound !== undefined && body.sound !== 'on' && body.sound !== 'off') return bad('sound must be "on" or "off"');
  if (body.negative_prompt !== undefined && (typeof body.negative_prompt !== 'string' || body.negative_prompt.length > 2500))
    return bad('negative_prompt must be a string of at most 2500 characters');
  if (body.callback_url !== undefined && (typeof body.callback_url !== 'string' || !/^https?:\/\//.test(body.callback_url)))
    return bad('callback_url must be an http(s) URL');
  if (body.external_task_id !== undefined && (typeof body.external_task_id !== 'string' || body.external_task_id === ''))
    return bad('external_task_id must be a non-empty string');
  return promptProblem(endpoint, body, total) ?? mediaProblem(endpoint, body);
}

function promptProblem(endpoint: KlingEndpoint, body: JsonObject, total: number): Violation | undefined {
  const prompt = body.prompt;
  if (prompt !== undefined && (typeof prompt !== 'string' || prompt.length > 2500)) return bad('prompt must be a string of at most 2500 characters');
  if (body.multi_shot !== undefined && typeof body.multi_shot !== 'boolean') return bad('multi_shot must be a boolean');
  if (body.multi_shot !== true) {
    if (body.shot_type !== undefined || body.multi_prompt !== undefined) return bad('shot_type/multi_prompt need multi_shot: true');
    return typeof prompt === 'string' && prompt.trim() !== '' ? undefined : bad('prompt must not be empty');
  }
  const shotTypes = endpoint === 'omni-video' ? ['customize'] : ['customize', 'intelligence'];
  if (!shotTypes.includes(String(body.shot_type))) return bad(`shot_type must be ${shotTypes.join(' or ')} with multi_shot`);
  if (body.shot_type === 'intelligence') {
    if (body.multi_prompt !== undefined) return bad('multi_prompt is only for shot_type customize');
    return typeof prompt === 'string' && prompt.trim() !== '' ? undefined : bad('prompt must not be empty with shot_type intelligence');
  }
  if (prompt !== undefined) return bad('prompt is invalid with shot_type customize: send multi_prompt only');
  const shots = body.multi_prompt;
  if (!Array.isArray(shots) || shots.length < 1 || shots.length > 6) return bad('multi_prompt must have 1 to 6 shots');
  let sum = 0;
  for (const [i, shot] of shots.entries()) {
    if (!isRecord(shot)) return bad('each multi_prompt item must be an object');
    if (shot.index !== i + 1) return bad(`multi_prompt[${String(i)}].index must be ${String(i + 1)} (an integer)`);
    if (typeof shot.prompt !== 'string' || shot.prompt.trim() === '' || shot.prompt.length > 512)
      return bad(`multi_prompt[${String(i)}].prompt must be 1–512 characters`);
    const d = durationOf(shot.duration, `multi_prompt[${String(i)}].duration`, 1, total);
    if (typeof d === 'string') return bad(d);
    sum += d;
  }
  return sum === total ? undefined : bad(`multi_prompt durations add up to ${String(sum)} but duration is ${String(total)}`);
}

function mediaProblem(endpoint: KlingEndpoint, body: JsonObject): Violation | undefined {
  const elements = body.element_list;
  if (elements !== undefined) {
    if (!Array.isArray(elements) || elements.length === 0) return bad('element_list must be a non-empty array');
    for (const e of elements) {
      const id = isRecord(e) ? e.element_id : undefined;
      const valid = (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) || (typeof id === 'string' && id !== '');
      if (!valid) return bad('element_list items need an element_id');
    }
  }
  const elementCount = Array.isArray(elements) ? elements.length : 0;
  if (endpoint === 'image2video') {
    const problem = imageProblem(body.image, 'image') ?? (body.image_tail === undefined ? undefined : imageProblem(body.image_tail, 'image_tail'));
    if (problem) return bad(problem);
    if (elementCount > 3) return bad('element_list supports at most 3 elements');
    if (elementCount > 0 && body.voice_list !== undefined) return bad('voice_list and element_list cannot be used together');
    return undefined;
  }
  if (endpoint !== 'omni-video') return undefined;
  const images = body.image_list ?? [];
  const videos = body.video_list ?? [];
  if (!Array.isArray(images) || !Array.isArray(videos)) return bad('image_list and video_list must be arrays');
  if (videos.length > 1) return bad('video_list supports only 1 video');
  const video = videos[0];
  if (video !== undefined) {
    if (!isRecord(video) || typeof video.video_url !== 'string' || video.video_url === '') return bad('video_list[0].video_url must not be empty');
    if (video.refer_type !== undefined && video.refer_type !== 'base' && video.refer_type !== 'feature') return bad('refer_type must be base or feature');
    if (video.keep_original_sound !== undefined && video.keep_original_sound !== 'yes' && video.keep_original_sound !== 'no')
      return bad('keep_original_sound must be yes or no');
    if (body.sound !== undefined && body.sound !== 'off') return bad('sound must be off with a reference video');
  }
  const editing = isRecord(video) && (video.refer_type ?? 'base') === 'base';
  const types: unknown[] = [];
  for (const [i, image] of images.entries()) {
    if (!isRecord(image)) return bad('image_list items must be objects');
    const problem = imageProblem(image.image_url, `image_list[${String(i)}].image_url`);
    if (problem) return bad(problem);
    if (image.type !== undefined && image.type !== 'first_frame' && image.type !== 'end_frame') return bad('image_list type must be first_frame or end_frame');
    types.push(image.type);
  }
  const first = types.filter((t) => t === 'first_frame').length;
  const end = types.filter((t) => t === 'end_frame').length;
  if (first > 1 || end > 1) return bad('at most one first_frame and one end_frame');
  if (end > 0 && first === 0) return bad('an end_frame needs a first_frame');
  if (end > 0 && images.length > 2) return bad('an end frame is not supported with more than 2 images');
  if (editing && (first > 0 || elementCount > 0)) return bad('frames and elements cannot be used when editing a video (refer_type base)');
  if (first > 0 && elementCount > 3) return bad('at most 3 elements with a first frame');
  const limit = video ? 4 : 7;
  if (images.length + elementCount > limit) return bad(`images and elements together must not exceed ${String(limit)}`);
  if (body.aspect_ratio === undefined && first === 0 && !editing) return bad('aspect_ratio is required without a first frame or a video to edit');
  return undefined;
}
