import { AnalyticsError, assertFinite } from './analytics-error.js';

/** Where a driver falls: high importance and low performance is where to act first. */
export type PriorityQuadrant = 'fix-first' | 'keep-up' | 'monitor' | 'possible-overkill';

/** One driver's position: importance (e.g. rescaled weight, % of R^2) and performance on 0..100. */
export interface PriorityInput {
  readonly name: string;
  readonly importance: number;
  readonly performance: number;
}

/** A driver placed in its quadrant. */
export interface PriorityItem extends PriorityInput {
  readonly quadrant: PriorityQuadrant;
}

/** The split points used and every driver's quadrant. */
export interface PriorityMatrix {
  readonly importanceSplit: number;
  readonly performanceSplit: number;
  readonly items: PriorityItem[];
}

/** Split points; each defaults to the mean over the drivers given. */
export interface PriorityMatrixOptions {
  readonly importanceSplit?: number;
  readonly performanceSplit?: number;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Importance-performance quadrants. Splits default to the mean importance and mean performance of
 * the drivers, so "high" means above this set's average; pass fixed splits (e.g. performance 70)
 * to compare across sets. A value equal to its split counts as high.
 */
export function computePriorityMatrix(
  drivers: readonly PriorityInput[],
  options: PriorityMatrixOptions = {},
): PriorityMatrix {
  if (drivers.length === 0)
    throw new AnalyticsError('invalid-input', 'a priority matrix needs drivers');
  for (const driver of drivers) {
    assertFinite(driver.importance, `importance of "${driver.name}"`);
    assertFinite(driver.performance, `performance of "${driver.name}"`);
  }
  const importanceSplit = options.importanceSplit ?? mean(drivers.map((d) => d.importance));
  const performanceSplit = options.performanceSplit ?? mean(drivers.map((d) => d.performance));
  assertFinite(importanceSplit, 'importanceSplit');
  assertFinite(performanceSplit, 'performanceSplit');
  const items = drivers.map((driver): PriorityItem => {
    const important = driver.importance >= importanceSplit;
    const performing = driver.performance >= performanceSplit;
    const quadrant: PriorityQuadrant = important
      ? performing
        ? 'keep-up'
        : 'fix-first'
      : performing
        ? 'possible-overkill'
        : 'monitor';
    return { ...driver, quadrant };
  });
  return { importanceSplit, performanceSplit, items };
}
