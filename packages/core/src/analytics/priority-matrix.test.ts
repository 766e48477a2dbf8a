import { describe, expect, it } from 'vitest';
import { computePriorityMatrix } from './priority-matrix.js';

const drivers = [
  { name: 'wait time', importance: 40, performance: 55 },
  { name: 'staff', importance: 30, performance: 85 },
  { name: 'decor', importance: 10, performance: 90 },
  { name: 'parking', importance: 20, performance: 50 },
];

describe('computePriorityMatrix', () => {
  it('splits at the mean importance (25) and mean performance (70) by default', () => {
    const matrix = computePriorityMatrix(drivers);
    expect(matrix.importanceSplit).toBe(25);
    expect(matrix.performanceSplit).toBe(70);
    expect(matrix.items.map((item) => [item.name, item.quadrant])).toEqual([
      ['wait time', 'fix-first'],
      ['staff', 'keep-up'],
      ['decor', 'possible-overkill'],
      ['parking', 'monitor'],
    ]);
  });

  it('takes fixed split points, and a value on the split counts as high', () => {
    const matrix = computePriorityMatrix(drivers, { importanceSplit: 20, performanceSplit: 90 });
    expect(matrix.items.map((item) => item.quadrant)).toEqual([
      'fix-first',
      'fix-first',
      'possible-overkill',
      'fix-first',
    ]);
  });

  it('rejects an empty list and non-finite values', () => {
    expect(() => computePriorityMatrix([])).toThrow(/needs drivers/);
    expect(() => computePriorityMatrix([{ name: 'x', importance: NaN, performance: 1 }])).toThrow(
      /importance of "x"/,
    );
  });
});
