/** How long a failed job waits before its next attempt. */
export interface TBackoff {
  /** The delay after the first failure, before jitter. */
  baseMs: number;
  /** No delay exceeds this, however many attempts failed. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: TBackoff = { baseMs: 10_000, maxMs: 60 * 60_000 };

/**
 * Exponential backoff with "equal jitter": after the n-th failed attempt the job waits between half
 * and all of `base * 2^(n-1)` (capped), so that jobs which failed together (an SMTP outage) do not
 * retry together and hammer the recovering peer at the same instant.
 */
export function retryDelayMs(
  attempt: number,
  backoff: TBackoff,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(exponent, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
