import { compositionProblems } from './composition-rules.ts';
import type { RequestProblem } from './problems.ts';
import { DURATION_MAX, DURATION_MIN, PROMPT_MAX, PROMPT_MIN, VARIANTS_MAX, type AnyVideoRequest } from './request.ts';

/** Checks a request against the limits every provider shares (https://runware.ai/docs/models/klingai-video-3-0-standard; https://app.klingai.com/global/dev/document-api). */
export function validateRequest(request: AnyVideoRequest, maxVariants = VARIANTS_MAX): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const promptLength = request.prompt.trim().length;
  if (promptLength < PROMPT_MIN || promptLength > PROMPT_MAX) {
    problems.push({ option: 'prompt', message: `must be ${PROMPT_MIN}–${PROMPT_MAX} characters (it is ${promptLength})` });
  }
  if (request.negativePrompt !== undefined) {
    const length = request.negativePrompt.trim().length;
    if (length < PROMPT_MIN || length > PROMPT_MAX) {
      problems.push({ option: 'negative_prompt', message: `must be ${PROMPT_MIN}–${PROMPT_MAX} characters (it is ${length})` });
    }
  }
  if (!Number.isInteger(request.duration) || request.duration < DURATION_MIN || request.duration > DURATION_MAX) {
    problems.push({ option: 'duration', message: `must be a whole number of seconds from ${DURATION_MIN} to ${DURATION_MAX}` });
  }
  if (!Number.isInteger(request.variants) || request.variants < 1 || request.variants > maxVariants) {
    problems.push({ option: 'variants', message: `must be from 1 to ${maxVariants}` });
  }
  if (request.lastFrame && !request.firstFrame) {
    problems.push({ option: 'last_frame', message: 'needs a first_frame too (a video cannot have only a last frame)' });
  }
  problems.push(...compositionProblems(request));
  return problems;
}
