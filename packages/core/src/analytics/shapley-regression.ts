import { AnalyticsError } from './analytics-error.js';
import type { DriverCorrelations } from './driver-correlations.js';
import type { RawDriverWeights } from './relative-weights.js';

/** Most drivers Shapley regression accepts: it fits all 2^p subsets (32,768 at 15). */
export const MAX_SHAPLEY_DRIVERS = 15;

/**
 * R^2 of the outcome on every subset of drivers, indexed by bitmask. A depth-first walk adds one
 * driver at a time and extends the Cholesky factor of the subset's correlation matrix by one row,
 * so each subset costs O(|S|^2) instead of a fresh O(|S|^3) solve: with z = L^-1 r_Sy,
 * R^2(S) = |z|^2, and the new driver's z entry is its whole R^2 gain.
 */
export function allSubsetR2(rxx: Float64Array, rxy: Float64Array): Float64Array {
  const p = rxy.length;
  const r2 = new Float64Array(2 ** p);
  const factor = new Float64Array(p * p);
  const z = new Float64Array(p);
  const members = new Int32Array(p);
  const visit = (mask: number, depth: number, start: number, base: number): void => {
    const row = depth * p;
    for (let j = start; j < p; j++) {
      let solvedSq = 0;
      let dot = 0;
      for (let i = 0; i < depth; i++) {
        let value = rxx[(members[i] ?? 0) * p + j] ?? 0;
        for (let m = 0; m < i; m++) value -= (factor[i * p + m] ?? 0) * (factor[row + m] ?? 0);
        value /= factor[i * p + i] ?? 1;
        factor[row + i] = value;
        solvedSq += value * value;
        dot += value * (z[i] ?? 0);
      }
      // 1 - R^2 of driver j on the subset; positive because the full matrix passed Cholesky.
      const pivot = Math.sqrt(Math.max(1 - solvedSq, Number.MIN_VALUE));
      factor[row + depth] = pivot;
      const gain = ((rxy[j] ?? 0) - dot) / pivot;
      z[depth] = gain;
      members[depth] = j;
      const next = mask | (1 << j);
      const value = base + gain * gain;
      r2[next] = value;
      if (depth + 1 < p) visit(next, depth + 1, j + 1, value);
    }
  };
  visit(0, 0, 0, 0);
  return r2;
}

/**
 * Shapley value regression (Lipovetsky & Conklin 2001): each driver's weight is its R^2 gain when
 * added, averaged over every order in which drivers could enter. Exact over all subsets; the
 * weights sum to the full model's R^2.
 */
export function shapleyWeights(input: DriverCorrelations): RawDriverWeights {
  const p = input.rxy.length;
  if (p > MAX_SHAPLEY_DRIVERS) {
    throw new AnalyticsError(
      'too-many-drivers',
      `Shapley regression handles at most ${MAX_SHAPLEY_DRIVERS} drivers, got ${p}; use relative weights`,
    );
  }
  const r2 = allSubsetR2(input.rxx, input.rxy);
  // Shapley weight of a subset of size s that excludes the driver: s! (p - s - 1)! / p!.
  const coalitionWeight = new Float64Array(p);
  for (let s = 0; s < p; s++) {
    let w = 1 / p;
    // s! (p-1-s)! / p! = 1 / (p * C(p-1, s)), built up without factorials.
    for (let i = 1; i <= s; i++) w *= i / (p - i);
    coalitionWeight[s] = w;
  }
  const size = new Uint8Array(2 ** p);
  for (let mask = 1; mask < size.length; mask++) size[mask] = (size[mask >> 1] ?? 0) + (mask & 1);
  const weights = new Float64Array(p);
  for (let mask = 0; mask < r2.length; mask++) {
    const base = r2[mask] ?? 0;
    const w = coalitionWeight[size[mask] ?? 0] ?? 0;
    for (let j = 0; j < p; j++) {
      const bit = 1 << j;
      if ((mask & bit) === 0) weights[j] = (weights[j] ?? 0) + w * ((r2[mask | bit] ?? 0) - base);
    }
  }
  return { r2: r2[r2.length - 1] ?? 0, weights };
}
