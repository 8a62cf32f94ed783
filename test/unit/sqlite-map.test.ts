import Keyv from 'keyv';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteMap } from '../../src/store/sqlite-map.ts';

let dir: string;
let open: SqliteMap[];

function openMap(path: string): SqliteMap {
  const map = new SqliteMap(path);
  open.push(map);
  return map;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-map-test-'));
  open = [];
});

afterEach(() => {
  for (const map of open) {
    try {
      map.close();
    } catch {
      // already closed by the test
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteMap', () => {
  it('persists values across close and reopen', () => {
    const path = join(dir, 'nested', 'deeper', 'bot.sqlite');
    const first = openMap(path);
    first.set('task:1', { id: '1', status: 'queued', results: [{ url: 'https://x/1.mp4' }] });
    first.set('open', ['1', '2']);
    first.set('count', 3);
    first.close();

    const second = openMap(path);
    expect(second.get('task:1')).toEqual({ id: '1', status: 'queued', results: [{ url: 'https://x/1.mp4' }] });
    expect(second.get('open')).toEqual(['1', '2']);
    expect(second.get('count')).toBe(3);
    expect(second.get('missing')).toBeUndefined();
  });

  it('overwrites, deletes, checks and clears', () => {
    const map = openMap(join(dir, 'a.sqlite'));
    expect(map.set('k', 'one')).toBe(map);
    map.set('k', 'two');
    expect(map.get('k')).toBe('two');
    expect(map.has('k')).toBe(true);
    expect(map.has('nope')).toBe(false);
    expect(map.delete('k')).toBe(true);
    expect(map.delete('k')).toBe(false);
    expect(map.has('k')).toBe(false);
    map.set('x', 1);
    map.set('y', 2);
    expect([...map.entries()].sort()).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
    expect([...map.keys()].sort()).toEqual(['x', 'y']);
    expect([...map].length).toBe(2);
    map.clear();
    expect([...map.keys()]).toEqual([]);
  });

  it('works in memory', () => {
    const map = openMap(':memory:');
    map.set('a', { b: [1, 2] });
    expect(map.get('a')).toEqual({ b: [1, 2] });
  });

  it('backs Keyv so stored tasks survive a restart', async () => {
    const path = join(dir, 'keyv.sqlite');
    const firstMap = openMap(path);
    const first = new Keyv({ store: firstMap, namespace: 'bot' });
    await first.set('task:abc', { id: 'abc', status: 'succeeded' });
    firstMap.close();

    const secondMap = openMap(path);
    const second = new Keyv({ store: secondMap, namespace: 'bot' });
    expect(await second.get('task:abc')).toEqual({ id: 'abc', status: 'succeeded' });
    expect(await second.get('task:other')).toBeUndefined();
  });
});
