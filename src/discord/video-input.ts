import type { ImageRef, ReferenceVideo, VideoRequest } from '../domain/request.ts';
import { parseShots } from '../domain/storyboard.ts';
import { validateRequest, type RequestProblem } from '../domain/validation.ts';
import { intakeImage, precheckAttachment, type AttachmentFacts } from '../media/image-intake.ts';
import type { MediaStore } from '../media/media-store.ts';

/** What /video (or the "Make video" modal) asked for, after Discord parsed the options. */
export interface VideoCommandInput extends Pick<VideoRequest, 'prompt' | 'negativePrompt' | 'model' | 'duration' | 'aspectRatio' | 'sound' | 'variants'> {
  provider?: string;
  firstFrame?: AttachmentFacts;
  lastFrame?: AttachmentFacts;
  /** Names from the element options, in order (empty entries dropped). */
  elementNames?: string[];
  /** The `shots` option text ("2s wide | 3s close-up", or "auto"). */
  shots?: string;
  referenceImages?: AttachmentFacts[];
  referenceVideo?: AttachmentFacts;
  videoMode?: 'base' | 'feature';
  keepOriginalSound?: boolean;
  /** Link to the message a context-menu request came from. */
  sourceMessageUrl?: string;
}

type ImageSlot = { option: string; facts: AttachmentFacts };

/** Every image attachment of the input with the option it came from. */
export function imageSlots(input: VideoCommandInput): ImageSlot[] {
  const slots: ImageSlot[] = [];
  if (input.firstFrame) slots.push({ option: 'first_frame', facts: input.firstFrame });
  if (input.lastFrame) slots.push({ option: 'last_frame', facts: input.lastFrame });
  (input.referenceImages ?? []).forEach((facts, i) => slots.push({ option: i === 0 ? 'reference_image' : `reference_image${i + 1}`, facts }));
  return slots;
}

/**
 * The request as far as it can be built from Discord's own data (images not yet downloaded),
 * and every problem found so far: the checks that run before the acknowledgement.
 */
export function draftRequest(input: VideoCommandInput, maxVariants: number): { request: VideoRequest; problems: RequestProblem[] } {
  const problems: RequestProblem[] = [];
  const {
    firstFrame,
    lastFrame,
    referenceImages,
    referenceVideo,
    shots: shotsText,
    elementNames: _names,
    provider: _provider,
    videoMode,
    keepOriginalSound,
    sourceMessageUrl: _source,
    ...options
  } = input;
  const request: VideoRequest = { ...options };
  if (shotsText !== undefined && shotsText.trim() !== '') {
    const parsed = parseShots(shotsText);
    if (!parsed.ok) problems.push(...parsed.problems.map((message) => ({ option: 'shots', message })));
    else if (parsed.shotType === 'intelligence') request.shotType = 'intelligence';
    else {
      request.shots = parsed.shots;
      request.shotType = 'customize';
    }
  }
  if (referenceVideo) {
    request.referenceVideo = videoReference(referenceVideo, videoMode ?? 'feature', keepOriginalSound ?? false);
  } else if (videoMode !== undefined || keepOriginalSound !== undefined) {
    problems.push({ option: videoMode !== undefined ? 'video_mode' : 'keep_original_sound', message: 'only applies with a `reference_video`' });
  }
  // Placeholders stand in for images that are present but not yet downloaded.
  if (firstFrame) request.firstFrame = placeholder;
  if (lastFrame) request.lastFrame = placeholder;
  if (referenceImages?.length) request.referenceImages = referenceImages.map(() => placeholder);
  problems.push(...validateRequest(request, maxVariants));
  for (const slot of imageSlots(input)) {
    const problem = precheckAttachment(slot.facts);
    if (problem) problems.push({ option: slot.option, message: problem });
  }
  return { request, problems };
}

/** Downloads and checks every image, returning the request with real ImageRefs. */
export async function withImages(
  request: VideoRequest,
  input: VideoCommandInput,
  media: MediaStore,
): Promise<{ ok: true; request: VideoRequest } | { ok: false; problems: RequestProblem[] }> {
  const images = new Map<string, ImageRef>();
  for (const slot of imageSlots(input)) {
    const result = await intakeImage(slot.facts, media);
    if (!result.ok) return { ok: false, problems: [{ option: slot.option, message: result.problem }] };
    images.set(slot.option, result.image);
  }
  const references = [...images.entries()].filter(([option]) => option.startsWith('reference_image')).map(([, image]) => image);
  return {
    ok: true,
    request: {
      ...request,
      firstFrame: images.get('first_frame'),
      lastFrame: images.get('last_frame'),
      referenceImages: references.length > 0 ? references : undefined,
    },
  };
}

function videoReference(facts: AttachmentFacts, mode: 'base' | 'feature', keepOriginalSound: boolean): ReferenceVideo {
  return { url: facts.url, filename: facts.filename, contentType: facts.contentType ?? undefined, bytes: facts.bytes ?? undefined, mode, keepOriginalSound };
}

const placeholder: ImageRef = { mediaId: '', contentType: 'image/png', width: 0, height: 0, bytes: 0, filename: '' };
