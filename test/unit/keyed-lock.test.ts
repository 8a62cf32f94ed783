import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../src/store/keyed-lock.ts';

describe('KeyedLock', () => {
  it('runs same-key work one at a time, in call order', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const job = (name: string, ms: number) =>
      lock.run('k', async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        events.push(`start ${name}`);
        await sleep(ms);
        events.push(`end ${name}`);
        running -= 1;
        return name;
      });
    const results = await Promise.all([job('a', 30), job('b', 5), job('c', 1)]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(maxRunning).toBe(1);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs different keys concurrently', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    let releaseA!: () => void;
    const gateA = new Promise<void>((resolve) => {
      releaseA = resolve;
    });
    const a = lock.run('a', async () => {
      events.push('start a');
      await gateA;
      events.push('end a');
    });
    // b must be able to finish while a is still holding its key.
    await lock.run('b', async () => {
      events.push('b');
    });
    expect(events).toEqual(['start a', 'b']);
    releaseA();
    await a;
    expect(events).toEqual(['start a', 'b', 'end a']);
  });

  it('a failing job rejects its caller but does not block the key', async () => {
    const lock = new KeyedLock();
    const first = lock.run('k', async () => {
      await sleep(5);
      throw new Error('nope');
    });
    const second = lock.run('k', async () => 'ok');
    await expect(first).rejects.toThrow('nope');
    await expect(second).resolves.toBe('ok');
    await expect(lock.run('k', async () => 42)).resolves.toBe(42);
  });

  it('serialises a read-modify-write that would otherwise lose updates', async () => {
    const lock = new KeyedLock();
    let counter = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        lock.run('counter', async () => {
          const read = counter;
          await sleep(1);
          counter = read + 1;
        }),
      ),
    );
    expect(counter).toBe(10);
  });
});
