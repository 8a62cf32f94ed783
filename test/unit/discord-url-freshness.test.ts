import { describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../src/domain/request.ts';
import { discordUrlExpiry, withFreshUrls } from '../../src/media/discord-url-freshness.ts';

const hex = (ms: number) => Math.floor(ms / 1000).toString(16);
const now = 1_800_000_000_000;
const base: VideoRequest = { prompt: 'p', model: 'kling-3-omni-pro', duration: 5, aspectRatio: '16:9', sound: false, variants: 1 };

describe('Discord attachment URL freshness', () => {
  it('reads the expiry of signed Discord CDN URLs only', () => {
    expect(discordUrlExpiry(`https://cdn.discordapp.com/attachments/1/2/a.mp4?ex=${hex(now)}&is=0&hm=x`)).toBe(now);
    expect(discordUrlExpiry(`https://media.discordapp.net/attachments/1/2/a.mp4?ex=${hex(now)}`)).toBe(now);
    expect(discordUrlExpiry(`https://example.com/a.mp4?ex=${hex(now)}`)).toBeUndefined();
    expect(discordUrlExpiry('https://cdn.discordapp.com/attachments/1/2/a.mp4')).toBeUndefined();
    expect(discordUrlExpiry('not a url')).toBeUndefined();
  });

  it('refreshes only URLs that expire within the hour, once each, and leaves the rest', async () => {
    const stale = `https://cdn.discordapp.com/a/v.mp4?ex=${hex(now + 10 * 60_000)}`;
    const fresh = `https://cdn.discordapp.com/a/w.mp3?ex=${hex(now + 5 * 3_600_000)}`;
    const asked: string[][] = [];
    const refresh = async (urls: string[]) => {
      asked.push(urls);
      return new Map(urls.map((u) => [u, `${u}&new`]));
    };
    const request: VideoRequest = {
      ...base,
      referenceVideo: { url: stale, mode: 'feature', keepOriginalSound: false },
      elements: [
        { name: 'a', voiceUrl: fresh, providerIds: {} },
        { name: 'b', videoUrl: stale, providerIds: {} },
      ],
    };
    const out = await withFreshUrls(request, refresh, now);
    expect(asked).toEqual([[stale]]);
    expect(out.referenceVideo?.url).toBe(`${stale}&new`);
    expect(out.elements?.[0]?.voiceUrl).toBe(fresh);
    expect(out.elements?.[1]?.videoUrl).toBe(`${stale}&new`);
    expect(request.referenceVideo?.url).toBe(stale); // the input is not changed
    expect(await withFreshUrls(base, refresh, now)).toBe(base);
  });
});
