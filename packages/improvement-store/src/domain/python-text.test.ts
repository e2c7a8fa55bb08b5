import { describe, expect, it } from 'vitest';
import { codePointLength, pythonStrip, roundHalfEven } from './python-text.js';

describe('python text semantics', () => {
  it('counts code points like len()', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀')).toBe(1);
    expect('😀'.length).toBe(2);
    expect(codePointLength('a😀b👍🏽')).toBe(5);
    expect(codePointLength('\ud800x')).toBe(2);
  });

  it('strips what str.strip() strips and keeps U+FEFF', () => {
    expect(pythonStrip('\u001c\u001f hi \u0085\u3000')).toBe('hi');
    expect(pythonStrip('\ufeffhi\ufeff')).toBe('\ufeffhi\ufeff');
    expect('\ufeffhi'.trim()).toBe('hi');
    expect(pythonStrip('\u001chi'.trim())).toBe('hi');
  });

  it('rounds exact binary ties half to even and everything else correctly', () => {
    // 0.0625 and 0.1875 are exact binary fractions: true ties at 3 decimals.
    expect(roundHalfEven(0.0625, 3)).toBe(0.062);
    expect(roundHalfEven(0.1875, 3)).toBe(0.188);
    expect(roundHalfEven(0.3125, 3)).toBe(0.312);
    expect(roundHalfEven(0.9375, 3)).toBe(0.938);
    // Non-dyadic "ties" are not ties: 0.0015 is stored just above it, 2.675 just below.
    expect(roundHalfEven(0.0015, 3)).toBe(0.002);
    expect(roundHalfEven(2.675, 2)).toBe(2.67);
    expect(roundHalfEven(0.5, 0)).toBe(0);
    expect(roundHalfEven(1.5, 0)).toBe(2);
    expect(roundHalfEven(2.5, 0)).toBe(2);
    expect(roundHalfEven(-2.5, 0)).toBe(-2);
    expect(roundHalfEven(0.7000000000000001, 3)).toBe(0.7);
  });
});
