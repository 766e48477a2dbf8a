import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';

const backoff = { baseMs: 1000, maxMs: 10_000 };

describe('retryDelayMs', () => {
  it('doubles the ceiling with each attempt and jitters between half and all of it', () => {
    expect(retryDelayMs(1, backoff, () => 0)).toBe(500);
    expect(retryDelayMs(1, backoff, () => 1)).toBe(1000);
    expect(retryDelayMs(2, backoff, () => 0)).toBe(1000);
    expect(retryDelayMs(3, backoff, () => 0.5)).toBe(3000);
  });

  it('never exceeds the maximum, however many attempts failed', () => {
    expect(retryDelayMs(5, backoff, () => 1)).toBe(10_000);
    expect(retryDelayMs(500, backoff, () => 1)).toBe(10_000);
    expect(retryDelayMs(500, backoff, () => 0)).toBe(5000);
  });
});
