import { AnalyticsError } from './analytics-error.js';
import type { CrossProductAccumulator } from './cross-products.js';
import { correlationFromCrossProducts, crossProductsFromRows } from './cross-products.js';
import type { CorrelationInput } from './driver-correlations.js';
import { assertEnoughRows, splitDriverCorrelations } from './driver-correlations.js';
import { relativeWeights } from './relative-weights.js';
import { shapleyWeights } from './shapley-regression.js';

/** Relative weights (default: any number of drivers, one eigen-decomposition) or exact Shapley regression (at most 15 drivers). */
export type KeyDriverMethod = 'relative-weights' | 'shapley';

/** Every key-driver method name, for validating user input. */
export const KEY_DRIVER_METHODS: readonly KeyDriverMethod[] = ['relative-weights', 'shapley'];

/** One driver's importance. */
export interface DriverImportance {
  readonly name: string;
  /** Raw weight: this driver's share of R^2 (the weights sum to r2). */
  readonly weight: number;
  /** weight as a percent of r2 (sums to 100; all 0 when r2 is 0). */
  readonly rescaled: number;
  /** Sign of the driver's correlation with the outcome; +1 for a zero correlation. */
  readonly sign: 1 | -1;
  readonly correlation: number;
  /** The driver's mean, when the input had means (accumulators do); null otherwise. */
  readonly performance: number | null;
}

/** Key-driver analysis of one outcome. */
export interface KeyDriverResult {
  readonly method: KeyDriverMethod;
  readonly outcome: string;
  readonly n: number;
  readonly r2: number;
  readonly drivers: DriverImportance[];
}

/** Options for the key-driver functions. */
export interface KeyDriverOptions {
  readonly method?: KeyDriverMethod;
}

/** Key drivers from a correlation matrix over [outcome, ...drivers]; see {@link splitDriverCorrelations} for the errors. */
export function keyDriversFromCorrelation(
  input: CorrelationInput,
  options: KeyDriverOptions = {},
): KeyDriverResult {
  const method = options.method ?? 'relative-weights';
  if (!KEY_DRIVER_METHODS.includes(method)) {
    throw new AnalyticsError('invalid-input', `unknown key-driver method "${String(method)}"`);
  }
  const correlations = splitDriverCorrelations(input);
  const { r2, weights } =
    method === 'shapley' ? shapleyWeights(correlations) : relativeWeights(correlations);
  const drivers = correlations.drivers.map((name, j): DriverImportance => {
    const weight = weights[j] ?? 0;
    const correlation = correlations.rxy[j] ?? 0;
    const mean = input.means?.[j + 1];
    return {
      name,
      weight,
      rescaled: r2 > 0 ? (100 * weight) / r2 : 0,
      sign: correlation < 0 ? -1 : 1,
      correlation,
      performance: mean === undefined ? null : mean,
    };
  });
  return { method, outcome: correlations.outcome, n: input.n, r2, drivers };
}

/**
 * Key drivers from a cross-product accumulator over [outcome, ...drivers] (built from rows, or
 * merged from rollups). Throws AnalyticsError: `too-few-rows` (fewer than drivers + 2 rows),
 * `constant-variable` and `collinear-drivers` (both naming the column), `too-many-drivers`
 * (Shapley past 15).
 */
export function computeKeyDrivers(
  accumulator: CrossProductAccumulator,
  options: KeyDriverOptions = {},
): KeyDriverResult {
  // Row count first: with too few rows every other diagnosis would be noise.
  assertEnoughRows(accumulator.n, accumulator.variables.length - 1);
  return keyDriversFromCorrelation(correlationFromCrossProducts(accumulator), options);
}

/** Key drivers straight from rows in [outcome, ...drivers] order, leaving out incomplete rows (listwise deletion). */
export function keyDriversFromRows(
  variables: readonly string[],
  rows: Iterable<ArrayLike<number | null | undefined>>,
  options: KeyDriverOptions = {},
): KeyDriverResult & { readonly rowsLeftOut: number } {
  const { accumulator, rowsLeftOut } = crossProductsFromRows(variables, rows);
  return { ...computeKeyDrivers(accumulator, options), rowsLeftOut };
}
