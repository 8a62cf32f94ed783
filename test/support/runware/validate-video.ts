// videoInference validation, limited to the rules the Runware docs state clearly
// (https://runware.ai/docs/en/video-inference/api-reference and the Kling 3.0 model pages,
// e.g. https://runware.ai/docs/models/klingai-video-3-0-standard).
import { isRecord, type ApiErrorItem, type JsonObject } from './types.ts';

type Violation = Omit<ApiErrorItem, 'taskType' | 'taskUUID'>;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const SIZES_720 = ['1280x720', '720x1280', '960x960'];
const SIZES_1080 = ['1920x1080', '1080x1920', '1440x1440'];
const SIZES_4K = ['3840x2160', '2160x3840', '2880x2880'];

/** Allowed width×height pairs per model AIR; models not listed here skip the pair check. */
export const MODEL_SIZES: Readonly<Record<string, readonly string[]>> = {
  'klingai:kling-video@3-standard': SIZES_720,
  'klingai:kling-video@o3-standard': SIZES_720,
  'klingai:kling-video@3-pro': SIZES_1080,
  'klingai:kling-video@o3-pro': SIZES_1080,
  'klingai:kling-video@3-4k': SIZES_4K,
  'klingai:kling-video@o3-4k': SIZES_4K,
};

export function isUuidV4(value: unknown): value is string {
  return typeof value === 'string' && UUID_V4.test(value);
}

function invalid(parameter: string, message: string, allowedValues?: unknown[]): Violation {
  return allowedValues ? { code: 'invalidParameter', message, parameter, allowedValues } : { code: 'invalidParameter', message, parameter };
}

function isHttpUri(value: unknown): boolean {
  return typeof value === 'string' && /^https?:\/\//.test(value) && URL.canParse(value);
}

function intInRange(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function checkText(task: JsonObject, key: string, required: boolean): Violation | null {
  const value = task[key];
  if (value === undefined) return required ? invalid(key, `${key} is required`) : null;
  if (typeof value !== 'string' || value.length < 2 || value.length > 2500) {
    return invalid(key, `${key} must be a string of 2 to 2500 characters`);
  }
  return null;
}

function hasMultiPrompt(task: JsonObject): boolean {
  const settings = task['providerSettings'];
  const kling = isRecord(settings) ? settings['klingai'] : undefined;
  return isRecord(kling) && Array.isArray(kling['multiPrompt']) && kling['multiPrompt'].length > 0;
}

function checkFrameImages(frames: unknown): Violation | null {
  if (!Array.isArray(frames) || frames.length < 1 || frames.length > 2) {
    return invalid('inputs.frameImages', 'inputs.frameImages must be an array of 1 to 2 items');
  }
  for (const frame of frames) {
    const image = isRecord(frame) ? frame['image'] : frame;
    if (typeof image !== 'string' || image.length === 0) {
      return invalid('inputs.frameImages', 'each frame image must be a string or {image, frame}');
    }
  }
  return null;
}

function checkSource(task: JsonObject, model: string): Violation | null {
  const inputs = task['inputs'];
  if (inputs !== undefined && !isRecord(inputs)) return invalid('inputs', 'inputs must be an object');
  const frames = inputs?.['frameImages'];
  const video = inputs?.['video'];
  const hasDims = task['width'] !== undefined || task['height'] !== undefined;
  const sources = [frames !== undefined, hasDims, video !== undefined].filter(Boolean).length;
  if (sources !== 1) {
    return invalid('width', 'exactly one of inputs.frameImages, width/height or inputs.video must be provided');
  }
  if (frames !== undefined) return checkFrameImages(frames);
  if (video !== undefined) {
    return typeof video === 'string' && video.length > 0 ? null : invalid('inputs.video', 'inputs.video must be a string');
  }
  const { width, height } = task;
  if (!intInRange(width, 1, 10_000)) return invalid('width', 'width must be a positive integer');
  if (!intInRange(height, 1, 10_000)) return invalid('height', 'height must be a positive integer');
  const allowed = MODEL_SIZES[model];
  if (!allowed || allowed.includes(`${String(width)}x${String(height)}`)) return null;
  const widthKnown = allowed.some((pair) => pair.startsWith(`${String(width)}x`));
  return invalid(widthKnown ? 'height' : 'width', `${String(width)}x${String(height)} is not supported by ${model}; allowed: ${allowed.join(', ')}`, [
    ...allowed,
  ]);
}

function checkOptional(task: JsonObject): Violation | null {
  const { duration, numberResults, deliveryMethod, webhookURL, outputType, outputFormat, outputQuality, ttl } = task;
  if (duration !== undefined && !intInRange(duration, 3, 15)) {
    return { code: 'unsupportedDuration', message: 'duration must be an integer from 3 to 15', parameter: 'duration' };
  }
  if (numberResults !== undefined && !intInRange(numberResults, 1, 4)) {
    return invalid('numberResults', 'numberResults must be an integer from 1 to 4');
  }
  if (deliveryMethod !== undefined && deliveryMethod !== 'async') {
    return invalid('deliveryMethod', 'deliveryMethod must be "async" for this model', ['async']);
  }
  if (webhookURL !== undefined && !isHttpUri(webhookURL)) return invalid('webhookURL', 'webhookURL must be an http(s) URI');
  if (task['uploadEndpoint'] !== undefined && !isHttpUri(task['uploadEndpoint'])) {
    return invalid('uploadEndpoint', 'uploadEndpoint must be an http(s) URI');
  }
  if (outputType !== undefined && outputType !== 'URL') return invalid('outputType', 'outputType must be "URL"', ['URL']);
  if (outputFormat !== undefined && !['MP4', 'WEBM', 'MOV'].includes(String(outputFormat))) {
    return invalid('outputFormat', 'outputFormat must be MP4, WEBM or MOV', ['MP4', 'WEBM', 'MOV']);
  }
  if (outputQuality !== undefined && !intInRange(outputQuality, 20, 99)) {
    return invalid('outputQuality', 'outputQuality must be an integer from 20 to 99');
  }
  if (ttl !== undefined && !intInRange(ttl, 60, Number.MAX_SAFE_INTEGER)) return invalid('ttl', 'ttl must be an integer >= 60');
  if (task['includeCost'] !== undefined && typeof task['includeCost'] !== 'boolean') {
    return invalid('includeCost', 'includeCost must be a boolean');
  }
  return null;
}

/** Returns the first rule the task breaks, or null when the task is valid. */
export function validateVideoTask(task: JsonObject): Violation | null {
  if (!isUuidV4(task['taskUUID'])) return invalid('taskUUID', 'taskUUID must be a UUID v4');
  const model = task['model'];
  if (typeof model !== 'string' || model.length === 0) return invalid('model', 'model is required');
  return (
    checkText(task, 'positivePrompt', !hasMultiPrompt(task)) ?? checkText(task, 'negativePrompt', false) ?? checkOptional(task) ?? checkSource(task, model)
  );
}
