// Builders for unit tests of the Kling adapter: tasks, image refs, elements.
import type { ElementRef, ImageRef, VideoRequest } from '../../../src/domain/request.ts';
import type { Task } from '../../../src/domain/task.ts';

export function imageRef(name: string, contentType: ImageRef['contentType'] = 'image/png'): ImageRef {
  return { mediaId: `media-${name}`, contentType, width: 1280, height: 720, bytes: 1000, filename: `${name}.png` };
}

export function element(name: string, klingId?: string, extra: Partial<ElementRef> = {}): ElementRef {
  return { name, providerIds: klingId ? { kling: klingId } : {}, ...extra };
}

export function klingTask(id: string, overrides: Partial<VideoRequest> = {}): Task {
  return {
    id,
    request: { prompt: 'waves on a beach', model: 'kling-3-standard', duration: 5, aspectRatio: '16:9', sound: false, variants: 1, ...overrides },
    origin: { guildId: 'g', channelId: 'c', userId: 'u' },
    provider: 'kling',
    webhookToken: 'tok',
    status: 'pending',
    results: [],
    estimatedCost: { usd: 0.42, estimated: true },
    createdAt: 0,
  };
}
