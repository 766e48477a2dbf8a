import { describe, expect, it } from 'vitest';
import { computeMean } from './means.js';
import { momentsFromValues } from './moments.js';

// Expected values from scipy.stats.t.interval on the raw values.
const ratings = [4, 5, 3, 5, 4, 2, 5, 4, 3, 5, 4, 4];

describe('computeMean', () => {
  it('gives the mean with a t interval from {n, sum, sumSq}', () => {
    const result = computeMean({ n: 12, sum: 48, sumSq: 202 });
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result).toMatchObject({ n: 12, mean: 4, df: 11 });
    expect(result.sd).toBeCloseTo(0.9534625892455924, 12);
    expect(result.standardError).toBeCloseTo(0.27524094128159016, 12);
    expect(result.interval.low).toBeCloseTo(3.394198772789566, 10);
    expect(result.interval.high).toBeCloseTo(4.605801227210434, 10);
    expect(momentsFromValues(ratings)).toEqual({ n: 12, sum: 48, sumSq: 202 });
  });

  it('gives a zero-width interval for constant data, not NaN', () => {
    const result = computeMean(momentsFromValues(new Array<number>(10).fill(3)));
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.sd).toBe(0);
    expect(result.interval.low).toBe(3);
    expect(result.interval.high).toBe(3);
  });

  it('reports insufficient data for n = 0 and n = 1 even when minN allows it', () => {
    expect(computeMean({ n: 0, sum: 0, sumSq: 0 }, { minN: 0 })).toEqual({
      status: 'insufficient-data',
      n: 0,
      minN: 2,
    });
    expect(computeMean({ n: 1, sum: 4, sumSq: 16 }, { minN: 1 })).toEqual({
      status: 'insufficient-data',
      n: 1,
      minN: 2,
    });
    expect(computeMean({ n: 5, sum: 20, sumSq: 82 }).status).toBe('insufficient-data');
  });
});

describe('computeMean at its boundaries', () => {
  it('passes the confidence through (scipy t interval at 90%)', () => {
    const result = computeMean({ n: 12, sum: 48, sumSq: 202 }, { confidence: 0.9 });
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.interval.confidence).toBe(0.9);
    expect(result.interval.low).toBeCloseTo(3.5056989720665808, 10);
    expect(result.interval.high).toBeCloseTo(4.494301027933418, 10);
  });

  it('gives a number from exactly minN on', () => {
    expect(computeMean({ n: 10, sum: 40, sumSq: 170 }).status).toBe('ok');
    expect(computeMean({ n: 9, sum: 36, sumSq: 150 })).toEqual({
      status: 'insufficient-data',
      n: 9,
      minN: 10,
    });
    expect(computeMean({ n: 2, sum: 3, sumSq: 5 }, { minN: 0 }).status).toBe('ok');
  });

  it('refuses bad moments and confidence, naming them', () => {
    expect(() => computeMean({ n: -1, sum: 0, sumSq: 0 })).toThrow('stats.n must be >= 0, got -1');
    expect(() => computeMean({ n: 10, sum: Number.NaN, sumSq: 0 })).toThrow(
      'stats.sum must be a finite number, got NaN',
    );
    expect(() => computeMean({ n: 10, sum: 1, sumSq: -1 })).toThrow(
      'stats.sumSq must be >= 0, got -1',
    );
    expect(() => computeMean({ n: 12, sum: 48, sumSq: 202 }, { confidence: 0 })).toThrow(
      'confidence must be between 0 and 1 (exclusive), got 0',
    );
  });
});
