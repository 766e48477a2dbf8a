import { describe, expect, it } from 'vitest';
import { momentsFromValues } from './moments.js';
import { compareMeans } from './welch-t-test.js';

// Expected values from scipy.stats.ttest_ind(a, b, equal_var=False) on the raw values.
const a = momentsFromValues([4, 5, 3, 5, 4, 2, 5, 4, 3, 5, 4, 4]);
const b = momentsFromValues([3, 2, 4, 3, 1, 2, 3, 3, 2, 4]);

describe('compareMeans (Welch)', () => {
  it('matches scipy: statistic, Welch-Satterthwaite df, two-sided p, interval', () => {
    const result = compareMeans(a, b);
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.difference).toBeCloseTo(1.3, 12);
    expect(result.t).toBeCloseTo(3.1930569101480537, 10);
    expect(result.df).toBeCloseTo(19.325228552471657, 10);
    expect(result.pValue).toBeCloseTo(0.004713454903402667, 12);
    expect(result.interval.low).toBeCloseTo(0.4488296671374794, 10);
    expect(result.interval.high).toBeCloseTo(2.1511703328625202, 10);
  });

  it('falls back to the other group df when one group is constant', () => {
    const result = compareMeans(a, momentsFromValues(new Array<number>(10).fill(3)));
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.df).toBeCloseTo(11, 12);
    expect(result.t).toBeCloseTo(3.63318042491699, 10);
    expect(result.pValue).toBeCloseTo(0.003934705961820212, 12);
  });

  it('flags two constant groups and small groups', () => {
    const threes = momentsFromValues(new Array<number>(10).fill(3));
    const fours = momentsFromValues(new Array<number>(12).fill(4));
    expect(compareMeans(threes, fours)).toEqual({ status: 'no-variance', n: 22 });
    expect(compareMeans(a, momentsFromValues([1, 2, 3]))).toEqual({
      status: 'insufficient-data',
      n: 3,
      minN: 10,
    });
  });
});

describe('compareMeans at its boundaries', () => {
  it('passes the confidence through (scipy interval at 90%)', () => {
    const result = compareMeans(a, b, { confidence: 0.9 });
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.interval.confidence).toBe(0.9);
    expect(result.interval.low).toBeCloseTo(0.5966182858323753, 10);
    expect(result.interval.high).toBeCloseTo(2.003381714167624, 10);
    expect(result).toMatchObject({ n1: 12, n2: 10 });
    expect(result.standardError).toBeCloseTo(1.3 / 3.1930569101480537, 12);
  });

  it('takes the constant group on either side', () => {
    const result = compareMeans(momentsFromValues(new Array<number>(10).fill(3)), a);
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.df).toBeCloseTo(11, 12);
    expect(result.t).toBeCloseTo(-3.63318042491699, 10);
    expect(result.pValue).toBeCloseTo(0.003934705961820212, 12);
  });

  it('checks each group against minN, from exactly minN on', () => {
    expect(compareMeans(momentsFromValues([1, 2, 3]), a)).toEqual({
      status: 'insufficient-data',
      n: 3,
      minN: 10,
    });
    expect(compareMeans(a, momentsFromValues([1, 2, 3]), { minN: 3 }).status).toBe('ok');
    expect(compareMeans(a, momentsFromValues([1, 2]), { minN: 3 }).status).toBe(
      'insufficient-data',
    );
  });

  it('names the group and the confidence it refuses', () => {
    expect(() => compareMeans({ n: -1, sum: 0, sumSq: 0 }, b)).toThrow('first.n must be >= 0');
    expect(() => compareMeans(a, { n: 3, sum: 1, sumSq: -1 })).toThrow('second.sumSq must be >= 0');
    expect(() => compareMeans(a, b, { confidence: 1 })).toThrow(/confidence/);
  });
});
