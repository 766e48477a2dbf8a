import { AnalyticsError } from './analytics-error.js';

/**
 * Sufficient statistics for correlations over variables [outcome, ...drivers]: n, the sum of each
 * variable and the symmetric matrix of sums of products (row-major, size k x k). SQL produces it
 * with SUM(x), SUM(x * y); rollups of disjoint groups merge by adding.
 */
export interface CrossProductAccumulator {
  readonly variables: readonly string[];
  n: number;
  readonly sums: Float64Array;
  readonly crossProducts: Float64Array;
}

/** An empty accumulator for the named variables (outcome first). */
export function createCrossProducts(variables: readonly string[]): CrossProductAccumulator {
  if (new Set(variables).size !== variables.length) {
    throw new AnalyticsError(
      'invalid-input',
      `variable names must be unique: ${variables.join(', ')}`,
    );
  }
  const k = variables.length;
  return {
    variables: [...variables],
    n: 0,
    sums: new Float64Array(k),
    crossProducts: new Float64Array(k * k),
  };
}

/**
 * Adds one complete row (values in variable order) to the accumulator, in place: the one mutating
 * function here, because a fresh object per row would dominate the cost of a million-row pass.
 */
export function addCrossProductRow(
  accumulator: CrossProductAccumulator,
  row: ArrayLike<number>,
): void {
  const k = accumulator.variables.length;
  if (row.length !== k) {
    throw new AnalyticsError('invalid-input', `a row needs ${k} values, got ${row.length}`);
  }
  const { sums, crossProducts } = accumulator;
  for (let i = 0; i < k; i++) {
    const xi = row[i] ?? 0;
    sums[i] = (sums[i] ?? 0) + xi;
    for (let j = i; j < k; j++) {
      const product = xi * (row[j] ?? 0);
      crossProducts[i * k + j] = (crossProducts[i * k + j] ?? 0) + product;
      if (j !== i) crossProducts[j * k + i] = (crossProducts[j * k + i] ?? 0) + product;
    }
  }
  accumulator.n += 1;
}

/** Sum of two accumulators over the same variables (disjoint groups of rows). */
export function mergeCrossProducts(
  a: CrossProductAccumulator,
  b: CrossProductAccumulator,
): CrossProductAccumulator {
  if (
    a.variables.length !== b.variables.length ||
    a.variables.some((v, i) => v !== b.variables[i])
  ) {
    throw new AnalyticsError('invalid-input', 'cannot merge accumulators over different variables');
  }
  const merged = createCrossProducts(a.variables);
  merged.n = a.n + b.n;
  for (let i = 0; i < a.sums.length; i++) merged.sums[i] = (a.sums[i] ?? 0) + (b.sums[i] ?? 0);
  for (let i = 0; i < a.crossProducts.length; i++) {
    merged.crossProducts[i] = (a.crossProducts[i] ?? 0) + (b.crossProducts[i] ?? 0);
  }
  return merged;
}

/** An accumulator built from rows, with how many rows were used and how many left out. */
export interface CrossProductsFromRows {
  readonly accumulator: CrossProductAccumulator;
  readonly rowsUsed: number;
  readonly rowsLeftOut: number;
}

/**
 * Builds an accumulator from rows of values in variable order with listwise deletion: a row with
 * any missing value (null, undefined, NaN or infinite) is left out whole, so every correlation
 * comes from the same respondents and the matrix stays positive semi-definite.
 */
export function crossProductsFromRows(
  variables: readonly string[],
  rows: Iterable<ArrayLike<number | null | undefined>>,
): CrossProductsFromRows {
  const accumulator = createCrossProducts(variables);
  const k = variables.length;
  const complete = new Float64Array(k);
  let rowsLeftOut = 0;
  for (const row of rows) {
    let usable = row.length === k;
    for (let i = 0; usable && i < k; i++) {
      const value = row[i];
      if (typeof value !== 'number' || !Number.isFinite(value)) usable = false;
      else complete[i] = value;
    }
    if (usable) addCrossProductRow(accumulator, complete);
    else rowsLeftOut += 1;
  }
  return { accumulator, rowsUsed: accumulator.n, rowsLeftOut };
}

/** Means, standard deviations and the correlation matrix (row-major) of an accumulator's variables. */
export interface CorrelationSummary {
  readonly variables: readonly string[];
  readonly n: number;
  readonly means: Float64Array;
  readonly sds: Float64Array;
  readonly correlation: Float64Array;
}

/**
 * Correlations from an accumulator. Throws `too-few-rows` below 2 rows and `constant-variable`
 * naming the first variable whose spread vanishes (relative to its raw sum of squares, so rounding
 * in the raw sums counts as constant too).
 */
export function correlationFromCrossProducts(
  accumulator: CrossProductAccumulator,
): CorrelationSummary {
  const { variables, n, sums, crossProducts } = accumulator;
  const k = variables.length;
  if (n < 2)
    throw new AnalyticsError('too-few-rows', `correlations need at least 2 rows, got ${n}`);
  const means = new Float64Array(k);
  for (let i = 0; i < k; i++) means[i] = (sums[i] ?? 0) / n;
  // Centered sums of products: S_ij - s_i s_j / n.
  const centered = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      centered[i * k + j] = (crossProducts[i * k + j] ?? 0) - ((sums[i] ?? 0) * (sums[j] ?? 0)) / n;
    }
  }
  const sds = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const squares = centered[i * k + i] ?? 0;
    const raw = crossProducts[i * k + i] ?? 0;
    if (!(squares > 1e-12 * raw) || !(squares > 0)) {
      const name = variables[i] ?? `#${i}`;
      throw new AnalyticsError(
        'constant-variable',
        `column "${name}" has no variance (every value equal)`,
        name,
      );
    }
    sds[i] = Math.sqrt(squares / (n - 1));
  }
  const correlation = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const r = (centered[i * k + j] ?? 0) / ((n - 1) * (sds[i] ?? 1) * (sds[j] ?? 1));
      // Rounding can push |r| a hair past 1; the decompositions downstream expect a valid matrix.
      correlation[i * k + j] = i === j ? 1 : Math.max(-1, Math.min(1, r));
    }
  }
  return { variables, n, means, sds, correlation };
}
