import { describe, expect, it } from 'vitest';
import { quantile } from './quantiles.js';

describe('quantile', () => {
  it('interpolates between order statistics', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    // (10 - 1) * 0.9 = 8.1: between the 9th and 10th values.
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(quantile([5], 0.9)).toBe(5);
  });
  it('is null for nothing and refuses q outside 0..1', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(() => quantile([1], 1.5)).toThrow(/0 <= q <= 1/);
  });
});

describe('quantile at its boundaries', () => {
  it('gives the minimum at 0 and the maximum at 1, sorting numerically', () => {
    const values = [10, 2, 33, 4];
    expect(quantile(values, 0)).toBe(2);
    expect(quantile(values, 1)).toBe(33);
    // Sorted 2, 4, 10, 33: position 3 * 0.25 = 0.75 -> 2 + 0.75 * 2 = 3.5.
    expect(quantile(values, 0.25)).toBe(3.5);
    expect(values).toEqual([10, 2, 33, 4]);
  });

  it('refuses q below 0 and NaN', () => {
    expect(() => quantile([1], -0.1)).toThrow('a quantile needs 0 <= q <= 1');
    expect(() => quantile([1], Number.NaN)).toThrow('a quantile needs 0 <= q <= 1');
  });
});
