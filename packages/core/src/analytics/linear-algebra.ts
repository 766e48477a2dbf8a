// Small dense symmetric-matrix routines for the key-driver analyses. Matrices are row-major
// Float64Arrays of size x size; driver counts are in the tens, so plain loops beat anything clever.

/** Below this pivot (1 - R^2 of a column on the ones before it) a symmetric matrix is treated as singular. */
export const SINGULAR_PIVOT = 1e-10;

/** Cholesky factor, or the index of the first column whose pivot vanished. */
export type CholeskyResult =
  | { readonly ok: true; readonly factor: Float64Array }
  | { readonly ok: false; readonly failedColumn: number };

/**
 * Lower-triangular L with L L^T = matrix, for a symmetric positive-definite correlation matrix;
 * reports the column where the pivot falls below {@link SINGULAR_PIVOT} instead (that column is a
 * linear combination of the earlier ones).
 */
export function choleskyFactor(matrix: Float64Array, size: number): CholeskyResult {
  const factor = new Float64Array(size * size);
  for (let j = 0; j < size; j++) {
    let pivot = matrix[j * size + j] ?? 0;
    for (let k = 0; k < j; k++) pivot -= (factor[j * size + k] ?? 0) ** 2;
    // Relative to the diagonal, so the test means the same for covariance and correlation input.
    if (!(pivot > SINGULAR_PIVOT * (matrix[j * size + j] ?? 0)))
      return { ok: false, failedColumn: j };
    const diagonal = Math.sqrt(pivot);
    factor[j * size + j] = diagonal;
    for (let i = j + 1; i < size; i++) {
      let value = matrix[i * size + j] ?? 0;
      for (let k = 0; k < j; k++)
        value -= (factor[i * size + k] ?? 0) * (factor[j * size + k] ?? 0);
      factor[i * size + j] = value / diagonal;
    }
  }
  return { ok: true, factor };
}

/** Eigen-decomposition of a symmetric matrix: vectors are columns, `vectors[i * size + k]` is component i of vector k. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array;
}

/**
 * Cyclic Jacobi eigenvalue algorithm for a symmetric matrix. Chosen over QR for its accuracy on
 * small eigenvalues (they drive relative weights) and its simplicity; O(size^3) per sweep, a
 * handful of sweeps.
 */
export function jacobiEigen(matrix: Float64Array, size: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;
  let scale = 0;
  for (const x of a) scale += x * x;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) off += (a[p * size + q] ?? 0) ** 2;
    }
    if (off <= 1e-32 * scale) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q] ?? 0;
        if (apq === 0) continue;
        // Rotation angle that zeroes a[p][q] (Numerical Recipes 11.1, the smaller root for stability).
        const theta = ((a[q * size + q] ?? 0) - (a[p * size + p] ?? 0)) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p] ?? 0;
          const akq = a[k * size + q] ?? 0;
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k] ?? 0;
          const aqk = a[q * size + k] ?? 0;
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k * size + p] ?? 0;
          const vkq = v[k * size + q] ?? 0;
          v[k * size + p] = c * vkp - s * vkq;
          v[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(size);
  for (let i = 0; i < size; i++) values[i] = a[i * size + i] ?? 0;
  return { values, vectors: v };
}
