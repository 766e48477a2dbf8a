// What a fitted BG/NBD model says about customers: the probability a customer is still alive and
// the purchases expected over the next t weeks, for one customer or for a new one.
import type { BgNbdParameters, RecencyFrequency } from './clv-bgnbd.js';
import { logBeta } from './special-functions.js';

const SERIES_TOLERANCE = 1e-15;
const SERIES_MAX_TERMS = 1_000_000;

/**
 * P(alive | x, t_x, T) (FHL 2005, equation 11): 1 for a customer with no repeat purchase (in the
 * model a customer can only drop out right after a purchase), else
 * 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x)).
 */
export function bgNbdProbabilityAlive(
  { r, alpha, a, b }: BgNbdParameters,
  { x, tx, T }: RecencyFrequency,
): number {
  if (x === 0) return 1;
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  // 1 / (1 + e^logOdds) without overflow for a long-silent frequent buyer.
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/**
 * E[Y(t) | x, t_x, T]: purchases expected in (T, T + t] (FHL 2005, equation 10),
 *
 *   (a + b + x - 1) / (a - 1) * [1 - ((alpha + T) / (alpha + T + t))^(r + x)
 *     * 2F1(r + x, b + x; a + b + x - 1; z)] * P(alive),   z = t / (alpha + T + t).
 *
 * Evaluated through Euler's transformation 2F1(A, B; C; z) = (1 - z)^(C - A - B)
 * 2F1(C - A, C - B; C; z), which turns the bracket into 1 - (1 - z)^(a - 1) 2F1(a + b - 1 - r,
 * a - 1; a + b + x - 1; z): its upper parameters no longer grow with x, so the series neither
 * overflows for frequent buyers nor cancels, and the factor (a - 1) is divided out exactly
 * (see `bracketOverAMinus1`), so a = 1 needs no special case. When r is far above a + b (little
 * heterogeneity in purchase rates) the transformed series alternates with large terms and would
 * cancel; the printed series, all of whose terms are positive, is summed in logs instead.
 */
export function bgNbdConditionalExpectedPurchases(
  parameters: BgNbdParameters,
  customer: RecencyFrequency,
  t: number,
): number {
  if (!(t > 0)) return 0;
  const { r, alpha, a, b } = parameters;
  const { x, T } = customer;
  const z = t / (alpha + T + t);
  const logOneMinusZ = Math.log((alpha + T) / (alpha + T + t));
  const upper = a + b - 1 - r;
  const bracket =
    upper < 0 && -upper * z > 1
      ? printedBracketOverAMinus1(parameters, x, z, logOneMinusZ)
      : bracketOverAMinus1(upper, a, a + b + x - 1, z, logOneMinusZ);
  return (a + b + x - 1) * bracket * bgNbdProbabilityAlive(parameters, customer);
}

/**
 * E[X(t)] for a new customer (FHL 2005, equation 9): the conditional expectation at x = t_x = T = 0,
 * (a + b - 1) / (a - 1) * [1 - (alpha / (alpha + t))^r 2F1(r, b; a + b - 1; t / (alpha + t))].
 */
export function bgNbdExpectedPurchases(parameters: BgNbdParameters, t: number): number {
  return bgNbdConditionalExpectedPurchases(parameters, { x: 0, tx: 0, T: 0 }, t);
}

/**
 * P(X(t) = n) for a new customer (FHL 2005, equation 8), summed in logs: the probability of
 * exactly n purchases in (0, t].
 */
export function bgNbdProbabilityOfPurchases(
  { r, alpha, a, b }: BgNbdParameters,
  t: number,
  n: number,
): number {
  const logBetaRatio = (p: number, q: number): number => logBeta(p, q) - logBeta(a, b);
  const logAlive =
    logBetaRatio(a, b + n) +
    logPochhammer(r, n) -
    logPochhammer(1, n) +
    r * Math.log(alpha / (alpha + t)) +
    n * Math.log(t / (alpha + t));
  let probability = Math.exp(logAlive);
  if (n > 0) {
    // Dropped out after the n-th purchase: sum over j < n of the NBD terms at t.
    let tail = 0;
    for (let j = 0; j < n; j++) {
      tail += Math.exp(
        logPochhammer(r, j) -
          logPochhammer(1, j) +
          r * Math.log(alpha / (alpha + t)) +
          j * Math.log(t / (alpha + t)),
      );
    }
    probability += Math.exp(logBetaRatio(a + 1, b + n - 1)) * (1 - tail);
  }
  return probability;
}

function logPochhammer(value: number, n: number): number {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.log(value + k);
  return sum;
}

/**
 * [1 - (1 - z)^eps 2F1(A, eps; C; z)] / eps with eps = aParam - 1. Writing
 * 2F1(A, eps; C; z) = 1 + eps G, G = sum_{k>=1} (A)_k (aParam)_{k-1} / ((C)_k k!) z^k, gives
 * -expm1(eps L) / eps - e^(eps L) G with L = log(1 - z), exact at eps = 0 (the limit -L).
 */
function bracketOverAMinus1(
  A: number,
  aParam: number,
  C: number,
  z: number,
  logOneMinusZ: number,
): number {
  const eps = aParam - 1;
  const first =
    Math.abs(eps * logOneMinusZ) < 1e-12 ? -logOneMinusZ : -Math.expm1(eps * logOneMinusZ) / eps;
  let term = (A / C) * z;
  let sum = term;
  for (let k = 1; k < SERIES_MAX_TERMS; k++) {
    term *= ((A + k) * (aParam + k - 1) * z) / ((C + k) * (k + 1));
    sum += term;
    if (Math.abs(term) <= SERIES_TOLERANCE * Math.abs(sum)) break;
  }
  return first - Math.exp(eps * logOneMinusZ) * sum;
}

/**
 * [1 - (1 - z)^(r + x) 2F1(r + x, b + x; a + b + x - 1; z)] / (a - 1) from the printed series,
 * every term positive, kept scaled so that it cannot overflow. Within 1e-7 of a = 1 it takes the
 * mean of a = 1 +- 1e-6 (the expression is continuous there).
 */
function printedBracketOverAMinus1(
  { r, a, b }: BgNbdParameters,
  x: number,
  z: number,
  logOneMinusZ: number,
): number {
  if (Math.abs(a - 1) < 1e-7) {
    // Steps well outside the test: 1 - 1e-7 would land inside it again (rounding) and recurse.
    const below = printedBracketOverAMinus1({ r, alpha: 1, a: 1 - 1e-6, b }, x, z, logOneMinusZ);
    const above = printedBracketOverAMinus1({ r, alpha: 1, a: 1 + 1e-6, b }, x, z, logOneMinusZ);
    return (below + above) / 2;
  }
  const A = r + x;
  const B = b + x;
  const C = a + b + x - 1;
  let logScale = 0;
  let sum = 1;
  let term = 1;
  for (let k = 0; k < SERIES_MAX_TERMS; k++) {
    term *= ((A + k) * (B + k) * z) / ((C + k) * (k + 1));
    sum += term;
    if (sum > 1e200) {
      logScale += Math.log(sum);
      term /= sum;
      sum = 1;
    }
    if (term <= SERIES_TOLERANCE * sum) break;
  }
  const logProduct = A * logOneMinusZ + logScale + Math.log(sum);
  return -Math.expm1(logProduct) / (a - 1);
}
