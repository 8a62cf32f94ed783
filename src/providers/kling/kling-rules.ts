import { capabilityProblems, isOmniModel, type ModelCapabilities, kling3Capabilities } from '../../domain/capabilities.ts';
import { modelInfo, type ModelKey } from '../../domain/models.ts';
import { MAX_REFERENCES, MAX_REFERENCES_WITH_VIDEO, type AnyVideoRequest, type ElementRef } from '../../domain/request.ts';
import type { RequestProblem } from '../../domain/problems.ts';

export const KLING_LABEL = 'Kling AI';
/** With a first (and last) frame, Omni takes at most three elements (Omni-Video reference, `element_list`). */
const MAX_ELEMENTS_WITH_FRAMES = 3;
/** image2video takes at most three elements (Image-to-Video reference, `element_list`). */
const MAX_IMAGE2VIDEO_ELEMENTS = 3;

/**
 * The capability map of Kling's Series 3.0 API reference (https://app.klingai.com/global/dev/document-api). Omni (`kling-v3-omni` on /omni-video): text, first/last frame, elements,
 * customized storyboards, reference images and video, audio; no negative prompt, no automatic shots.
 * Kling 3.0 (`kling-v3` on /text2video and /image2video): text, first/last frame and elements through
 * image2video, storyboards including `intelligence`, audio, negative prompt; no references.
 * Kling makes one video per task, so more variants are refused.
 */
export function klingCapabilities(model: ModelKey): ModelCapabilities {
  return kling3Capabilities(model, 1);
}

/** capabilityProblems() plus Kling's own combination rules. */
export function klingProblems(request: AnyVideoRequest): RequestProblem[] {
  const problems = capabilityProblems(klingCapabilities(request.model), request, KLING_LABEL);
  const model = modelInfo(request.model).label;
  const elements = request.elements ?? [];
  const frames = (request.firstFrame ? 1 : 0) + (request.lastFrame ? 1 : 0);
  if (frames > 0 && elements.length > MAX_ELEMENTS_WITH_FRAMES) {
    problems.push({ option: 'element', message: `at most ${MAX_ELEMENTS_WITH_FRAMES} elements with a first or last frame on ${KLING_LABEL}` });
  }
  if (isOmniModel(request.model)) {
    const references = request.referenceImages?.length ?? 0;
    // Seed 004: "setting an end frame is not supported when there are more than 2 images".
    if (request.lastFrame && frames + references > 2) {
      problems.push({ option: 'last_frame', message: `cannot be combined with reference images on ${KLING_LABEL}` });
    }
    // Frames travel in image_list too, so they count with reference images and elements.
    const limit = request.referenceVideo ? MAX_REFERENCES_WITH_VIDEO : MAX_REFERENCES;
    if (frames > 0 && frames + references + elements.length > limit) {
      problems.push({ option: 'reference_image', message: `frames, reference images and elements together can be at most ${limit} on ${KLING_LABEL}` });
    }
    if (request.referenceVideo && elements.some((e) => e.videoUrl)) {
      problems.push({ option: 'element', message: `video character elements cannot be used with a reference video on ${KLING_LABEL}` });
    }
  } else if (elements.length > 0) {
    // image2video needs its `image` (third-party copies of the docs mark it required), so elements need a frame.
    if (!request.firstFrame) {
      problems.push({ option: 'element', message: `needs a \`first_frame\` with ${model} on ${KLING_LABEL} (or use an Omni model)` });
    }
    if (elements.length > MAX_IMAGE2VIDEO_ELEMENTS) {
      problems.push({ option: 'element', message: `at most ${MAX_IMAGE2VIDEO_ELEMENTS} elements with ${model} on ${KLING_LABEL}` });
    }
  }
  for (const element of elements) {
    const problem = unregistrable(element);
    if (problem) problems.push({ option: 'element', message: problem });
  }
  return problems;
}

/**
 * Why an element cannot be used: one without a Kling id must be registered through
 * /v1/general/custom-elements, which takes images only (a frontal image, up to three more).
 */
function unregistrable(element: ElementRef): string | undefined {
  if (element.providerIds.kling) return undefined;
  if (!element.frontal) return `“${element.name}” has no frontal image, so it cannot be saved at ${KLING_LABEL}`;
  if (element.voiceUrl)
    return `“${element.name}” has a voice, which ${KLING_LABEL}’s element API cannot attach; create it in Kling’s app and pick it from the list`;
  return undefined;
}
