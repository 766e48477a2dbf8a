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

describe('computePriorityMatrix at its splits', () => {
  it('counts a value equal to a default (mean) split as high on both axes', () => {
    // Means: importance 20, performance 60; the middle driver sits on both.
    const matrix = computePriorityMatrix([
      { name: 'a', importance: 10, performance: 50 },
      { name: 'b', importance: 20, performance: 60 },
      { name: 'c', importance: 30, performance: 70 },
    ]);
    expect(matrix.items.map((item) => item.quadrant)).toEqual(['monitor', 'keep-up', 'keep-up']);
    expect(matrix.items[1]).toEqual({
      name: 'b',
      importance: 20,
      performance: 60,
      quadrant: 'keep-up',
    });
  });

  it('takes one fixed split and the mean for the other', () => {
    const matrix = computePriorityMatrix(drivers, { performanceSplit: 86 });
    expect(matrix.importanceSplit).toBe(25);
    expect(matrix.performanceSplit).toBe(86);
    expect(matrix.items.map((item) => item.quadrant)).toEqual([
      'fix-first',
      'fix-first',
      'possible-overkill',
      'monitor',
    ]);
  });

  it('names the driver or split that is not a finite number', () => {
    expect(() =>
      computePriorityMatrix([{ name: 'queue', importance: 1, performance: Infinity }]),
    ).toThrow('performance of "queue" must be a finite number, got Infinity');
    expect(() => computePriorityMatrix(drivers, { importanceSplit: Number.NaN })).toThrow(
      'importanceSplit must be a finite number, got NaN',
    );
    expect(() => computePriorityMatrix(drivers, { performanceSplit: Infinity })).toThrow(
      'performanceSplit must be a finite number, got Infinity',
    );
    let refusal: unknown;
    try {
      computePriorityMatrix([]);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({
      code: 'invalid-input',
      message: 'a priority matrix needs drivers',
    });
  });
});
