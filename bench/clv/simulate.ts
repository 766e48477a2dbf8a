/**
 * A seeded simulation of the BG/NBD purchase process with Gamma-Gamma spend: a cohort of new
 * customers whose first purchases fall on the first 12 weeks' days, observed to a calibration end
 * 39 weeks after the cohort starts (the shape of the CDNOW cohort), in whole days.
 */
import {
  ClvSummaryBuilder,
  type BgNbdParameters,
  type ClvCustomerSummary,
  type GammaGammaParameters,
} from '@touchstone/core';

const COHORT_DAYS = 84;
const CALIBRATION_DAYS = 273;

/** mulberry32: small, fast and seedable; good enough for a benchmark's data. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, rate) by Marsaglia and Tsang, boosted for shape < 1. */
function gamma(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return gamma(random, shape + 1, rate) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(random);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** The summaries of `customers` simulated customers (ids "s0", "s1", ...). */
export function simulateCustomers(
  customers: number,
  seed: number,
  bgnbd: BgNbdParameters,
  spend: GammaGammaParameters,
): ClvCustomerSummary[] {
  const random = createRandom(seed);
  const builder = new ClvSummaryBuilder(CALIBRATION_DAYS);
  for (let i = 0; i < customers; i++) {
    const id = `s${i}`;
    const birth = Math.floor(random() * COHORT_DAYS);
    const lambda = gamma(random, bgnbd.r, bgnbd.alpha);
    const a = gamma(random, bgnbd.a, 1);
    const dropout = a / (a + gamma(random, bgnbd.b, 1));
    const nu = gamma(random, spend.q, spend.v);
    builder.addTransaction(id, birth, gamma(random, spend.p, nu));
    // Weeks after the first purchase; a customer may drop out after each repeat purchase.
    let time = 0;
    for (;;) {
      time += -Math.log(1 - random()) / lambda;
      const day = birth + Math.floor(time * 7);
      if (day > CALIBRATION_DAYS) break;
      builder.addTransaction(id, day, gamma(random, spend.p, nu));
      if (random() < dropout) break;
    }
  }
  return builder.summaries();
}
