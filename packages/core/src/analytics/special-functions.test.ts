import { describe, expect, it } from 'vitest';
import { erfc, logBeta, logGamma, regularizedIncompleteBeta } from './special-functions.js';

// Reference values from mpmath at 30 digits.
function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('logGamma', () => {
  it.each([
    [0.1, 2.252712651734206],
    [3.7, 1.428072326665388],
    [100.5, 361.4355404677776],
    [1e6, 12815504.569147611],
  ])('logGamma(%d)', (x, expected) => {
    expect(relativeError(logGamma(x), expected)).toBeLessThan(1e-13);
  });

  it('is exact enough at integers to recover factorials', () => {
    expect(Math.exp(logGamma(10))).toBeCloseTo(362880, 6);
  });
});

describe('logBeta', () => {
  it.each([
    [2, 3, -2.4849066497880004],
    [0.5, 7.5, -0.41843218138198124],
    [15, 0.5, -0.773328365452232],
    [1e6, 0.5, -6.335390211057437],
    [30, 40, -48.30174909591612],
  ])('logBeta(%d, %d)', (a, b, expected) => {
    expect(relativeError(logBeta(a, b), expected)).toBeLessThan(1e-13);
  });
});

describe('regularizedIncompleteBeta', () => {
  it.each([
    [0.3, 2, 3, 0.3483],
    [0.9, 0.5, 7.5, 0.9999999932897103],
    [0.01, 15, 0.5, 1.4514644320395834e-31],
    [0.5, 30, 40, 0.8857998873233515],
  ])('I_%d(%d, %d)', (x, a, b, expected) => {
    expect(relativeError(regularizedIncompleteBeta(x, a, b), expected)).toBeLessThan(1e-12);
  });

  it('is 0 and 1 at the ends', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe('erfc', () => {
  it.each([
    [0.1, 0.887537083981715],
    [0.5, 0.4795001221869535],
    [1.2, 0.08968602177036464],
    [1.3, 0.06599205505934755],
    [3, 2.209049699858544e-5],
    [10, 2.088487583762545e-45],
    [26, 5.663192408856143e-296],
  ])('erfc(%d) keeps relative accuracy into the tail', (x, expected) => {
    expect(relativeError(erfc(x), expected)).toBeLessThan(1e-13);
  });

  it('mirrors for negative arguments', () => {
    expect(erfc(-0.5)).toBeCloseTo(2 - 0.4795001221869535, 15);
  });
});

describe('logGamma near its zeros and its pole', () => {
  it('is 0 at 1 and 2 and keeps relative accuracy near 0 (mpmath)', () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-14);
    expect(relativeError(logGamma(0.001), 6.907178885383853)).toBeLessThan(1e-14);
    expect(relativeError(logGamma(1e-5), 11.512919692895826)).toBeLessThan(1e-14);
    expect(relativeError(logGamma(0.3), 1.0957979948180756)).toBeLessThan(1e-14);
  });
});
