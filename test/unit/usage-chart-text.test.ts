import { describe, expect, it } from 'vitest';
import { cleanLabel, formatDollars, formatDollarTick, truncateToWidth } from '../../src/usage/chart-text.ts';

/** Stand-in for measureText: 10 px per UTF-16 code unit. */
const measure = (text: string): number => text.length * 10;

describe('formatDollars', () => {
  it('writes dollars and cents with thousands separators', () => {
    expect(formatDollars(12.34)).toBe('$12.34');
    expect(formatDollars(0.42)).toBe('$0.42');
    expect(formatDollars(1234.5)).toBe('$1,234.50');
    expect(formatDollars(0)).toBe('$0.00');
  });

  it('does not show a small non-zero amount as $0.00', () => {
    expect(formatDollars(0.004)).toBe('<$0.01');
    expect(formatDollars(0.005)).toBe('$0.01');
  });

  it('labels axis ticks in whole dollars from a $10 axis up', () => {
    expect(formatDollarTick(20, 45)).toBe('$20');
    expect(formatDollarTick(1500, 4000)).toBe('$1,500');
    expect(formatDollarTick(0.5, 2)).toBe('$0.50');
  });
});

describe('cleanLabel', () => {
  it('puts a name on one line and drops bidi overrides', () => {
    expect(cleanLabel('  Ana\n\tBo\r\nCy  ')).toBe('Ana Bo Cy');
    expect(cleanLabel('evil\u202Egnp.exe')).toBe('evilgnp.exe');
  });

  it('keeps emoji sequences (zero-width joiners, skin tones)', () => {
    expect(cleanLabel('👩🏽‍💻 dev')).toBe('👩🏽‍💻 dev');
  });

  it('uses the fallback for an empty name', () => {
    expect(cleanLabel(' \n ')).toBe('(unnamed)');
    expect(cleanLabel('', 'Spending')).toBe('Spending');
  });
});

describe('truncateToWidth', () => {
  it('leaves text that fits alone', () => {
    expect(truncateToWidth('Ana', 30, measure)).toBe('Ana');
  });

  it('cuts to the longest prefix that fits with an ellipsis', () => {
    const cut = truncateToWidth('Alexander Hamilton', 100, measure);
    expect(cut).toBe('Alexander…');
    expect(measure(cut)).toBeLessThanOrEqual(100);
  });

  it('never splits an emoji sequence or a letter with combining marks', () => {
    const text = 'ab👩🏽‍💻👩🏽‍💻🇺🇦cd';
    const whole = ['', 'a', 'ab', 'ab👩🏽‍💻', 'ab👩🏽‍💻👩🏽‍💻', 'ab👩🏽‍💻👩🏽‍💻🇺🇦', 'ab👩🏽‍💻👩🏽‍💻🇺🇦c'];
    for (let width = 10; width < measure(text); width += 5) {
      const cut = truncateToWidth(text, width, measure);
      expect(cut.endsWith('…')).toBe(true);
      expect(whole).toContain(cut.slice(0, -1));
    }
    expect(truncateToWidth('e\u0301e\u0301e\u0301e\u0301', 40, measure)).toBe('e\u0301…');
  });

  it('drops trailing spaces before the ellipsis', () => {
    expect(truncateToWidth('Ana Maria Lopez', 50, measure)).toBe('Ana…');
  });
});
