import { describe, expect, it } from 'vitest';
import { shannonEntropy } from '../../src/engine/entropy.js';

describe('shannonEntropy', () => {
  it('is 0 for empty and single-symbol strings', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
  });

  it('is log2(n) bits for n equally frequent symbols', () => {
    expect(shannonEntropy('ab')).toBeCloseTo(1);
    expect(shannonEntropy('abcd')).toBeCloseTo(2);
    expect(shannonEntropy('0123456789abcdef')).toBeCloseTo(4);
  });

  it('ranks a random token above an English word of the same length', () => {
    expect(shannonEntropy('q8Zr2LmX0vBn7TcY')).toBeGreaterThan(shannonEntropy('passwordpassword') + 1);
  });

  it('counts astral characters once', () => {
    expect(shannonEntropy('😀😀')).toBe(0);
  });
});
