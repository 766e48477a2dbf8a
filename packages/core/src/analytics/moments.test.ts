import { describe, expect, it } from 'vitest';
import { mergeMoments, momentsFromValues, sampleVariance } from './moments.js';

describe('moments', () => {
  it('collects n, sum and sum of squares', () => {
    expect(momentsFromValues([1, 2, 3, 4])).toEqual({ n: 4, sum: 10, sumSq: 30 });
  });

  it('merges disjoint groups by adding', () => {
    const merged = mergeMoments(momentsFromValues([1, 2]), momentsFromValues([3, 4]));
    expect(merged).toEqual(momentsFromValues([1, 2, 3, 4]));
  });

  it('gives the n - 1 variance, 0 for fewer than two values, and never a negative one', () => {
    expect(sampleVariance({ n: 4, sum: 10, sumSq: 30 })).toBeCloseTo(5 / 3, 14);
    expect(sampleVariance({ n: 1, sum: 7, sumSq: 49 })).toBe(0);
    // A constant large value: raw sums cancel to a tiny negative number before clamping.
    const constant = momentsFromValues(new Array<number>(7).fill(123456.789));
    expect(sampleVariance(constant)).toBeGreaterThanOrEqual(0);
    expect(sampleVariance(constant)).toBeLessThan(1e-6);
  });

  it('rejects non-finite values', () => {
    expect(() => momentsFromValues([1, NaN])).toThrow(/finite/);
  });
});

describe('moments at their boundaries', () => {
  it('gives a variance from two values on', () => {
    // 1 and 2: mean 1.5, squares 0.25 + 0.25 over n - 1 = 1.
    expect(sampleVariance({ n: 2, sum: 3, sumSq: 5 })).toBe(0.5);
    expect(sampleVariance({ n: 0, sum: 0, sumSq: 0 })).toBe(0);
  });

  it('names the value it refuses', () => {
    expect(() => momentsFromValues([1, Infinity])).toThrow(
      'values must be finite numbers, got Infinity',
    );
    expect(momentsFromValues([])).toEqual({ n: 0, sum: 0, sumSq: 0 });
  });
});
