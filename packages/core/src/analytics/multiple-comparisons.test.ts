import { describe, expect, it } from 'vitest';
import { adjustPValues } from './multiple-comparisons.js';

describe('adjustPValues', () => {
  const raw = [0.01, 0.04, 0.03, 0.005];

  it('Holm: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 with a running max', () => {
    const { method, adjusted } = adjustPValues(raw, 'holm');
    expect(method).toBe('holm');
    // 0.02, 0.03, 0.06, max(0.06, 0.04) = 0.06; back in input order:
    [0.03, 0.06, 0.06, 0.02].forEach((expected, i) =>
      expect(adjusted[i]).toBeCloseTo(expected, 14),
    );
  });

  it('Benjamini-Hochberg: p * m / rank with a running min from the top', () => {
    const { method, adjusted } = adjustPValues(raw, 'benjamini-hochberg');
    expect(method).toBe('benjamini-hochberg');
    // ranks 1..4: 0.02, 0.02, 0.04, 0.04; back in input order:
    [0.02, 0.04, 0.04, 0.02].forEach((expected, i) =>
      expect(adjusted[i]).toBeCloseTo(expected, 14),
    );
  });

  it('caps at 1, stays monotone, and handles ties and the empty list', () => {
    const holm = adjustPValues([0.5, 0.5, 0.9], 'holm').adjusted;
    expect(holm).toEqual([1, 1, 1]);
    const bh = adjustPValues([0.02, 0.02, 0.9, 0.001], 'benjamini-hochberg').adjusted;
    expect(bh[0]).toBeCloseTo((0.02 * 4) / 3, 14);
    expect(bh[1]).toBeCloseTo((0.02 * 4) / 3, 14);
    expect(bh[2]).toBeCloseTo(0.9, 14);
    expect(bh[3]).toBeCloseTo(0.004, 14);
    expect(adjustPValues([], 'holm').adjusted).toEqual([]);
  });

  it('rejects values outside [0, 1]', () => {
    expect(() => adjustPValues([0.1, NaN], 'holm')).toThrow(/p-values/);
    expect(() => adjustPValues([1.2], 'benjamini-hochberg')).toThrow(/p-values/);
  });
});

describe('adjustPValues on a longer unsorted list', () => {
  const raw = [0.04, 0.001, 0.03, 0.02, 0.5, 0.011];

  it('Holm: 0.001 x 6, 0.011 x 5, 0.02 x 4, 0.03 x 3, 0.04 x 2 raised to 0.09, 0.5 x 1', () => {
    const { adjusted } = adjustPValues(raw, 'holm');
    [0.09, 0.006, 0.09, 0.08, 0.5, 0.055].forEach((expected, i) =>
      expect(adjusted[i]).toBeCloseTo(expected, 14),
    );
  });

  it('Benjamini-Hochberg: as scipy.stats.false_discovery_control', () => {
    const { adjusted } = adjustPValues(raw, 'benjamini-hochberg');
    [0.048, 0.006, 0.045, 0.04, 0.5, 0.033].forEach((expected, i) =>
      expect(adjusted[i]).toBeCloseTo(expected, 14),
    );
  });

  it('takes 0 and 1 and refuses values just outside, naming them', () => {
    expect(adjustPValues([0, 1], 'holm').adjusted).toEqual([0, 1]);
    expect(adjustPValues([0, 1], 'benjamini-hochberg').adjusted).toEqual([0, 1]);
    expect(() => adjustPValues([-0.01], 'holm')).toThrow('p-values must be in [0, 1], got -0.01');
  });
});
