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

  it('follows the simplex by hand on x^2 in one dimension', () => {
    // From 1 with step 0.5: vertices 1 and 1.5; the reflection 0.5 beats the best, so the
    // expansion 0 is taken. Then every reflection ties the worst and the inside contraction
    // halves it: 20 halvings bring it within 1e-6 (2^-20). 1 + 1 + 2 + 20 * 2 = 44 evaluations.
    // The restart from 0 with step 0.1 halves 17 times to 0.1 * 2^-17 < 1e-6 (1 + 17 * 2 = 35)
    // and finds nothing better, so the search stops: 79 evaluations.
    expect(minimizeNelderMead(([x = 0]) => x * x, [1])).toEqual({
      point: [0],
      value: 0,
      evaluations: 79,
      converged: true,
    });
  });
});
