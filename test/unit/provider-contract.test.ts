// What every adapter promises the rest of the bot, checked on all three.
import { describe, expect, it } from 'vitest';
import { IminiProvider } from '../../src/providers/imini/imini-provider.ts';
import { KlingProvider } from '../../src/providers/kling/kling-provider.ts';
import type { VideoProvider } from '../../src/providers/provider.ts';
import { RunwareProvider } from '../../src/providers/runware/runware-provider.ts';
import { makeTask } from '../support/tasks.ts';

const runware = new RunwareProvider({ apiKey: 'k', apiUrl: 'http://127.0.0.1:9/v1' });
const kling = new KlingProvider({ apiUrl: 'http://127.0.0.1:9', apiKey: 'k', unitPriceUsd: 0.14 });
const imini = new IminiProvider({ apiUrl: 'http://127.0.0.1:9/imini/router', apiKey: 'k', prices: '' });
const DAY_MS = 24 * 60 * 60 * 1000;
const task = makeTask({ request: { model: 'kling-3-standard', duration: 5 } });

describe('every adapter', () => {
  it.each<[string, VideoProvider, { usd: number; units?: number; estimated: boolean }]>([
    ['runware', runware, { usd: 0.42, estimated: true }],
    ['kling', kling, { usd: 0.42, units: 3, estimated: true }],
    ['imini', imini, { usd: 0.42, estimated: true }],
  ])('%s prices its own requests', (_name, provider, expected) => {
    expect(provider.estimateCost(task.request)).toEqual(expected);
  });

  it('says when its result URLs stop working: Kling after 30 days, the others do not say', () => {
    const completedAt = Date.UTC(2026, 10, 1);
    expect(kling.resultExpiry(task, completedAt)).toBe(completedAt + 30 * DAY_MS);
    expect(runware.resultExpiry(task, completedAt)).toBeUndefined();
    expect(imini.resultExpiry(task, completedAt)).toBeUndefined();
  });

  it('judges a request on its own, without a task around it', () => {
    const request = { ...task.request, model: 'kling-3-4k' as const, variants: 2 };
    expect(runware.unsupported(request)).toEqual([]);
    expect(kling.unsupported(request).map((p) => p.option)).toEqual(['variants']);
    expect(imini.unsupported(request).map((p) => p.option)).toEqual(['model']);
  });
});
