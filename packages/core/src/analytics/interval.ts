/** A two-sided confidence interval, in the units of the estimate it belongs to. */
export interface ConfidenceInterval {
  readonly low: number;
  readonly high: number;
  /** Coverage, e.g. 0.95. */
  readonly confidence: number;
}

/** Confidence used when a caller does not pass one. */
export const DEFAULT_CONFIDENCE = 0.95;

/** Clamps both ends of an interval into [min, max] (shares cannot leave 0..1, NPS cannot leave -100..100). */
export function clipInterval(
  low: number,
  high: number,
  confidence: number,
  min: number,
  max: number,
): ConfidenceInterval {
  return {
    low: Math.min(max, Math.max(min, low)),
    high: Math.min(max, Math.max(min, high)),
    confidence,
  };
}
