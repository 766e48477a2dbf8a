import { AnalyticsError } from './analytics-error.js';

/**
 * The q-quantile (0..1) of a sample by linear interpolation between order statistics (type 7,
 * the default of R and NumPy): the median is q = 0.5. Null for an empty sample.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (!(q >= 0 && q <= 1))
    throw new AnalyticsError('invalid-input', 'a quantile needs 0 <= q <= 1');
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] ?? 0;
  const high = sorted[above] ?? low;
  return low + (high - low) * (position - below);
}
