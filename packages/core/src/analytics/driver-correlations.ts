import { AnalyticsError } from './analytics-error.js';
import { choleskyFactor } from './linear-algebra.js';

/** A correlation matrix over [outcome, ...drivers] with its sample size; means give driver performance. */
export interface CorrelationInput {
  readonly variables: readonly string[];
  readonly n: number;
  /** Row-major k x k, k = variables.length. */
  readonly correlation: ArrayLike<number>;
  readonly means?: ArrayLike<number>;
}

/** The pieces every key-driver method needs: driver inter-correlations and driver-outcome correlations. */
export interface DriverCorrelations {
  readonly outcome: string;
  readonly drivers: readonly string[];
  /** Driver correlation matrix, row-major p x p. */
  readonly rxx: Float64Array;
  /** Correlation of each driver with the outcome. */
  readonly rxy: Float64Array;
  /** Cholesky factor of rxx (proves it positive definite). */
  readonly cholesky: Float64Array;
}

const TOLERANCE = 1e-9;

/** Throws `too-few-rows` unless n leaves at least one residual degree of freedom (n >= drivers + 2). */
export function assertEnoughRows(n: number, driverCount: number): void {
  if (!(n >= driverCount + 2)) {
    throw new AnalyticsError(
      'too-few-rows',
      `${driverCount} drivers need at least ${driverCount + 2} complete rows, got ${n}`,
    );
  }
}

/**
 * Validates a correlation input and splits it into driver and outcome parts. Throws
 * `invalid-input` for a malformed matrix, `too-few-rows`, and `collinear-drivers` naming the first
 * driver that is a linear combination of the drivers before it.
 */
export function splitDriverCorrelations(input: CorrelationInput): DriverCorrelations {
  const { variables, correlation } = input;
  const k = variables.length;
  if (k < 2)
    throw new AnalyticsError(
      'invalid-input',
      'key drivers need an outcome and at least one driver',
    );
  if (new Set(variables).size !== k) {
    throw new AnalyticsError(
      'invalid-input',
      `variable names must be unique: ${variables.join(', ')}`,
    );
  }
  if (correlation.length !== k * k) {
    throw new AnalyticsError(
      'invalid-input',
      `a ${k}-variable correlation matrix has ${k * k} entries, got ${correlation.length}`,
    );
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const r = correlation[i * k + j] ?? NaN;
      const valid =
        Number.isFinite(r) &&
        Math.abs(r) <= 1 + TOLERANCE &&
        Math.abs(r - (correlation[j * k + i] ?? NaN)) <= TOLERANCE &&
        (i !== j || Math.abs(r - 1) <= TOLERANCE);
      if (!valid) {
        throw new AnalyticsError(
          'invalid-input',
          `not a correlation matrix at (${variables[i]}, ${variables[j]}): ${r}`,
        );
      }
    }
  }
  const p = k - 1;
  assertEnoughRows(input.n, p);
  const rxx = new Float64Array(p * p);
  const rxy = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    rxy[i] = correlation[(i + 1) * k] ?? 0;
    for (let j = 0; j < p; j++) rxx[i * p + j] = correlation[(i + 1) * k + (j + 1)] ?? 0;
  }
  const factor = choleskyFactor(rxx, p);
  if (!factor.ok) {
    const name = variables[factor.failedColumn + 1] ?? '';
    throw new AnalyticsError(
      'collinear-drivers',
      `driver "${name}" is (almost) a linear combination of the drivers before it; leave one of them out`,
      name,
    );
  }
  return {
    outcome: variables[0] ?? '',
    drivers: variables.slice(1),
    rxx,
    rxy,
    cholesky: factor.factor,
  };
}
