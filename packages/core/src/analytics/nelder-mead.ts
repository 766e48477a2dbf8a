// Derivative-free minimisation (Nelder and Mead 1965, with the standard coefficients and a
// restart from the best point): the CLV fits fall back on it when BFGS stops short of a zero
// gradient (a flat likelihood, a parameter at its bound).

/** Stopping rules and starting step of `minimizeNelderMead`. */
export interface NelderMeadOptions {
  /** Stop when the simplex's values differ by less than this (absolute). Default 1e-10. */
  readonly functionTolerance?: number;
  /** ...and its vertices lie within this of the best one in every coordinate. Default 1e-6. */
  readonly pointTolerance?: number;
  /** Function evaluations allowed across all restarts. Default 20,000. */
  readonly maxEvaluations?: number;
  /** Size of the first simplex's steps along each axis. Default 0.5. */
  readonly initialStep?: number;
}

/** The best point found, its value, and how the search ended. */
export interface NelderMeadResult {
  readonly point: number[];
  readonly value: number;
  readonly evaluations: number;
  /** False when `maxEvaluations` ran out before the tolerances were met. */
  readonly converged: boolean;
}

/**
 * Minimises `f` from `start`. A non-finite value counts as +Infinity (outside the domain), so the
 * search moves away from it. After converging it restarts once from the best point with a fresh
 * simplex: a collapsed simplex can stop short of the minimum, and a restart that finds nothing
 * better costs a few dozen evaluations.
 */
export function minimizeNelderMead(
  f: (point: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const maxEvaluations = options.maxEvaluations ?? 20_000;
  const step = options.initialStep ?? 0.5;
  let evaluations = 0;
  const evaluate = (point: readonly number[]): number => {
    evaluations += 1;
    const value = f(point);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
  let best = { point: [...start], value: evaluate(start) };
  let converged = false;
  for (let round = 0; round < 3; round++) {
    const result = runSimplex(evaluate, best.point, best.value, step / (1 + 4 * round), {
      functionTolerance: options.functionTolerance ?? 1e-10,
      pointTolerance: options.pointTolerance ?? 1e-6,
      budget: () => maxEvaluations - evaluations,
    });
    const improved = result.value < best.value - (options.functionTolerance ?? 1e-10);
    best = result.value <= best.value ? result : best;
    converged = result.converged;
    if (!result.converged || (round > 0 && !improved)) break;
  }
  return { point: best.point, value: best.value, evaluations, converged };
}

interface SimplexLimits {
  functionTolerance: number;
  pointTolerance: number;
  budget: () => number;
}

function runSimplex(
  evaluate: (point: readonly number[]) => number,
  start: number[],
  startValue: number,
  step: number,
  limits: SimplexLimits,
): { point: number[]; value: number; converged: boolean } {
  const n = start.length;
  const points: number[][] = [start];
  const values: number[] = [startValue];
  for (let i = 0; i < n; i++) {
    const vertex = [...start];
    vertex[i] = (vertex[i] ?? 0) + step;
    points.push(vertex);
    values.push(evaluate(vertex));
  }
  const order = points.map((_, i) => i);
  const centroid = new Array<number>(n).fill(0);
  const along = (factor: number): number[] => {
    const worst = points[order[n] ?? 0] ?? start;
    return centroid.map((c, j) => c + factor * ((worst[j] ?? 0) - c));
  };
  while (limits.budget() > 0) {
    order.sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0));
    const bestIndex = order[0] ?? 0;
    const worstIndex = order[n] ?? 0;
    const bestValue = values[bestIndex] ?? 0;
    const bestPoint = points[bestIndex] ?? start;
    if (isConverged(points, values, bestPoint, bestValue, limits)) {
      return { point: [...bestPoint], value: bestValue, converged: true };
    }
    centroid.fill(0);
    for (let k = 0; k < n; k++) {
      const vertex = points[order[k] ?? 0] ?? start;
      for (let j = 0; j < n; j++) centroid[j] = (centroid[j] ?? 0) + (vertex[j] ?? 0) / n;
    }
    const secondWorst = values[order[n - 1] ?? 0] ?? 0;
    const worstValue = values[worstIndex] ?? 0;
    const reflected = along(-1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < bestValue) {
      const expanded = along(-2);
      const expandedValue = evaluate(expanded);
      const takeExpanded = expandedValue < reflectedValue;
      points[worstIndex] = takeExpanded ? expanded : reflected;
      values[worstIndex] = takeExpanded ? expandedValue : reflectedValue;
      continue;
    }
    if (reflectedValue < secondWorst) {
      points[worstIndex] = reflected;
      values[worstIndex] = reflectedValue;
      continue;
    }
    const outside = reflectedValue < worstValue;
    const contracted = along(outside ? -0.5 : 0.5);
    const contractedValue = evaluate(contracted);
    if (contractedValue < (outside ? reflectedValue : worstValue)) {
      points[worstIndex] = contracted;
      values[worstIndex] = contractedValue;
      continue;
    }
    // Shrink every vertex halfway towards the best one.
    for (let k = 1; k <= n; k++) {
      const index = order[k] ?? 0;
      const vertex = points[index] ?? start;
      points[index] = vertex.map((v, j) => (bestPoint[j] ?? 0) + 0.5 * (v - (bestPoint[j] ?? 0)));
      values[index] = evaluate(points[index] ?? start);
    }
  }
  order.sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0));
  const bestIndex = order[0] ?? 0;
  return {
    point: [...(points[bestIndex] ?? start)],
    value: values[bestIndex] ?? 0,
    converged: false,
  };
}

function isConverged(
  points: readonly number[][],
  values: readonly number[],
  bestPoint: readonly number[],
  bestValue: number,
  limits: SimplexLimits,
): boolean {
  for (let k = 0; k < points.length; k++) {
    if (!(Math.abs((values[k] ?? 0) - bestValue) <= limits.functionTolerance)) return false;
    const vertex = points[k] ?? bestPoint;
    for (let j = 0; j < vertex.length; j++) {
      if (Math.abs((vertex[j] ?? 0) - (bestPoint[j] ?? 0)) > limits.pointTolerance) return false;
    }
  }
  return true;
}
