import { describe, expect, it } from 'vitest';
import { formatDuration, isPostableUrl, quotePrompt, requestSummary, unixSeconds } from '../../src/discord/message-builders.ts';
import { FRAME, shownTask } from '../support/discord-tasks.ts';

const request = shownTask().request;

describe('requestSummary', () => {
  it('names model, duration, ratio, sound, frames and variants', () => {
    expect(requestSummary({ ...request, model: 'kling-3-omni-pro', sound: false, aspectRatio: '9:16', duration: 10, variants: 3, firstFrame: FRAME })).toBe(
      '**Kling 3.0 Omni Pro (1080p)** · 10 s · 9:16 · sound off · first frame · 3 variants',
    );
    expect(requestSummary({ ...request, firstFrame: FRAME, lastFrame: FRAME })).toBe(
      '**Kling 3.0 Standard (720p)** · 5 s · 16:9 · sound on · first + last frame',
    );
    expect(requestSummary(request)).toBe('**Kling 3.0 Standard (720p)** · 5 s · 16:9 · sound on · text only');
  });

  it('names elements, storyboards, references and a reference video', () => {
    const elements = [
      { name: 'hero', providerIds: {} },
      { name: 'dragon', providerIds: {} },
    ];
    expect(
      requestSummary({
        ...request,
        elements,
        shots: [
          { prompt: 'a', duration: 2 },
          { prompt: 'b', duration: 3 },
        ],
      }),
    ).toBe('**Kling 3.0 Standard (720p)** · 5 s · 16:9 · sound on · elements: hero, dragon · storyboard of 2 shots');
    expect(requestSummary({ ...request, shotType: 'intelligence', referenceImages: [FRAME] })).toContain('automatic shots · 1 reference image');
    expect(requestSummary({ ...request, referenceImages: [FRAME, FRAME] })).toContain('· 2 reference images');
    const video = { url: 'https://cdn.discordapp.com/v.mp4', mode: 'base' as const, keepOriginalSound: true };
    expect(requestSummary({ ...request, referenceVideo: video })).toContain('· reference video (edit, own sound kept)');
    expect(requestSummary({ ...request, referenceVideo: { ...video, mode: 'feature', keepOriginalSound: false } })).toContain(
      '· reference video (motion/style)',
    );
  });
});

describe('formatDuration', () => {
  it('shows seconds, or minutes with two-digit seconds', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59_400)).toBe('59s');
    expect(formatDuration(60_000)).toBe('1m 00s');
    expect(formatDuration(75_000)).toBe('1m 15s');
    expect(formatDuration(-5_000)).toBe('0s');
  });
});

describe('quotePrompt', () => {
  it('quotes every line and shortens to the limit with an ellipsis', () => {
    expect(quotePrompt('one\ntwo')).toBe('> one\n> two');
    expect(quotePrompt('x'.repeat(300))).toBe(`> ${'x'.repeat(300)}`);
    expect(quotePrompt('x'.repeat(301))).toBe(`> ${'x'.repeat(299)}…`);
    expect(quotePrompt('abcdef', 4)).toBe('> abc…');
  });
});

describe('isPostableUrl and unixSeconds', () => {
  it('posts https links only (http only when allowed)', () => {
    expect(isPostableUrl('https://cdn.example/v.mp4')).toBe(true);
    expect(isPostableUrl('http://cdn.example/v.mp4')).toBe(false);
    expect(isPostableUrl('http://cdn.example/v.mp4', true)).toBe(true);
    for (const odd of ['javascript:alert(1)', 'data:video/mp4;base64,AAAA', 'file:///etc/passwd', 'ftp://x/v.mp4', 'not a url', '']) {
      expect(isPostableUrl(odd, true)).toBe(false);
    }
  });

  it('turns milliseconds into whole Unix seconds', () => {
    expect(unixSeconds(1_700_000_000_999)).toBe(1_700_000_000);
  });
});
