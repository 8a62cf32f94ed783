import { modelInfo, type ModelKey } from './models.ts';
import type { AnyVideoRequest } from './request.ts';
import type { RequestProblem } from './problems.ts';

/** What one provider can do with one model. Checked before anything is submitted. */
export interface ModelCapabilities {
  text: boolean;
  firstFrame: boolean;
  lastFrame: boolean;
  elements: boolean;
  /** Multi-shot storyboard with per-shot prompts and durations. */
  storyboard: boolean;
  /** Provider-chosen shot splitting (`shot_type: intelligence`). */
  intelligentShots: boolean;
  referenceImages: boolean;
  referenceVideo: boolean;
  audio: boolean;
  negativePrompt: boolean;
  maxVariants: number;
}

/**
 * Names every option of `request` that the provider (by `label`) cannot do with its model;
 * `caps` undefined means the provider does not offer the model at all.
 */
export function capabilityProblems(caps: ModelCapabilities | undefined, request: AnyVideoRequest, label: string): RequestProblem[] {
  const model = modelInfo(request.model).label;
  if (!caps) return [{ option: 'model', message: `${model} is not available on ${label}` }];
  const problems: RequestProblem[] = [];
  const lacks = (option: string, what: string) => problems.push({ option, message: `${what} is not available with ${model} on ${label}` });
  const isText = !request.firstFrame && !request.referenceVideo && !request.referenceImages?.length && !request.elements?.length;
  if (isText && !caps.text) lacks('prompt', 'text-only generation');
  if (request.firstFrame && !caps.firstFrame) lacks('first_frame', 'a first frame');
  if (request.lastFrame && !caps.lastFrame) lacks('last_frame', 'a last frame');
  if (request.elements?.length && !caps.elements) lacks('element', 'saved elements');
  if (request.shots?.length && !caps.storyboard) lacks('shots', 'a multi-shot storyboard');
  if (request.shotType === 'intelligence' && !caps.intelligentShots) lacks('shots', 'automatic shot splitting');
  if (request.referenceImages?.length && !caps.referenceImages) lacks('reference_image', 'reference images');
  if (request.referenceVideo && !caps.referenceVideo) lacks('reference_video', 'a reference video');
  if (request.sound && !caps.audio) lacks('sound', 'native audio');
  if (request.negativePrompt && !caps.negativePrompt) lacks('negative_prompt', 'a negative prompt');
  if (request.variants > caps.maxVariants) {
    problems.push({ option: 'variants', message: `${label} makes at most ${caps.maxVariants} variant${caps.maxVariants === 1 ? '' : 's'} per request` });
  }
  return problems;
}

export function isOmniModel(model: ModelKey): boolean {
  return modelInfo(model).family === 'omni';
}

/**
 * What the Kling 3.0 family itself can do with a model (https://app.klingai.com/global/dev/document-api):
 * text, frames, elements, storyboards and audio on every model; reference images and a reference video
 * only on Omni; automatic shots and a negative prompt only on Kling 3.0. How many results one task
 * makes depends on who runs it.
 */
export function kling3Capabilities(model: ModelKey, maxVariants: number): ModelCapabilities {
  const omni = modelInfo(model).family === 'omni';
  return {
    text: true,
    firstFrame: true,
    lastFrame: true,
    elements: true,
    storyboard: true,
    intelligentShots: !omni,
    referenceImages: omni,
    referenceVideo: omni,
    audio: true,
    negativePrompt: !omni,
    maxVariants,
  };
}
