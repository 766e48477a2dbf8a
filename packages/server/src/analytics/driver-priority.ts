/**
 * The importance-performance (priority) matrix of a key-driver result: importance is the rescaled
 * weight (% of R^2), performance the driver's mean moved onto 0..100 (reverse-coded items reversed,
 * so higher is always better); core splits the quadrants at the mean of each.
 */
import { computePriorityMatrix, type TDriversResponse } from '@touchstone/core';
import type { TQuestionCatalog } from './question-catalog.js';

type TDriverRow = TDriversResponse['drivers'][number];

/** The matrix over drivers with a scale and a mean; null when none has both. */
export function driverPriorityMatrix(
  drivers: readonly TDriverRow[],
  catalog: TQuestionCatalog,
  surveys: ReadonlySet<string>,
): TDriversResponse['priorityMatrix'] {
  const placed = drivers.flatMap((d) => {
    const info = (catalog.byKey.get(d.key) ?? []).find((i) => surveys.has(i.surveyId));
    if (!info?.scale || d.performance === null) return [];
    const scaled = ((d.performance - info.scale.min) / (info.scale.max - info.scale.min)) * 100;
    const performance = info.reverse ? 100 - scaled : scaled;
    return [{ name: d.key, importance: d.rescaled, performance }];
  });
  if (placed.length === 0) return null;
  const matrix = computePriorityMatrix(placed);
  return {
    importanceSplit: matrix.importanceSplit,
    performanceSplit: matrix.performanceSplit,
    items: matrix.items.map((item) => ({
      key: item.name,
      importance: item.importance,
      performance: item.performance,
      quadrant: item.quadrant,
    })),
  };
}
