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

/** A saved element (character/object) referenced by a request; provider ids are resolved at submit time. */
export interface ElementRef {
  name: string;
  /** Provider name → that provider's id for the element. */
  providerIds: Record<string, string>;
}

export interface Shot {
  prompt: string;
  duration: number;
}

export interface ReferenceVideo {
  url: string;
  mode: 'base' | 'feature';
  keepOriginalSound: boolean;
}

/**
 * What the user asked for, independent of provider. Stored with every task, so a rerun
 * (🔁) submits exactly the same request again.
 */
export interface VideoRequest {
  prompt: string;
  negativePrompt?: string;
  model: ModelKey;
  duration: number;
  aspectRatio: AspectRatio;
  sound: boolean;
  variants: number;
  firstFrame?: ImageRef;
  lastFrame?: ImageRef;
  /** Later features (elements, storyboards, Omni references): empty/absent for the core command. */
  elements?: ElementRef[];
  shots?: Shot[];
  referenceImages?: ImageRef[];
  referenceVideo?: ReferenceVideo;
}

export const PROMPT_MIN = 2;
export const PROMPT_MAX = 2500;
export const DURATION_MIN = 3;
export const DURATION_MAX = 15;
export const VARIANTS_MAX = 4;

export function hasFrames(request: VideoRequest): boolean {
  return request.firstFrame !== undefined;
}
