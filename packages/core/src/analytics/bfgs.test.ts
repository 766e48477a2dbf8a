import { describe, expect, it } from 'vitest';
import { minimizeBfgs } from './bfgs.js';

describe('minimizeBfgs', () => {
  it('finds the minimum of the Rosenbrock valley at (1, 1)', () => {
    const result = minimizeBfgs(
      ([x = 0, y = 0]) => ({
        value: 100 * (y - x * x) ** 2 + (1 - x) ** 2,
        gradient: [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)],
      }),
      [-1.2, 1],
    );
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1, 6);
    expect(result.point[1]).toBeCloseTo(1, 6);
    expect(result.evaluations).toBeLessThan(200);
  });

  it('steps back from points outside the domain', () => {
    // x - log x has its minimum at x = 1 and no value for x <= 0; the first full step overshoots.
    const result = minimizeBfgs(
      ([x = 0]) => ({
        value: x > 0 ? x - Math.log(x) : NaN,
        gradient: [x > 0 ? 1 - 1 / x : NaN],
      }),
      [0.05],
    );
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1, 6);
  });

  it('reports a start outside the domain as not converged', () => {
    const result = minimizeBfgs(() => ({ value: NaN, gradient: [0] }), [1]);
    expect(result.converged).toBe(false);
  });
});
