import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';

describe('.env.example', () => {
  it('lists every setting the bot reads, each with a comment above it', () => {
    const lines = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').split('\n');
    const listed = lines.map((l, i) => ({ name: /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1], i })).filter((x): x is { name: string; i: number } => x.name !== undefined);
    expect(listed.map((x) => x.name).sort()).toEqual(Object.keys(configSchema.shape).sort());
    for (const { name, i } of listed) {
      let j = i - 1;
      while (j >= 0 && /^[A-Z][A-Z0-9_]*=/.test(lines[j] ?? '')) j--;
      expect(lines[j]?.startsWith('#'), `${name} has a comment`).toBe(true);
    }
  });
});
