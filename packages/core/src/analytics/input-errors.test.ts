import { describe, expect, it } from 'vitest';
import {
  AnalyticsError,
  assertConfidence,
  assertFinite,
  assertNonNegative,
} from './analytics-error.js';
import { createCrossProducts, mergeCrossProducts } from './cross-products.js';
import { computeDimensionScore, scoreOnHundred } from './dimension-scores.js';
import { effectiveMinN } from './minimum-n.js';
import { momentsFromValues } from './moments.js';
import { adjustPValues } from './multiple-comparisons.js';
import { normalCdf, normalQuantile } from './normal-distribution.js';
import { npsCountsFromHistogram } from './nps.js';
import { wilsonInterval } from './proportions.js';
import { quantile } from './quantiles.js';
import { computeBoxShare, computeCes, computeCsat, momentsFromHistogram } from './rating-scales.js';
import {
  studentTCdf,
  studentTCriticalValue,
  studentTQuantile,
  studentTTwoSidedP,
} from './student-t-distribution.js';

// Callers (the server's error mapping among them) tell a refused input from a bug by the class and
// the code, so every refusal is checked for both, not only for its message.
function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

const scale = { scaleMin: 1, scaleMax: 7 };
const csat = { scaleMin: 1, scaleMax: 5, counts: [2, 3, 5, 12, 8] };

const cases: [string, () => unknown, string][] = [
  ['assertFinite', () => assertFinite(Infinity, 'x'), 'x must be a finite number, got Infinity'],
  ['assertNonNegative', () => assertNonNegative(-3, 'n'), 'n must be >= 0, got -3'],
  [
    'assertConfidence at 0',
    () => assertConfidence(0),
    'confidence must be between 0 and 1 (exclusive), got 0',
  ],
  [
    'assertConfidence at 1',
    () => assertConfidence(1),
    'confidence must be between 0 and 1 (exclusive), got 1',
  ],
  [
    'assertConfidence at NaN',
    () => assertConfidence(Number.NaN),
    'confidence must be between 0 and 1 (exclusive), got NaN',
  ],
  [
    'mergeCrossProducts',
    () => mergeCrossProducts(createCrossProducts(['y', 'a']), createCrossProducts(['y', 'b'])),
    'cannot merge accumulators over different variables',
  ],
  ['normalCdf', () => normalCdf(Number.NaN), 'normalCdf needs a number, got NaN'],
  ['normalQuantile', () => normalQuantile(2), 'probability must be in [0, 1], got 2'],
  [
    'npsCountsFromHistogram',
    () => npsCountsFromHistogram([1, 2]),
    'an NPS histogram has 11 bins (scores 0..10), got 2',
  ],
  [
    'rating bins',
    () => momentsFromHistogram({ scaleMin: 1, scaleMax: 5, counts: [1] }),
    'a 1..5 histogram has 5 bins, got 1',
  ],
  [
    'rating bounds',
    () => momentsFromHistogram({ scaleMin: 5, scaleMax: 1, counts: [1] }),
    'a rating scale needs integer bounds with min < max, got 5..1',
  ],
  ['boxes', () => computeBoxShare(csat, 'bottom', 0), 'boxes must be a whole number in 1..4'],
  [
    'CSAT scale',
    () => computeCsat({ scaleMin: 1, scaleMax: 4, counts: [1, 1, 1, 1] }),
    'CSAT is scored 1..5, got 1..4',
  ],
  [
    'CES threshold',
    () =>
      computeCes(
        { scaleMin: 1, scaleMax: 7, counts: [1, 1, 1, 1, 1, 1, 1] },
        { lowEffortThreshold: 0 },
      ),
    'lowEffortThreshold must be a whole number in 2..7',
  ],
  [
    'scale bounds',
    () => scoreOnHundred(1, { scaleMin: 2, scaleMax: 2 }),
    'scaleMax must exceed scaleMin, got 2..2',
  ],
  ['dimension without items', () => computeDimensionScore([], scale), 'a dimension needs items'],
  [
    'dimension item moments',
    () => computeDimensionScore([{ stats: { n: -1, sum: 0, sumSq: 0 } }], scale),
    'item.n must be >= 0, got -1',
  ],
  [
    'dimension item mean',
    () => computeDimensionScore([{ stats: { n: 10, sum: 80, sumSq: 640 } }], scale),
    'an item mean (8) lies outside the scale 1..7',
  ],
  ['minN', () => effectiveMinN(-2, 1), 'minN must be a whole number >= 0, got -2'],
  ['moments', () => momentsFromValues([Number.NaN]), 'values must be finite numbers, got NaN'],
  ['p-values', () => adjustPValues([2], 'holm'), 'p-values must be in [0, 1], got 2'],
  ['Wilson successes', () => wilsonInterval(3, 2), 'proportion successes (3) exceed n (2)'],
  ['Wilson n = 0', () => wilsonInterval(0, 0), 'a Wilson interval needs n >= 1'],
  ['quantile', () => quantile([1, 2], 2), 'a quantile needs 0 <= q <= 1'],
  ['t df', () => studentTCdf(1, 0), 'degrees of freedom must be > 0, got 0'],
  ['t CDF at NaN', () => studentTCdf(Number.NaN, 3), 't must be a number, got NaN'],
  ['t p-value at NaN', () => studentTTwoSidedP(Number.NaN, 3), 't must be a number, got NaN'],
  ['t quantile', () => studentTQuantile(1.5, 3), 'probability must be in [0, 1], got 1.5'],
  ['t critical value', () => studentTCriticalValue(1, 3), 'confidence must be in (0, 1), got 1'],
];

describe('refused input', () => {
  it.each(cases)('%s throws AnalyticsError invalid-input with its message', (_, run, message) => {
    const error = refusal(run);
    expect(error).toBeInstanceOf(AnalyticsError);
    expect(error).toMatchObject({ name: 'AnalyticsError', code: 'invalid-input', message });
  });

  it('lets confidences strictly between 0 and 1 through', () => {
    expect(() => assertConfidence(0.5)).not.toThrow();
    expect(() => assertConfidence(1e-9)).not.toThrow();
    expect(() => assertNonNegative(0, 'n')).not.toThrow();
  });
});
