import type { VideoRequest } from '../domain/request.ts';

/** Refreshes expired Discord attachment URLs in bulk; resolves original → fresh URL. */
export type UrlRefresher = (urls: string[]) => Promise<Map<string, string>>;

/** Re-sign URLs that expire within this margin (a provider may fetch a few minutes later). */
const MARGIN_MS = 60 * 60 * 1000;

/** When a signed Discord CDN URL stops working (its `ex` parameter, hex Unix seconds), if it has one. */
export function discordUrlExpiry(url: string): number | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (!/(^|\.)discord(app)?\.(com|net)$/.test(parsed.hostname)) return undefined;
  const ex = parsed.searchParams.get('ex');
  return ex && /^[0-9a-f]+$/i.test(ex) ? Number.parseInt(ex, 16) * 1000 : undefined;
}

/**
 * A copy of the request whose Discord attachment URLs (reference video, element voice/video) are
 * valid again. Images never need this: their bytes are kept. URLs that are not Discord's, not
 * expiring soon, or that Discord will not refresh are left as they are.
 */
export async function withFreshUrls(request: VideoRequest, refresh: UrlRefresher | undefined, now = Date.now()): Promise<VideoRequest> {
  if (!refresh) return request;
  const urls = [request.referenceVideo?.url, ...(request.elements ?? []).flatMap((e) => [e.voiceUrl, e.videoUrl])];
  const stale = [...new Set(urls.filter((u): u is string => u !== undefined && (discordUrlExpiry(u) ?? Infinity) < now + MARGIN_MS))];
  if (stale.length === 0) return request;
  const fresh = await refresh(stale);
  const swap = (url: string | undefined) => (url === undefined ? undefined : (fresh.get(url) ?? url));
  return {
    ...request,
    referenceVideo: request.referenceVideo ? { ...request.referenceVideo, url: swap(request.referenceVideo.url) ?? request.referenceVideo.url } : undefined,
    elements: request.elements?.map((e) => ({ ...e, voiceUrl: swap(e.voiceUrl), videoUrl: swap(e.videoUrl) })),
  };
}
