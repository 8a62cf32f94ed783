import { capabilityProblems, type ModelCapabilities, kling3Capabilities } from '../../domain/capabilities.ts';
import { modelInfo, type ModelKey } from '../../domain/models.ts';
import type { VideoRequest, AnyVideoRequest } from '../../domain/request.ts';
import type { RequestProblem } from '../../domain/problems.ts';
import { isOmni } from './runware-request.ts';

export const RUNWARE_LABEL = 'Runware';

/**
 * What Runware's Kling 3.0 pages allow (https://runware.ai/docs/models/klingai-video-3-0-standard,
 * https://runware.ai/docs/models/klingai-video-3-0-omni-pro and their siblings): every model takes
 * text, frames, elements, storyboards, audio and up to four results; only Omni takes references,
 * only Kling 3.0 takes automatic shots and a negative prompt.
 */
export function runwareCapabilities(model: ModelKey): ModelCapabilities {
  return kling3Capabilities(model, 4);
}

/** capabilityProblems() plus the model-page rule that Kling 3.0 (non-Omni) elements need frame images. */
export function runwareProblems(request: AnyVideoRequest): RequestProblem[] {
  const problems = capabilityProblems(runwareCapabilities(request.model), request, RUNWARE_LABEL);
  if (request.elements?.length && !isOmni(request.model) && !request.firstFrame) {
    problems.push({ option: 'element', message: `needs a \`first_frame\` with ${modelInfo(request.model).label} on Runware (or use an Omni model)` });
  }
  return problems;
}
