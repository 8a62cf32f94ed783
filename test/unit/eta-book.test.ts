import { describe, expect, it } from 'vitest';
import { EtaBook } from '../../src/flow/eta-book.ts';
import { memoryStore } from '../support/store.ts';

describe('EtaBook', () => {
  it('guesses from duration and tier before any sample', async () => {
    const book = new EtaBook((await memoryStore()).kv);
    expect(await book.estimate('kling-3-standard', 5)).toEqual({ expectedMs: 135_000, samples: 0 });
    expect(await book.estimate('kling-3-omni-pro', 10)).toEqual({ expectedMs: 315_000, samples: 0 });
    expect(await book.estimate('kling-3-4k', 4)).toEqual({ expectedMs: 360_000, samples: 0 });
  });

  it('learns a running mean per model and duration, weighting recent tasks at least 20%', async () => {
    const book = new EtaBook((await memoryStore()).kv);
    await book.record('kling-3-pro', 5, 100_000);
    expect(await book.estimate('kling-3-pro', 5)).toEqual({ expectedMs: 100_000, samples: 1 });
    await book.record('kling-3-pro', 5, 200_000);
    expect(await book.estimate('kling-3-pro', 5)).toEqual({ expectedMs: 150_000, samples: 2 });
    for (let i = 0; i < 4; i++) await book.record('kling-3-pro', 5, 150_000);
    expect(await book.estimate('kling-3-pro', 5)).toEqual({ expectedMs: 150_000, samples: 6 });
    await book.record('kling-3-pro', 5, 250_000);
    // weight max(1/7, 0.2) = 0.2
    expect(await book.estimate('kling-3-pro', 5)).toEqual({ expectedMs: 170_000, samples: 7 });
    expect((await book.estimate('kling-3-pro', 6)).samples).toBe(0);
  });

  it('survives a restart through the store once flushed', async () => {
    const { kv } = await memoryStore();
    const book = new EtaBook(kv);
    await book.record('kling-3-standard', 8, 77_000);
    expect(await kv.get('eta:kling-3-standard:8')).toBeUndefined();
    await book.flush();
    expect(await new EtaBook(kv).estimate('kling-3-standard', 8)).toEqual({ expectedMs: 77_000, samples: 1 });
  });

  it('writes what it learned on its own after a while, all keys together', async () => {
    const { kv } = await memoryStore();
    const book = new EtaBook(kv, { flushAfterMs: 20 });
    await book.record('kling-3-standard', 5, 50_000);
    await book.record('kling-3-pro', 10, 90_000);
    await expect.poll(async () => kv.get('eta:kling-3-pro:10')).toEqual({ samples: 1, meanMs: 90_000 });
    expect(await kv.get('eta:kling-3-standard:5')).toEqual({ samples: 1, meanMs: 50_000 });
  });
});
