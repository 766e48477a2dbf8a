// Special functions behind the normal and Student t distributions. Written here rather than taken
// from a package so that `core` stays dependency-free and the accuracy is ours to test.

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

// Lanczos approximation, g = 7, n = 9: about 15 significant digits for x >= 0.5.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** Natural log of the gamma function for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the Lanczos sum in its accurate range.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const shifted = x - 1;
  let sum = LANCZOS[0] ?? 1;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] ?? 0) / (shifted + i);
  const t = shifted + 7.5;
  return LOG_SQRT_2PI + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

// Remainder of Stirling's series, log Gamma(x) - [(x - 1/2) ln x - x + ln sqrt(2 pi)], for x >= 10.
function stirlingCorrection(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
}

/** Natural log of the beta function B(a, b) for a, b > 0, accurate also when one argument is huge. */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  if (large < 10) return logGamma(a) + logGamma(b) - logGamma(a + b);
  // log Gamma(large) - log Gamma(large + small) through Stirling with log1p: subtracting two
  // nearly equal log-gammas of ~1e6 would lose nine digits (t tests with large df hit this).
  const sum = large + small;
  const difference =
    -(large - 0.5) * Math.log1p(small / large) -
    small * Math.log(sum) +
    small +
    stirlingCorrection(large) -
    stirlingCorrection(sum);
  if (small >= 10) {
    return (
      (small - 0.5) * Math.log(small) -
      small +
      LOG_SQRT_2PI +
      stirlingCorrection(small) +
      difference
    );
  }
  return logGamma(small) + difference;
}

// Modified Lentz evaluation of the continued fraction for I_x(a, b) (Numerical Recipes 6.4).
function betaContinuedFraction(a: number, b: number, x: number, y: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  // 1 - (a + b) x / (a + 1) rewritten with y = 1 - x: near the mean with a huge `a` (t with
  // df = 1e9) the plain form cancels nine digits.
  let d = (1 - b + qab * y) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b); pass `y = 1 - x` when it is known more precisely than
 * `1 - x` (t tails), since the front factor needs both logs.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number, y = 1 - x): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const logX = x > 0.5 ? Math.log1p(-y) : Math.log(x);
  const logY = y > 0.5 ? Math.log1p(-x) : Math.log(y);
  const front = Math.exp(a * logX + b * logY - logBeta(a, b));
  // The fraction converges fast only on one side of the mean; use the symmetry there.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x, y)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y, x)) / b;
}

/** Complementary error function erfc(x) = 1 - erf(x), with full relative accuracy in the upper tail. */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x === Infinity) return 0;
  const z = x * x;
  if (z < 1.5) {
    // erf by the positive-term series of the lower incomplete gamma P(1/2, x^2): no cancellation.
    let term = 1;
    let sum = 1;
    for (let n = 1; n < 200; n++) {
      term *= (2 * z) / (2 * n + 1);
      sum += term;
      if (term < sum * EPSILON) break;
    }
    return 1 - ((2 * x * Math.exp(-z)) / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction for the upper incomplete gamma Q(1/2, x^2) (Numerical Recipes 6.2).
  let b = z + 0.5;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - 0.5);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(-z + Math.log(x) - LOG_SQRT_PI) * h;
}
