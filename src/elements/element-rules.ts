import type { ImageRef } from '../domain/request.ts';

/** Element names: usable as `@name` in prompts, unique per server regardless of case. */
export const NAME_MIN = 2;
export const NAME_MAX = 32;
export const NAME_PATTERN = /^[A-Za-z0-9_-]{2,32}$/;
/** Kling's element_description is at most 100 characters (https://app.klingai.com/global/dev/document-api, custom elements `element_description`). */
export const DESCRIPTION_MAX = 100;
export const TAGS_MAX = 10;
export const TAG_MAX_LENGTH = 32;
/** Besides the frontal image, up to three more angles (https://runware.ai/docs/models/klingai-video-3-0-standard `inputs.elements[].images`, max 3). */
export const EXTRA_IMAGES_MAX = 3;
export const PROVIDER_ID_MAX = 128;

/** The key form of a name: lower case, without a leading `@`. */
export function normaliseName(name: string): string {
  return name.trim().replace(/^@/, '').toLowerCase();
}

/** What is wrong with a new element's name, or null. */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim().replace(/^@/, '');
  if (trimmed.length < NAME_MIN || trimmed.length > NAME_MAX) {
    return `\`name\` must be ${NAME_MIN}–${NAME_MAX} characters (it is ${trimmed.length})`;
  }
  if (!NAME_PATTERN.test(trimmed)) {
    return '`name` may only use letters, digits, `_` and `-` (no spaces), so it works as `@name` in a prompt';
  }
  return null;
}

/** The problem when a name is already used in the server (by `existingName`, in its own casing). */
export function nameTakenProblem(existingName: string): string {
  return `\`name\` there is already an element called \`${existingName}\` in this server (names ignore upper/lower case): pick another name, or delete it first with /element delete`;
}

export function descriptionProblem(description: string | undefined): string | null {
  if (description !== undefined && description.trim().length > DESCRIPTION_MAX) {
    return `\`description\` must be at most ${DESCRIPTION_MAX} characters (it is ${description.trim().length})`;
  }
  return null;
}

/** Splits the comma-separated `tags` option: trimmed, empty parts dropped, repeats removed. */
export function parseTags(text: string | null | undefined): { ok: true; tags: string[] } | { ok: false; problem: string } {
  if (!text) return { ok: true, tags: [] };
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    if (tag.length > TAG_MAX_LENGTH)
      return { ok: false, problem: `\`tags\`: each tag must be at most ${TAG_MAX_LENGTH} characters (\`${tag.slice(0, 40)}\` is ${tag.length})` };
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  if (tags.length > TAGS_MAX) return { ok: false, problem: `\`tags\`: at most ${TAGS_MAX} tags (there are ${tags.length})` };
  return { ok: true, tags };
}

/** The media an element is made of, before anything is downloaded (presence only). */
export interface ElementMediaShape {
  frontal: boolean;
  extraImages: number;
  voice: boolean;
  video: boolean;
}

/**
 * Which media may go together (https://runware.ai/docs/models/klingai-video-3-0-standard `inputs.elements`; https://app.klingai.com/global/dev/document-api): an image element needs a
 * frontal image and takes up to three more; a reference video replaces the images and cannot
 * have a voice; a voice goes only with images.
 */
export function compositionProblems(shape: ElementMediaShape): string[] {
  const problems: string[] = [];
  if (shape.video) {
    if (shape.frontal || shape.extraImages > 0)
      problems.push('`video` is a reference video *instead of* images: leave out `frontal_image` and `image2`–`image4`, or the video');
    if (shape.voice) problems.push('`voice` cannot be combined with a reference `video` (a voice only goes with images)');
    return problems;
  }
  if (!shape.frontal) {
    problems.push(
      shape.extraImages > 0 || shape.voice
        ? '`frontal_image` is required: extra images and a voice need a frontal image'
        : '`frontal_image` is required (or give a reference `video` instead of images)',
    );
  }
  if (shape.extraImages > EXTRA_IMAGES_MAX) problems.push(`at most ${EXTRA_IMAGES_MAX} images besides \`frontal_image\` (there are ${shape.extraImages})`);
  return problems;
}

export function shapeOf(input: { frontal?: ImageRef; images?: ImageRef[]; voiceUrl?: string; videoUrl?: string }): ElementMediaShape {
  return { frontal: input.frontal !== undefined, extraImages: input.images?.length ?? 0, voice: Boolean(input.voiceUrl), video: Boolean(input.videoUrl) };
}

export function providerIdProblem(id: string): string | null {
  const trimmed = id.trim();
  if (trimmed.length === 0 || trimmed.length > PROVIDER_ID_MAX) return `\`id\` must be 1–${PROVIDER_ID_MAX} characters`;
  if (/\s/.test(trimmed)) return '`id` must not contain spaces (copy the element id exactly as the provider shows it)';
  return null;
}
