import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './analytics-error.js';
import {
  addCrossProductRow,
  correlationFromCrossProducts,
  createCrossProducts,
  crossProductsFromRows,
  mergeCrossProducts,
} from './cross-products.js';

const rows = [
  [1, 2, 3],
  [2, 1, 5],
  [3, 4, 4],
  [4, 3, 8],
  [5, 6, 7],
];

describe('cross-product accumulator', () => {
  it('sums values and products, symmetric', () => {
    const acc = createCrossProducts(['y', 'a', 'b']);
    for (const row of rows) addCrossProductRow(acc, row);
    expect(acc.n).toBe(5);
    expect([...acc.sums]).toEqual([15, 16, 27]);
    // y.y = 55, y.a = 2 + 2 + 12 + 12 + 30 = 58, a.b = 6 + 5 + 16 + 24 + 42 = 93
    expect(acc.crossProducts[0]).toBe(55);
    expect(acc.crossProducts[1]).toBe(58);
    expect(acc.crossProducts[3]).toBe(58);
    expect(acc.crossProducts[5]).toBe(93);
    expect(acc.crossProducts[7]).toBe(93);
  });

  it('merges to the same statistics as one pass over all rows', () => {
    const whole = crossProductsFromRows(['y', 'a', 'b'], rows).accumulator;
    const merged = mergeCrossProducts(
      crossProductsFromRows(['y', 'a', 'b'], rows.slice(0, 2)).accumulator,
      crossProductsFromRows(['y', 'a', 'b'], rows.slice(2)).accumulator,
    );
    expect(merged.n).toBe(whole.n);
    expect([...merged.sums]).toEqual([...whole.sums]);
    expect([...merged.crossProducts]).toEqual([...whole.crossProducts]);
    expect(() => mergeCrossProducts(whole, createCrossProducts(['y', 'a', 'c']))).toThrow(
      /different/,
    );
  });

  it('leaves out any row with a missing value (listwise deletion)', () => {
    const result = crossProductsFromRows(
      ['y', 'a'],
      [[1, 2], [null, 3], [2, NaN], [3, undefined], [4, 5], [6]],
    );
    expect(result.rowsUsed).toBe(2);
    expect(result.rowsLeftOut).toBe(4);
    expect([...result.accumulator.sums]).toEqual([5, 7]);
  });
});

describe('correlationFromCrossProducts', () => {
  it('gives Pearson correlations (numpy.corrcoef on the same rows)', () => {
    const summary = correlationFromCrossProducts(
      crossProductsFromRows(['y', 'a', 'b'], rows).accumulator,
    );
    expect([...summary.means]).toEqual([3, 3.2, 5.4]);
    expect(summary.correlation[1]).toBeCloseTo(0.8219949365267863, 12);
    expect(summary.correlation[2]).toBeCloseTo(0.8387421368293256, 12);
    expect(summary.correlation[5]).toBeCloseTo(0.41366507371521766, 12);
    expect(summary.sds[0]).toBeCloseTo(Math.sqrt(2.5), 12);
  });

  it('throws constant-variable naming the column', () => {
    const constant = crossProductsFromRows(
      ['y', 'flat'],
      [
        [1, 7],
        [2, 7],
        [3, 7],
      ],
    ).accumulator;
    const error = (() => {
      try {
        correlationFromCrossProducts(constant);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AnalyticsError);
    expect(error).toMatchObject({ code: 'constant-variable', column: 'flat' });
  });
});

describe('cross products at their edges', () => {
  it('keeps correlations of exactly linear columns at -1 and 1 despite rounding', () => {
    // c = 1 - 3a and b = 7a: correlations -1 and 1 by definition; with a = 0.7, 1.4, ... the
    // raw sums round to a hair past both.
    const rows = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((x) => [
      x * 0.7,
      -x * 0.7 * 3 + 1,
      x * 0.7 * 7,
    ]);
    const summary = correlationFromCrossProducts(
      crossProductsFromRows(['a', 'c', 'b'], rows).accumulator,
    );
    expect(summary.correlation[1]).toBe(-1);
    expect(summary.correlation[2]).toBe(1);
    for (const r of summary.correlation) expect(Math.abs(r)).toBeLessThanOrEqual(1);
    for (const i of [0, 4, 8]) expect(summary.correlation[i]).toBe(1);
  });

  it('counts a column as constant when only rounding in its raw sums gives it spread', () => {
    // Seven rows of 0.1: the centered sum of squares is about 1e-17 rather than 0. The outcome is
    // negative so that its products with the constant column are too.
    const accumulator = crossProductsFromRows(
      ['y', 'tenth'],
      [1, 2, 3, 4, 5, 6, 7].map((y) => [-y, 0.1]),
    ).accumulator;
    expect(() => correlationFromCrossProducts(accumulator)).toThrow(
      'column "tenth" has no variance (every value equal)',
    );
  });

  it('needs two rows, unique names and rows of the right length', () => {
    const one = crossProductsFromRows(['y', 'a'], [[1, 2]]).accumulator;
    expect(() => correlationFromCrossProducts(one)).toThrow(
      'correlations need at least 2 rows, got 1',
    );
    expect(() => createCrossProducts(['y', 'a', 'y'])).toThrow(
      'variable names must be unique: y, a, y',
    );
    expect(() => addCrossProductRow(createCrossProducts(['y', 'a']), [1, 2, 3])).toThrow(
      'a row needs 2 values, got 3',
    );
    expect(() =>
      mergeCrossProducts(createCrossProducts(['y', 'a']), createCrossProducts(['y', 'a', 'b'])),
    ).toThrow('cannot merge accumulators over different variables');
  });

  it('leaves out rows with too many values and infinite values', () => {
    const result = crossProductsFromRows(
      ['y', 'a'],
      [
        [1, 2],
        [3, 4, 5],
        [Infinity, 1],
        [2, 3],
      ],
    );
    expect(result.rowsUsed).toBe(2);
    expect(result.rowsLeftOut).toBe(2);
    expect([...result.accumulator.sums]).toEqual([3, 5]);
    // 1 * 2 + 2 * 3 = 8 off the diagonal, both ways round.
    expect([...result.accumulator.crossProducts]).toEqual([5, 8, 8, 13]);
  });
});
