// What a result message must never do: lose a video link to Discord's embed limits, or post a link
// that is not https.
import { describe, expect, it } from 'vitest';
import type { MessageBody } from '../../src/discord/message-builders.ts';
import { resultMessage } from '../../src/discord/result-message.ts';
import type { VideoResult } from '../../src/domain/task.ts';
import { shownTask } from '../support/discord-tasks.ts';

type Embed = { title?: string; description?: string; fields: Array<{ name: string; value: string }>; footer?: { text: string }; author?: { name: string } };

const embedOf = (body: MessageBody) => (body.embeds as Embed[])[0] as Embed;

/** Characters Discord counts towards an embed's 6,000 (title, description, field names and values, footer, author). */
function embedChars(embed: Embed): number {
  const fields = embed.fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (embed.title ?? '').length + (embed.description ?? '').length + fields + (embed.footer?.text ?? '').length + (embed.author?.name ?? '').length;
}

function expectWithinLimits(embed: Embed): void {
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
  expect(embed.fields.length).toBeLessThanOrEqual(25);
  for (const f of embed.fields) {
    expect(f.name.length).toBeLessThanOrEqual(256);
    expect(f.value.length).toBeLessThanOrEqual(1024);
  }
  expect(embedChars(embed)).toBeLessThanOrEqual(6000);
}

describe('resultMessage within Discord’s embed limits', () => {
  it('a storyboard of six 512-character shots and four variants with long URLs delivers every video link', () => {
    const shots = Array.from({ length: 6 }, (_, i) => ({ duration: 2, prompt: `${i + 1}`.repeat(512) }));
    const results: VideoResult[] = Array.from({ length: 4 }, (_, i) => ({
      id: `v${i}`,
      url: `https://cdn.example/videos/${i}/${'x'.repeat(600)}.mp4?X-Signature=${'s'.repeat(250)}`,
    }));
    const base = shownTask();
    const task = shownTask({
      request: { ...base.request, prompt: 'p'.repeat(2500), duration: 12, variants: 4, shots, shotType: 'customize' },
      results,
      origin: { ...base.origin, sourceMessageUrl: 'https://discord.com/channels/123456789012345678/123456789012345678/123456789012345678' },
    });
    for (const expiresAt of [undefined, 1_700_000_000_000]) {
      const body = resultMessage(task, { providerLabel: 'Runware', videos: results.map((r) => ({ resultId: r.id, url: r.url, permanent: false, expiresAt })) });
      const embed = embedOf(body);
      expectWithinLimits(embed);
      const linked = embed.fields.flatMap((f) => [...f.value.matchAll(/\]\((https:[^)]+)\)/g)].map((m) => m[1]));
      expect(linked).toEqual(results.map((r) => r.url));
      expect(embed.description).toMatch(/^> p+…\n\*\*Shots\*\*\n1\. 2 s — 1+/);
      expect(body.content.length).toBeLessThan(200);
    }
  });

  it('a variant that did not come back and a long reason still fit', () => {
    const base = shownTask();
    const results: VideoResult[] = [0, 1, 2].map((i) => ({ id: `v${i}`, url: `https://cdn.example/${i}/${'y'.repeat(900)}.mp4` }));
    const task = shownTask({
      request: { ...base.request, prompt: 'q'.repeat(2500), variants: 4 },
      results,
      failure: { kind: 'unknown', userMessage: 'r'.repeat(2000) },
    });
    const embed = embedOf(resultMessage(task, { providerLabel: 'Runware' }));
    expectWithinLimits(embed);
    const linked = embed.fields.flatMap((f) => [...f.value.matchAll(/\]\((https:[^)]+)\)/g)].map((m) => m[1]));
    expect(linked).toEqual(results.map((r) => r.url));
  });
});

describe('resultMessage never posts a link that is not https', () => {
  const odd = ['javascript:alert(document.cookie)', 'data:video/mp4;base64,AAAAIGZ0eXBpc29t', 'file:///etc/passwd', 'http://cdn.example/plain.mp4'];

  it('names the video but leaves out its link', () => {
    const base = shownTask();
    const results: VideoResult[] = odd.map((url, i) => ({ id: `v${i}`, url, thumbnailUrl: url }));
    for (const videos of [undefined, results.map((r) => ({ resultId: r.id, url: r.url, permanent: false }))]) {
      const body = resultMessage(shownTask({ request: { ...base.request, variants: 4 }, results }), { providerLabel: 'Runware', videos });
      const text = JSON.stringify(body);
      for (const url of odd) expect(text).not.toContain(url);
      expect(
        embedOf(body)
          .fields.find((f) => f.name === 'Videos')
          ?.value.split('\n'),
      ).toEqual([1, 2, 3, 4].map((n) => `Video ${n} · the provider sent a link that is not https, so it is not posted`));
      expect(embedOf(body)).not.toHaveProperty('url');
      expect(embedOf(body)).not.toHaveProperty('thumbnail');
    }
  });

  it('posts http links only when allowed (local testing)', () => {
    const task = shownTask({ results: [{ id: 'v', url: 'http://127.0.0.1:9000/v.mp4' }] });
    const body = resultMessage(task, {
      providerLabel: 'Runware',
      allowHttpLinks: true,
      videos: [{ resultId: 'v', url: 'http://127.0.0.1:9000/v.mp4', permanent: false }],
    });
    expect(embedOf(body).fields.at(-1)?.value).toBe('[Video](http://127.0.0.1:9000/v.mp4) · link from Runware');
    const data = resultMessage(shownTask({ results: [{ id: 'v', url: 'data:text/html,hi' }] }), { providerLabel: 'Runware', allowHttpLinks: true });
    expect(JSON.stringify(data)).not.toContain('data:text/html');
  });
});
