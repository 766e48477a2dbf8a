import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_N, effectiveMinN, withMinimumN } from './minimum-n.js';

describe('withMinimumN', () => {
  it('reports insufficient data below the default of 10', () => {
    expect(DEFAULT_MIN_N).toBe(10);
    expect(withMinimumN(9, () => ({ value: 1 }))).toEqual({
      status: 'insufficient-data',
      n: 9,
      minN: 10,
    });
  });

  it('computes at and above the threshold, tagging the result ok', () => {
    expect(withMinimumN(10, () => ({ value: 1 }))).toEqual({ status: 'ok', value: 1 });
    expect(withMinimumN(3, () => ({ value: 2 }), 3)).toEqual({ status: 'ok', value: 2 });
  });

  it('does not run the computation for a small group', () => {
    let ran = false;
    withMinimumN(1, () => {
      ran = true;
      return {};
    });
    expect(ran).toBe(false);
  });
});

describe('effectiveMinN', () => {
  it('never goes below what the formula needs', () => {
    expect(effectiveMinN(undefined, 2)).toBe(10);
    expect(effectiveMinN(0, 2)).toBe(2);
    expect(effectiveMinN(30, 2)).toBe(30);
    expect(() => effectiveMinN(2.5, 1)).toThrow(/minN/);
  });
});

describe('effectiveMinN at its boundaries', () => {
  it('takes 0 and refuses negative or fractional thresholds, naming them', () => {
    expect(effectiveMinN(0, 0)).toBe(0);
    expect(() => effectiveMinN(-1, 1)).toThrow('minN must be a whole number >= 0, got -1');
    expect(() => effectiveMinN(2.5, 1)).toThrow('minN must be a whole number >= 0, got 2.5');
  });

  it('computes at exactly a custom threshold and not one below', () => {
    expect(withMinimumN(4, () => ({ value: 3 }), 5)).toEqual({
      status: 'insufficient-data',
      n: 4,
      minN: 5,
    });
    expect(withMinimumN(5, () => ({ value: 3 }), 5)).toEqual({ status: 'ok', value: 3 });
  });
});
