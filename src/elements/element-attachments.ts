import type { ImageRef } from '../domain/request.ts';
import { intakeImage, precheckAttachment, type AttachmentFacts } from '../media/image-intake.ts';
import type { MediaStore } from '../media/media-store.ts';
import { compositionProblems } from './element-rules.ts';

/** The media options of `/element create`, as Discord describes the attachments. */
export interface CreateAttachments {
  frontal?: AttachmentFacts;
  /** image2–image4, in option order. */
  images: Array<{ option: string; facts: AttachmentFacts }>;
  voice?: AttachmentFacts;
  video?: AttachmentFacts;
}

/** Voice clips: common audio files (an assumption: the providers publish no voice limits yet). */
export const VOICE_RULES = { extensions: ['mp3', 'wav', 'm4a', 'aac', 'ogg'], maxBytes: 20 * 1024 * 1024 };
/** Reference videos: Kling's video limits (https://app.klingai.com/global/dev/document-api, Omni-Video `video_list`): .mp4/.mov, ≤ 200 MB, 720–2160 px. */
export const VIDEO_RULES = { extensions: ['mp4', 'mov'], maxBytes: 200 * 1024 * 1024, minSide: 720, maxSide: 2160 };

/** Everything checkable from what Discord says about the files, before anything is downloaded. */
export function precheckCreate(a: CreateAttachments): string[] {
  const problems: string[] = [];
  const images: Array<[string, AttachmentFacts | undefined]> = [
    ['frontal_image', a.frontal],
    ...a.images.map((i): [string, AttachmentFacts] => [i.option, i.facts]),
  ];
  for (const [option, facts] of images) {
    const problem = facts ? precheckAttachment(facts) : null;
    if (problem) problems.push(`\`${option}\` ${problem}`);
  }
  if (a.voice) problems.push(...voiceProblems(a.voice));
  if (a.video) problems.push(...videoProblems(a.video));
  problems.push(
    ...compositionProblems({ frontal: a.frontal !== undefined, extraImages: a.images.length, voice: a.voice !== undefined, video: a.video !== undefined }),
  );
  return problems;
}

/** Downloads and checks each image (real type and size from the header) and keeps its bytes. */
export async function intakeCreateImages(
  a: CreateAttachments,
  media: MediaStore,
): Promise<{ ok: true; frontal?: ImageRef; images: ImageRef[] } | { ok: false; problem: string }> {
  let frontal: ImageRef | undefined;
  if (a.frontal) {
    const result = await intakeImage(a.frontal, media);
    if (!result.ok) return { ok: false, problem: `\`frontal_image\` ${result.problem}` };
    frontal = result.image;
  }
  const images: ImageRef[] = [];
  for (const { option, facts } of a.images) {
    const result = await intakeImage(facts, media);
    if (!result.ok) return { ok: false, problem: `\`${option}\` ${result.problem}` };
    images.push(result.image);
  }
  return { ok: true, frontal, images };
}

function voiceProblems(facts: AttachmentFacts): string[] {
  const kind = mediaKind(facts, 'audio');
  if (!kind || !VOICE_RULES.extensions.includes(kind))
    return [`\`voice\` must be an MP3, WAV, M4A, AAC or OGG audio file (\`${facts.filename}\` is ${facts.contentType ?? 'an unknown type'})`];
  if (facts.bytes != null && facts.bytes > VOICE_RULES.maxBytes) return [`\`voice\` must be at most 20 MB (\`${facts.filename}\` is ${mb(facts.bytes)} MB)`];
  return [];
}

function videoProblems(facts: AttachmentFacts): string[] {
  const kind = mediaKind(facts, 'video');
  if (!kind || !VIDEO_RULES.extensions.includes(kind))
    return [`\`video\` must be an MP4 or MOV video (\`${facts.filename}\` is ${facts.contentType ?? 'an unknown type'})`];
  if (facts.bytes != null && facts.bytes > VIDEO_RULES.maxBytes) return [`\`video\` must be at most 200 MB (\`${facts.filename}\` is ${mb(facts.bytes)} MB)`];
  if (facts.width != null && facts.height != null) {
    const small = Math.min(facts.width, facts.height);
    const large = Math.max(facts.width, facts.height);
    if (small < VIDEO_RULES.minSide || large > VIDEO_RULES.maxSide) {
      return [`\`video\` must be ${VIDEO_RULES.minSide}–${VIDEO_RULES.maxSide} px on each side (\`${facts.filename}\` is ${facts.width}×${facts.height})`];
    }
  }
  return [];
}

/** The file kind by declared content type (of the expected family), else by extension. */
function mediaKind(facts: AttachmentFacts, family: 'audio' | 'video'): string | null {
  const declared = facts.contentType?.split(';')[0]?.trim().toLowerCase();
  const ext = facts.filename.toLowerCase().split('.').pop() ?? '';
  if (declared && !declared.startsWith(`${family}/`)) return null;
  const byType: Record<string, string> = {
    'audio/mpeg': 'mp3',
    'audio/mp3': 'mp3',
    'audio/wav': 'wav',
    'audio/x-wav': 'wav',
    'audio/wave': 'wav',
    'audio/vnd.wave': 'wav',
    'audio/mp4': 'm4a',
    'audio/x-m4a': 'm4a',
    'audio/aac': 'aac',
    'audio/ogg': 'ogg',
    'video/mp4': 'mp4',
    'video/quicktime': 'mov',
  };
  return (declared ? byType[declared] : undefined) ?? ext;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
