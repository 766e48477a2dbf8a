import { describe, expect, it } from 'vitest';
import { choleskyFactor, jacobiEigen } from './linear-algebra.js';

describe('jacobiEigen', () => {
  const matrix = Float64Array.from([4, 1, 2, 1, 3, 0, 2, 0, 5]);

  it('finds the eigenvalues numpy finds', () => {
    const { values } = jacobiEigen(matrix, 3);
    const sorted = [...values].sort((a, b) => a - b);
    [1.854897308799576, 3.4760236029181333, 6.669079088282287].forEach((expected, i) =>
      expect(sorted[i]).toBeCloseTo(expected, 12),
    );
  });

  it('returns orthonormal vectors with A v = lambda v', () => {
    const { values, vectors } = jacobiEigen(matrix, 3);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        let av = 0;
        for (let j = 0; j < 3; j++) av += (matrix[i * 3 + j] ?? 0) * (vectors[j * 3 + k] ?? 0);
        expect(av).toBeCloseTo((values[k] ?? 0) * (vectors[i * 3 + k] ?? 0), 12);
      }
      for (let m = 0; m < 3; m++) {
        let dot = 0;
        for (let i = 0; i < 3; i++) dot += (vectors[i * 3 + k] ?? 0) * (vectors[i * 3 + m] ?? 0);
        expect(dot).toBeCloseTo(k === m ? 1 : 0, 12);
      }
    }
  });
});

describe('choleskyFactor', () => {
  it('factors a positive-definite matrix', () => {
    const result = choleskyFactor(Float64Array.from([4, 2, 2, 3]), 2);
    if (!result.ok) throw new Error('expected a factor');
    expect([...result.factor]).toEqual([2, 0, 1, Math.SQRT2]);
  });

  it('names the column that depends on the ones before it', () => {
    // Column 2 is exactly column 0 + column 1 in this covariance matrix.
    const result = choleskyFactor(Float64Array.from([1, 0, 1, 0, 1, 1, 1, 1, 2]), 3);
    expect(result).toEqual({ ok: false, failedColumn: 2 });
  });
});

describe('linear algebra beyond two columns', () => {
  it('factors a 3 x 3 matrix as worked by hand', () => {
    // L = [2 0 0; 1 3 0; -1 5/3 sqrt(47)/3]: 9 - 1 - 25/9 = 47/9 on the last pivot.
    const result = choleskyFactor(Float64Array.from([4, 2, -2, 2, 10, 4, -2, 4, 9]), 3);
    if (!result.ok) throw new Error('expected a factor');
    const expected = [2, 0, 0, 1, 3, 0, -1, 5 / 3, Math.sqrt(47) / 3];
    expected.forEach((value, i) => expect(result.factor[i]).toBeCloseTo(value, 14));
  });

  it('reports the first column whose pivot is not positive, relative to its diagonal', () => {
    expect(choleskyFactor(Float64Array.from([0, 0, 0, 1]), 2)).toEqual({
      ok: false,
      failedColumn: 0,
    });
    // Correlation 1 - 1e-12 between the two columns: pivot 2e-12, below 1e-10 of the diagonal.
    const nearlyEqual = 1 - 1e-12;
    expect(choleskyFactor(Float64Array.from([1, nearlyEqual, nearlyEqual, 1]), 2)).toEqual({
      ok: false,
      failedColumn: 1,
    });
    // Correlation 0.999: pivot 1 - 0.999^2, well above.
    expect(choleskyFactor(Float64Array.from([1, 0.999, 0.999, 1]), 2).ok).toBe(true);
  });

  it('finds the eigenvalues 2 - 2 cos(k pi / 5) of the 4 x 4 second-difference matrix', () => {
    const matrix = Float64Array.from([2, -1, 0, 0, -1, 2, -1, 0, 0, -1, 2, -1, 0, 0, -1, 2]);
    const sorted = [...jacobiEigen(matrix, 4).values].sort((a, b) => a - b);
    [1, 2, 3, 4].forEach((k, i) =>
      expect(sorted[i]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / 5), 13),
    );
  });

  it('leaves a diagonal matrix as it is, with the unit vectors', () => {
    const { values, vectors } = jacobiEigen(Float64Array.from([3, 0, 0, 0, 1, 0, 0, 0, 2]), 3);
    expect([...values]).toEqual([3, 1, 2]);
    expect([...vectors]).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});
