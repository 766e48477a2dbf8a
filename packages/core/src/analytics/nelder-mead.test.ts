import { describe, expect, it } from 'vitest';
import { minimizeNelderMead } from './nelder-mead.js';

describe('minimizeNelderMead', () => {
  it('finds the minimum of the Rosenbrock valley at (1, 1)', () => {
    const rosenbrock = ([x = 0, y = 0]: readonly number[]): number =>
      100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1], { functionTolerance: 1e-14 });
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1, 4);
    expect(result.point[1]).toBeCloseTo(1, 4);
  });

  it('treats non-finite values as outside the domain', () => {
    // log(x) - x is undefined for x <= 0; its maximum is at x = 1.
    const result = minimizeNelderMead(([x = 0]) => (x > 0 ? x - Math.log(x) : NaN), [0.2]);
    expect(result.point[0]).toBeCloseTo(1, 5);
  });

  it('reports running out of evaluations', () => {
    const result = minimizeNelderMead(([x = 0, y = 0]) => x * x + y * y, [5, 5], {
      maxEvaluations: 10,
    });
    expect(result.converged).toBe(false);
    expect(result.evaluations).toBeLessThanOrEqual(12);
  });
});
