// Builders for unit tests of the Kling adapter: tasks, image refs, elements.
import type { ElementRef, ImageRef, VideoRequest } from '../../../src/domain/request.ts';
import type { Task } from '../../../src/domain/task.ts';
import { makeTask } from '../tasks.ts';

export function imageRef(name: string, contentType: ImageRef['contentType'] = 'image/png'): ImageRef {
  return { mediaId: `media-${name}`, contentType, width: 1280, height: 720, bytes: 1000, filename: `${name}.png` };
}

export function element(name: string, klingId?: string, extra: Partial<ElementRef> = {}): ElementRef {
  return { name, providerIds: klingId ? { kling: klingId } : {}, ...extra };
}

export function klingTask(id: string, overrides: Partial<VideoRequest> = {}): Task {
  return makeTask({ id, provider: 'kling', request: { prompt: 'waves on a beach', ...overrides } });
}
