import { describe, expect, it } from 'vitest';
import { ResultsFirst } from '../../src/discord/results-first.ts';

function deferred(): { promise: Promise<string>; resolve: (value: string) => void } {
  let resolve: (value: string) => void = () => undefined;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ResultsFirst', () => {
  it('lets an edit go at once when no result is being posted', async () => {
    const gate = new ResultsFirst(60_000);
    let went = false;
    await gate.afterResults().then(() => (went = true));
    expect(went).toBe(true);
  });

  it('holds edits until every result post under way has finished', async () => {
    const gate = new ResultsFirst(60_000);
    const first = deferred();
    const second = deferred();
    const posts = [gate.post(() => first.promise), gate.post(() => second.promise)];
    const order: string[] = [];
    const edit = gate.afterResults().then(() => order.push('edit'));
    first.resolve('a');
    await posts[0]?.then(() => order.push('first posted'));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['first posted']);
    second.resolve('b');
    expect(await posts[1]).toBe('b');
    await edit;
    expect(order).toEqual(['first posted', 'edit']);
  });

  it('releases the edits when a post fails', async () => {
    // A wait this long would time the test out: the edit must go because the failed post ended.
    const gate = new ResultsFirst(60_000);
    const failing = gate.post(() => Promise.reject(new Error('429')));
    await expect(failing).rejects.toThrow('429');
    await gate.afterResults();
  });

  it('lets an edit go after the longest wait when a post never ends', async () => {
    const gate = new ResultsFirst(20);
    const stuck = gate.post(() => new Promise<never>(() => undefined));
    void stuck;
    const started = Date.now();
    await gate.afterResults();
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });
});
