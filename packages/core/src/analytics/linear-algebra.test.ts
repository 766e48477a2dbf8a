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
