import { MAX_ELEMENTS, MAX_REFERENCES, MAX_REFERENCES_WITH_VIDEO, MAX_SHOTS, SHOT_PROMPT_MAX, type AnyVideoRequest } from './request.ts';
import type { RequestProblem } from './problems.ts';

/**
 * Limits on how storyboards, elements, reference images and a reference video combine, shared by
 * every provider (https://runware.ai/docs/models/klingai-video-3-0-standard; https://docs.imini.ai/en/api-reference/videos/kling-v3-omni; https://app.klingai.com/global/dev/document-api). Provider-specific gaps are checked by capabilities.
 */
export function compositionProblems(request: AnyVideoRequest): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const shots = request.shots ?? [];
  if (shots.length > 0) {
    if (shots.length > MAX_SHOTS) problems.push({ option: 'shots', message: `can have at most ${MAX_SHOTS} shots (there are ${shots.length})` });
    shots.forEach((shot, index) => {
      const n = index + 1;
      if (shot.prompt.trim().length < 2) problems.push({ option: 'shots', message: `shot ${n} needs a prompt` });
      if (shot.prompt.length > SHOT_PROMPT_MAX)
        problems.push({ option: 'shots', message: `shot ${n}'s prompt is ${shot.prompt.length} characters (at most ${SHOT_PROMPT_MAX})` });
      if (!Number.isInteger(shot.duration) || shot.duration < 1)
        problems.push({ option: 'shots', message: `shot ${n} must last a whole number of seconds, at least 1` });
    });
    const total = shots.reduce((sum, shot) => sum + shot.duration, 0);
    if (total !== request.duration) {
      problems.push({ option: 'shots', message: `the shots last ${total} s in all but \`duration\` is ${request.duration} s: they must be equal` });
    }
  }
  const elements = request.elements?.length ?? 0;
  const images = request.referenceImages?.length ?? 0;
  if (elements > MAX_ELEMENTS) problems.push({ option: 'element', message: `at most ${MAX_ELEMENTS} elements per video (there are ${elements})` });
  const video = request.referenceVideo;
  const limit = video ? MAX_REFERENCES_WITH_VIDEO : MAX_REFERENCES;
  if (elements + images > limit) {
    problems.push({
      option: images > 0 ? 'reference_image' : 'element',
      message: `reference images and elements together can be at most ${limit}${video ? ' with a reference video' : ''} (there are ${elements + images})`,
    });
  }
  if (video) {
    if (request.sound) {
      problems.push({
        option: 'sound',
        message: 'cannot be on with a reference video (the model generates no audio then); use `keep_original_sound` to keep the video’s own sound',
      });
    }
    if (video.mode === 'base' && request.firstFrame) {
      problems.push({
        option: 'first_frame',
        message: 'cannot be used when editing a video (`video_mode: base`); use `video_mode: feature` or drop the frame',
      });
    }
    if (video.mode === 'base' && elements > 0) {
      problems.push({ option: 'element', message: 'cannot be used when editing a video (`video_mode: base`)' });
    }
    if (video.bytes !== undefined && video.bytes > 200 * 1024 * 1024) problems.push({ option: 'reference_video', message: 'must be at most 200 MB' });
    const type = (video.contentType ?? '').toLowerCase();
    const ext = (video.filename ?? '').toLowerCase().split('.').pop();
    if (video.contentType !== undefined || video.filename !== undefined) {
      if (!['video/mp4', 'video/quicktime'].includes(type) && !['mp4', 'mov'].includes(ext ?? '')) {
        problems.push({ option: 'reference_video', message: 'must be an MP4 or MOV video' });
      }
    }
  }
  return problems;
}
