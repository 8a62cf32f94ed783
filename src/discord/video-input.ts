import type { ImageRef, ReferenceVideo, VideoRequest } from '../domain/request.ts';
import { parseShots } from '../domain/storyboard.ts';
import type { RequestProblem } from '../domain/problems.ts';
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

/** A request whose images are still Discord attachments (nothing downloaded yet). */
export type DraftRequest = VideoRequest<AttachmentFacts>;

type ImageSlot = { option: string; facts: AttachmentFacts };

/** Every image attachment of a draft with the option it came from. */
function imageSlots(request: DraftRequest): ImageSlot[] {
  const slots: ImageSlot[] = [];
  if (request.firstFrame) slots.push({ option: 'first_frame', facts: request.firstFrame });
  if (request.lastFrame) slots.push({ option: 'last_frame', facts: request.lastFrame });
  (request.referenceImages ?? []).forEach((facts, i) => slots.push({ option: i === 0 ? 'reference_image' : `reference_image${i + 1}`, facts }));
  return slots;
}

/**
 * The request as Discord's own data describes it, and what is wrong with the options themselves
 * (storyboard syntax, options that need another, attachments Discord already says are unusable).
 * The request rules are checked once, by the submission door.
 */
export function draftRequest(input: VideoCommandInput): { request: DraftRequest; problems: RequestProblem[] } {
  const problems: RequestProblem[] = [];
  const {
    shots: shotsText,
    elementNames: _names,
    provider: _provider,
    referenceVideo,
    videoMode,
    keepOriginalSound,
    sourceMessageUrl: _source,
    ...options
  } = input;
  const request: DraftRequest = { ...options };
  if (!request.referenceImages?.length) delete request.referenceImages;
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
  for (const slot of imageSlots(request)) {
    const problem = precheckAttachment(slot.facts);
    if (problem) problems.push({ option: slot.option, message: problem });
  }
  return { request, problems };
}

/** Downloads and checks every image of a draft and keeps its bytes: the same request with ImageRefs. */
export async function keepImages(
  draft: DraftRequest,
  media: MediaStore,
): Promise<{ ok: true; request: VideoRequest } | { ok: false; problems: RequestProblem[] }> {
  const kept = new Map<AttachmentFacts, ImageRef>();
  for (const slot of imageSlots(draft)) {
    const result = await intakeImage(slot.facts, media);
    if (!result.ok) return { ok: false, problems: [{ option: slot.option, message: result.problem }] };
    kept.set(slot.facts, result.image);
  }
  const swap = (facts: AttachmentFacts) => kept.get(facts) as ImageRef; // every slot was kept above
  const { firstFrame, lastFrame, referenceImages, ...rest } = draft;
  const request: VideoRequest = { ...rest };
  if (firstFrame) request.firstFrame = swap(firstFrame);
  if (lastFrame) request.lastFrame = swap(lastFrame);
  if (referenceImages?.length) request.referenceImages = referenceImages.map(swap);
  return { ok: true, request };
}

function videoReference(facts: AttachmentFacts, mode: 'base' | 'feature', keepOriginalSound: boolean): ReferenceVideo {
  return { url: facts.url, filename: facts.filename, contentType: facts.contentType ?? undefined, bytes: facts.bytes ?? undefined, mode, keepOriginalSound };
}
