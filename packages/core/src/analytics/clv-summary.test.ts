import { describe, expect, it } from 'vitest';
import { ClvSummaryBuilder } from './clv-summary.js';

describe('ClvSummaryBuilder', () => {
  it('merges a day, measures weeks from the first purchase and averages repeat days', () => {
    // Calibration end on day 70. Purchases on days 0, 14 (twice) and 35; day 80 is after the end.
    const builder = new ClvSummaryBuilder(70);
    builder.addTransaction('a', 0, 100);
    builder.addTransaction('a', 14, 10);
    builder.addTransaction('a', 14, 20);
    builder.addTransaction('a', 35, 60);
    expect(builder.addTransaction('a', 80, 999)).toBe('after-calibration');
    builder.addTransaction('b', 7, 5);
    expect(builder.summaries()).toEqual([
      // Repeat days 14 (30) and 35 (60): mean 45; the first day's 100 is not a repeat purchase.
      { id: 'a', x: 2, tx: 5, T: 10, monetary: 45 },
      { id: 'b', x: 0, tx: 0, T: 9, monetary: 0 },
    ]);
  });

  it('drops zero and negative amounts but keeps a customer who only had those', () => {
    const builder = new ClvSummaryBuilder(14);
    expect(builder.addTransaction('a', 0, 10)).toBe('used');
    expect(builder.addTransaction('a', 7, -10)).toBe('non-positive-amount');
    expect(builder.addTransaction('c', 7, 0)).toBe('non-positive-amount');
    expect(builder.summaries()).toEqual([
      { id: 'a', x: 0, tx: 0, T: 2, monetary: 0 },
      { id: 'c', x: 0, tx: 0, T: 1, monetary: 0 },
    ]);
    expect(builder.outcomeCounts()).toEqual({
      used: 1,
      'after-calibration': 0,
      'non-positive-amount': 2,
    });
  });

  it('ignores a customer whose transactions all come after the calibration end', () => {
    const builder = new ClvSummaryBuilder(0);
    builder.addTransaction('late', 1, 10);
    expect(builder.summaries()).toEqual([]);
  });

  it('takes first and last purchase days and first sight whatever the order of transactions', () => {
    const builder = new ClvSummaryBuilder(70);
    // Days 35 (10), 0 (5) and 14 (20): x = 2, t_x = 5 weeks, T = 10, repeat mean (10 + 20) / 2.
    builder.addTransaction('b', 35, 10);
    builder.addTransaction('b', 0, 5);
    builder.addTransaction('b', 14, 20);
    // Only zero and negative amounts, first seen on day 7 though added after day 14: T = 9.
    builder.addTransaction('z', 14, 0);
    builder.addTransaction('z', 7, -5);
    builder.addTransaction('z', 21, 0);
    expect(builder.summaries()).toEqual([
      { id: 'b', x: 2, tx: 5, T: 10, monetary: 15 },
      { id: 'z', x: 0, tx: 0, T: 9, monetary: 0 },
    ]);
  });
});
