import type { AspectRatio, ModelKey } from './models.ts';

/** A still image kept by the bot (bytes in the media store), so a Discord URL expiring never fails a task. */
export interface ImageRef {
  mediaId: string;
  contentType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  bytes: number;
  filename: string;
}

/** A saved element (character/object) as a request uses it: a snapshot, so reruns need no library lookup. */
export interface ElementRef {
  name: string;
  description?: string;
  tags?: string[];
  /** Image elements: a frontal image and up to three more angles. */
  frontal?: ImageRef;
  images?: ImageRef[];
  /** A voice clip (only with images) or a reference video (instead of images), by URL. */
  voiceUrl?: string;
  videoUrl?: string;
  /** Provider name → that provider's id for the element (e.g. Kling element_id, Runware element id). */
  providerIds: Record<string, string>;
}

export interface Shot {
  prompt: string;
  duration: number;
}

export interface ReferenceVideo {
  url: string;
  filename?: string;
  contentType?: string;
  bytes?: number;
  mode: 'base' | 'feature';
  keepOriginalSound: boolean;
}

/**
 * What the user asked for, independent of provider. Stored with every task, so a rerun
 * (🔁) submits exactly the same request again. `I` is how an image is held: an ImageRef once its
 * bytes are kept; before that, what Discord says about the attachment (checks need only that).
 */
export interface VideoRequest<I = ImageRef> {
  prompt: string;
  negativePrompt?: string;
  model: ModelKey;
  duration: number;
  aspectRatio: AspectRatio;
  sound: boolean;
  variants: number;
  firstFrame?: I;
  lastFrame?: I;
  /** Saved elements, in the order the prompt refers to them (`<<<element_1>>>`, …). */
  elements?: ElementRef[];
  /** Multi-shot storyboard: per-shot prompts whose durations sum to `duration`. */
  shots?: Shot[];
  /** 'customize' with `shots`, or 'intelligence' to let the model split shots itself. */
  shotType?: 'customize' | 'intelligence';
  referenceImages?: I[];
  referenceVideo?: ReferenceVideo;
}

export const PROMPT_MIN = 2;
export const PROMPT_MAX = 2500;
export const DURATION_MIN = 3;
export const DURATION_MAX = 15;
export const VARIANTS_MAX = 4;
export const MAX_SHOTS = 6;
export const SHOT_PROMPT_MAX = 512;
export const MAX_ELEMENTS = 3;
/** Reference images + elements (https://app.klingai.com/global/dev/document-api, Omni-Video): at most 7, or 4 with a reference video. */
export const MAX_REFERENCES = 7;
export const MAX_REFERENCES_WITH_VIDEO = 4;

/** A request whose images may be held any way: what checks and prices take. */
export type AnyVideoRequest = VideoRequest<unknown>;
