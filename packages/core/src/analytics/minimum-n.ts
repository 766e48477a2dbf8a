import { AnalyticsError } from './analytics-error.js';

/** Smallest group size reported as a number unless the caller says otherwise. */
export const DEFAULT_MIN_N = 10;

/** What a metric reports for a group too small to show a number: its size and the threshold it missed. */
export interface InsufficientData {
  readonly status: 'insufficient-data';
  readonly n: number;
  readonly minN: number;
}

/** What a test reports when the data have no spread, so no statistic exists (for example every score equal). */
export interface NoVariance {
  readonly status: 'no-variance';
  readonly n: number;
}

/** A computed result, tagged so callers can narrow on `status`. */
export type Computed<T> = T & { readonly status: 'ok' };

/** Resolves the threshold in force: the caller's `minN` (default 10) but never below what the formula needs. */
export function effectiveMinN(minN: number | undefined, formulaMinimum: number): number {
  const requested = minN ?? DEFAULT_MIN_N;
  if (!Number.isInteger(requested) || requested < 0) {
    throw new AnalyticsError('invalid-input', `minN must be a whole number >= 0, got ${requested}`);
  }
  return Math.max(requested, formulaMinimum);
}

/** Runs `compute` only when n reaches the minimum group size; otherwise reports insufficient data. */
export function withMinimumN<T extends object>(
  n: number,
  compute: () => T,
  minN: number = DEFAULT_MIN_N,
): Computed<T> | InsufficientData {
  if (n < minN) return { status: 'insufficient-data', n, minN };
  return { ...compute(), status: 'ok' };
}
