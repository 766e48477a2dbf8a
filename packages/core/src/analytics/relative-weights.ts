import type { DriverCorrelations } from './driver-correlations.js';
import { jacobiEigen } from './linear-algebra.js';

/** Raw importance per driver (in driver order) and the model R^2 they add up to. */
export interface RawDriverWeights {
  readonly r2: number;
  readonly weights: Float64Array;
}

/**
 * Johnson's (2000) relative weights: regress the outcome on the orthogonal counterparts Z of the
 * drivers (Z = X Rxx^-1/2), then share each Z's beta^2 back to the drivers through the squared
 * loadings Lambda = Rxx^1/2. The weights sum to R^2.
 */
export function relativeWeights(input: DriverCorrelations): RawDriverWeights {
  const { rxx, rxy } = input;
  const p = rxy.length;
  const { values, vectors } = jacobiEigen(rxx, p);
  // Rxx is positive definite (its Cholesky factor exists), so only rounding could make a value <= 0.
  const roots = values.map((value) => Math.sqrt(Math.max(value, Number.MIN_VALUE)));
  // Lambda = V diag(sqrt(values)) V^T and beta = V diag(1 / sqrt(values)) V^T rxy.
  const lambda = new Float64Array(p * p);
  const projected = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    let dot = 0;
    for (let i = 0; i < p; i++) dot += (vectors[i * p + k] ?? 0) * (rxy[i] ?? 0);
    projected[k] = dot / (roots[k] ?? 1);
  }
  const beta = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let b = 0;
    for (let k = 0; k < p; k++) b += (vectors[i * p + k] ?? 0) * (projected[k] ?? 0);
    beta[i] = b;
    for (let j = 0; j < p; j++) {
      let l = 0;
      for (let k = 0; k < p; k++) {
        l += (vectors[i * p + k] ?? 0) * (roots[k] ?? 0) * (vectors[j * p + k] ?? 0);
      }
      lambda[i * p + j] = l;
    }
  }
  const weights = new Float64Array(p);
  let r2 = 0;
  for (let k = 0; k < p; k++) r2 += (beta[k] ?? 0) ** 2;
  for (let j = 0; j < p; j++) {
    let weight = 0;
    for (let k = 0; k < p; k++) weight += (lambda[j * p + k] ?? 0) ** 2 * (beta[k] ?? 0) ** 2;
    weights[j] = weight;
  }
  return { r2, weights };
}
