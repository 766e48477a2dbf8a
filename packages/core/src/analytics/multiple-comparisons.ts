import { AnalyticsError } from './analytics-error.js';

/** Holm controls the family-wise error rate; Benjamini-Hochberg the false discovery rate. */
export type PValueAdjustment = 'holm' | 'benjamini-hochberg';

/** Adjusted p-values in the order given, with the method that produced them. */
export interface AdjustedPValues {
  readonly method: PValueAdjustment;
  readonly adjusted: number[];
}

function orderBy(pValues: readonly number[], ascending: boolean): number[] {
  const order = pValues.map((_, index) => index);
  // Ties keep input order, so the result does not depend on the sort's stability.
  order.sort((a, b) => {
    const d = (pValues[a] ?? 0) - (pValues[b] ?? 0);
    return (ascending ? d : -d) || a - b;
  });
  return order;
}

/**
 * Adjusts p-values for multiple comparisons (like R's p.adjust): Holm's step-down, or
 * Benjamini-Hochberg's step-up. Results are monotone in the raw p-values and capped at 1.
 */
export function adjustPValues(
  pValues: readonly number[],
  method: PValueAdjustment,
): AdjustedPValues {
  for (const p of pValues) {
    if (!(p >= 0 && p <= 1)) {
      throw new AnalyticsError('invalid-input', `p-values must be in [0, 1], got ${String(p)}`);
    }
  }
  const m = pValues.length;
  const adjusted = new Array<number>(m).fill(0);
  if (method === 'holm') {
    // Step-down from the smallest: multiply by the number of hypotheses left, keep a running max.
    let runningMax = 0;
    orderBy(pValues, true).forEach((index, rank) => {
      runningMax = Math.max(runningMax, Math.min(1, (m - rank) * (pValues[index] ?? 0)));
      adjusted[index] = runningMax;
    });
  } else {
    // Step-up from the largest: p * m / rank, keep a running min.
    let runningMin = 1;
    orderBy(pValues, false).forEach((index, position) => {
      const rank = m - position;
      runningMin = Math.min(runningMin, ((pValues[index] ?? 0) * m) / rank);
      adjusted[index] = runningMin;
    });
  }
  return { method, adjusted };
}
