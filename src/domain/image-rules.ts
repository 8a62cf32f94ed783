/** Frame/reference image limits shared by Kling's own API and the aggregators (https://app.klingai.com/global/dev/document-api; https://docs.imini.ai/en/api-reference/videos/kling-v3-omni). */
export const IMAGE_RULES = {
  contentTypes: ['image/png', 'image/jpeg'] as const,
  extensions: ['png', 'jpg', 'jpeg'] as const,
  maxBytes: 10 * 1024 * 1024,
  minSide: 300,
  /** Width:height between 1:2.5 and 2.5:1. */
  maxAspect: 2.5,
};

export interface ImageFacts {
  filename: string;
  contentType?: string | null;
  bytes?: number | null;
  width?: number | null;
  height?: number | null;
}

/** Returns what is wrong with an image (in plain words), or null when it is fine. */
export function checkImageFacts(facts: ImageFacts): string | null {
  const type = normaliseImageType(facts);
  if (!type) return `must be a JPG or PNG image (\`${facts.filename}\` is ${facts.contentType ?? 'an unknown type'})`;
  if (facts.bytes != null && facts.bytes > IMAGE_RULES.maxBytes) {
    return `must be at most 10 MB (\`${facts.filename}\` is ${(facts.bytes / 1024 / 1024).toFixed(1)} MB)`;
  }
  if (facts.width == null || facts.height == null) return null;
  if (Math.min(facts.width, facts.height) < IMAGE_RULES.minSide) {
    return `must be at least ${IMAGE_RULES.minSide} px on each side (\`${facts.filename}\` is ${facts.width}×${facts.height})`;
  }
  const ratio = facts.width / facts.height;
  if (ratio > IMAGE_RULES.maxAspect || ratio < 1 / IMAGE_RULES.maxAspect) {
    return `must have an aspect ratio between 1:2.5 and 2.5:1 (\`${facts.filename}\` is ${facts.width}×${facts.height})`;
  }
  return null;
}

/** image/png or image/jpeg from the declared content type, falling back to the file extension. */
export function normaliseImageType(facts: Pick<ImageFacts, 'filename' | 'contentType'>): 'image/png' | 'image/jpeg' | null {
  const declared = facts.contentType?.split(';')[0]?.trim().toLowerCase();
  if (declared === 'image/png') return 'image/png';
  if (declared === 'image/jpeg' || declared === 'image/jpg') return 'image/jpeg';
  if (declared) return null;
  const ext = facts.filename.toLowerCase().split('.').pop();
  if (ext === 'png') return 'image/png';
  if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg';
  return null;
}
