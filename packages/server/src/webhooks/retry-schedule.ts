/**
 * When a failed webhook attempt is tried again: after the n-th failed attempt the next waits
 * `RETRY_DELAYS_MS[n - 1]`; 8 attempts in all over about 30 hours, then the delivery is failed.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  60_000, // 1 minute
  5 * 60_000,
  30 * 60_000,
  2 * 60 * 60_000,
  5 * 60 * 60_000,
  10 * 60 * 60_000,
  12 * 60 * 60_000,
];

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** The wait after the `attempt`-th failed attempt, or null when it was the last. */
export function retryDelayAfter(attempt: number): number | null {
  return attempt >= 1 && attempt < MAX_ATTEMPTS ? (RETRY_DELAYS_MS[attempt - 1] ?? null) : null;
}
