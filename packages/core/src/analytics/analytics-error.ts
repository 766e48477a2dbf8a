/** Machine-readable reasons an analytics function refused its input. */
export type AnalyticsErrorCode =
  'invalid-input' | 'too-few-rows' | 'too-many-drivers' | 'constant-variable' | 'collinear-drivers';

/** The one error the analytics library throws: a string code plus, where it applies, the column at fault. */
export class AnalyticsError extends Error {
  override readonly name = 'AnalyticsError';

  constructor(
    readonly code: AnalyticsErrorCode,
    message: string,
    readonly column?: string,
  ) {
    super(message);
  }
}

/** Throws `invalid-input` unless `value` is a finite number: every public entry point checks its numbers so NaN never leaks out. */
export function assertFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) {
    throw new AnalyticsError(
      'invalid-input',
      `${what} must be a finite number, got ${String(value)}`,
    );
  }
}

/** Throws `invalid-input` unless `value` is a finite number >= 0 (counts, sums of squares). */
export function assertNonNegative(value: number, what: string): void {
  assertFinite(value, what);
  if (value < 0) {
    throw new AnalyticsError('invalid-input', `${what} must be >= 0, got ${value}`);
  }
}

/** Throws `invalid-input` unless `confidence` is strictly between 0 and 1. */
export function assertConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new AnalyticsError(
      'invalid-input',
      `confidence must be between 0 and 1 (exclusive), got ${String(confidence)}`,
    );
  }
}
