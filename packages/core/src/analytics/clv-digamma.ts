// The digamma function, d/dx log Gamma(x), for the gradients of the CLV likelihoods.

/** psi(x) for x > 0: the recurrence up to x >= 10, then the asymptotic series. */
export function digamma(x: number): number {
  let shift = 0;
  let v = x;
  while (v < 10) {
    shift -= 1 / v;
    v += 1;
  }
  const inv = 1 / v;
  const inv2 = inv * inv;
  const series =
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
  return shift + Math.log(v) - 0.5 * inv - series;
}
