import { describe, expect, it } from 'vitest';
import { parseShots } from '../../src/domain/storyboard.ts';

describe('parseShots', () => {
  it('reads the compact syntax in several spellings', () => {
    expect(parseShots('2s wide shot of the valley | 3s close-up of the hiker')).toEqual({
      ok: true,
      shotType: 'customize',
      shots: [
        { duration: 2, prompt: 'wide shot of the valley' },
        { duration: 3, prompt: 'close-up of the hiker' },
      ],
    });
    expect(parseShots('2 s: dawn|4sec - noon | 1 seconds dusk')).toMatchObject({
      ok: true,
      shots: [
        { duration: 2, prompt: 'dawn' },
        { duration: 4, prompt: 'noon' },
        { duration: 1, prompt: 'dusk' },
      ],
    });
  });

  it('takes "auto" as automatic shot splitting', () => {
    expect(parseShots(' Auto ')).toEqual({ ok: true, shots: [], shotType: 'intelligence' });
  });

  it('names the shot that is wrong and why', () => {
    expect(parseShots('2s ok | wide shot')).toEqual({ ok: false, problems: ['shot 2 must start with its length, like `2s wide shot`'] });
    expect(parseShots('1.5s pan | 0s tilt')).toEqual({
      ok: false,
      problems: ['shot 1 must last a whole number of seconds, at least 1 (it says 1.5)', 'shot 2 must last a whole number of seconds, at least 1 (it says 0)'],
    });
    expect(parseShots('2s a | | 3s cut')).toEqual({
      ok: false,
      problems: ['shot 1 needs a description after its length', 'shot 2 is empty (two `|` in a row?)'],
    });
    expect(parseShots(`2s ${'x'.repeat(513)}`)).toEqual({ ok: false, problems: ['shot 1 is 513 characters (at most 512)'] });
    expect(parseShots(Array.from({ length: 7 }, () => '1s go').join('|'))).toMatchObject({ ok: false, problems: ['at most 6 shots (there are 7)'] });
  });
});
