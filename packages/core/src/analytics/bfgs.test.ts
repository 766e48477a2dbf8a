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

  // (x - 3)^2 + y^2 from (0, 0): gradient (-6, 0). The full step to (6, 0) keeps the value 9, above
  // the Armijo bound 9 - 1e-4 * 36; the half step lands on (3, 0), where the gradient is 0.
  const bowl = ([x = 0, y = 0]: readonly number[]) => ({
    value: (x - 3) ** 2 + y * y,
    gradient: [2 * (x - 3), 2 * y],
  });

  it('takes the Armijo step by hand on a quadratic: three evaluations', () => {
    expect(minimizeBfgs(bowl, [0, 0])).toEqual({
      point: [3, 0],
      value: 0,
      evaluations: 3,
      converged: true,
    });
    // Every component must be below the tolerance, and strictly.
    expect(minimizeBfgs(bowl, [0, 0], { gradientTolerance: 6 }).point).toEqual([3, 0]);
    expect(minimizeBfgs(bowl, [0, 0], { gradientTolerance: 6.5 })).toEqual({
      point: [0, 0],
      value: 9,
      evaluations: 1,
      converged: true,
    });
  });

  it('stops after maxIterations without claiming convergence', () => {
    expect(minimizeBfgs(bowl, [0, 0], { maxIterations: 1 })).toEqual({
      point: [3, 0],
      value: 0,
      evaluations: 3,
      converged: false,
    });
  });

  it('stops where no step lowers the value, converged only if the gradient is nearly zero', () => {
    // A gradient of -1 everywhere on x^2 from 0: every step to the right raises the value, so 40
    // halvings fail (41 evaluations) and the point stays.
    const wrong = ([x = 0]: readonly number[]) => ({ value: x * x, gradient: [-1] });
    expect(minimizeBfgs(wrong, [0])).toEqual({
      point: [0],
      value: 0,
      evaluations: 41,
      converged: false,
    });
    // |g| = 1 is below 1e3 times a tolerance of 0.002 but not the tolerance itself.
    expect(minimizeBfgs(wrong, [0], { gradientTolerance: 0.002 }).converged).toBe(true);
    expect(minimizeBfgs(wrong, [0], { gradientTolerance: 0.001 }).converged).toBe(false);
  });

  it('treats a start with any non-finite gradient component as outside the domain', () => {
    expect(minimizeBfgs(() => ({ value: 1, gradient: [0, Number.NaN] }), [0, 0])).toEqual({
      point: [0, 0],
      value: Number.POSITIVE_INFINITY,
      evaluations: 1,
      converged: false,
    });
  });
});
