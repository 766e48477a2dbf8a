// Customer lifetime value over a horizon: the BG/NBD model says how many purchases to expect in
// each coming week, the Gamma-Gamma model what each is worth; weeks are discounted to today.
import { AnalyticsError } from './analytics-error.js';
import type { BgNbdFit } from './clv-bgnbd.js';
import { BgNbdLikelihood, fitBgNbd } from './clv-bgnbd.js';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
} from './clv-bgnbd-expectations.js';
import type { GammaGammaFit } from './clv-gamma-gamma.js';
import { fitGammaGamma, gammaGammaExpectedSpend } from './clv-gamma-gamma.js';
import type { ClvCustomerSummary } from './clv-summary.js';

/** Horizon and discounting of a CLV. */
export interface ClvOptions {
  /** Whole weeks ahead, 1 to `CLV_MAX_HORIZON_WEEKS`. Default 52. */
  readonly horizonWeeks?: number;
  /** Annual discount rate, 0 to 1 (0.1 = 10% a year). Default 0.1. */
  readonly discountRate?: number;
}

export const CLV_DEFAULT_HORIZON_WEEKS = 52;
export const CLV_DEFAULT_DISCOUNT_RATE = 0.1;
export const CLV_MAX_HORIZON_WEEKS = 520;

/** Both fitted models and what a customer without a usable spend model is assumed to spend. */
export interface ClvModels {
  readonly bgnbd: BgNbdFit;
  readonly gammaGamma: GammaGammaFit;
  /** Mean of the repeat buyers' monetary values: used only when the fitted q <= 1. */
  readonly meanRepeatSpend: number;
}

/** A customer's summary with what the models expect of them. */
export interface ClvCustomerValue extends ClvCustomerSummary {
  readonly pAlive: number;
  /** Purchases expected over the horizon. */
  readonly expectedPurchases: number;
  /** Expected value of one future purchase (Gamma-Gamma conditional expectation). */
  readonly expectedSpend: number;
  /** Discounted value of the expected purchases over the horizon. */
  readonly clv: number;
}

/** Fits BG/NBD on every customer and Gamma-Gamma on the repeat buyers. */
export function fitClvModels(customers: readonly ClvCustomerSummary[]): ClvModels {
  const bgnbd = fitBgNbd(new BgNbdLikelihood(customers));
  const gammaGamma = fitGammaGamma(customers);
  let total = 0;
  let repeat = 0;
  for (const customer of customers) {
    if (customer.x > 0) {
      total += customer.monetary;
      repeat += 1;
    }
  }
  return { bgnbd, gammaGamma, meanRepeatSpend: repeat === 0 ? 0 : total / repeat };
}

/** Checks the options and fills in the defaults; throws `invalid-input` naming the bad one. */
export function resolveClvOptions(options: ClvOptions = {}): Required<ClvOptions> {
  const horizonWeeks = options.horizonWeeks ?? CLV_DEFAULT_HORIZON_WEEKS;
  const discountRate = options.discountRate ?? CLV_DEFAULT_DISCOUNT_RATE;
  if (!Number.isInteger(horizonWeeks) || horizonWeeks < 1 || horizonWeeks > CLV_MAX_HORIZON_WEEKS) {
    throw new AnalyticsError(
      'invalid-input',
      `the horizon must be a whole number of weeks from 1 to ${CLV_MAX_HORIZON_WEEKS}, got ${String(horizonWeeks)}`,
    );
  }
  if (!(Number.isFinite(discountRate) && discountRate >= 0 && discountRate <= 1)) {
    throw new AnalyticsError(
      'invalid-input',
      `the discount rate must be an annual rate from 0 to 1, got ${String(discountRate)}`,
    );
  }
  return { horizonWeeks, discountRate };
}

/**
 * A customer's value over the horizon H weeks with annual discount rate R:
 *
 *   CLV = E[spend] * sum_{w=1..H} (E[Y(w)] - E[Y(w-1)]) / (1 + d)^w,   d = (1 + R)^(1/52) - 1,
 *
 * where E[Y(w)] is the BG/NBD conditional expectation of purchases in the w weeks after the
 * calibration end (so each week's increment is the purchases expected in that week) and E[spend]
 * the Gamma-Gamma conditional expectation of a purchase's value. Each week is discounted at its
 * end; with R = 0 the CLV is E[spend] * E[Y(H)].
 */
export function valueCustomer(
  models: ClvModels,
  customer: ClvCustomerSummary,
  options: ClvOptions = {},
): ClvCustomerValue {
  const { horizonWeeks, discountRate } = resolveClvOptions(options);
  const bgnbd = models.bgnbd.parameters;
  const expectedSpend = gammaGammaExpectedSpend(
    models.gammaGamma.parameters,
    customer,
    models.meanRepeatSpend,
  );
  const weeklyDiscount = Math.pow(1 + discountRate, 1 / 52);
  let previous = 0;
  let discountedPurchases = 0;
  let factor = 1;
  for (let week = 1; week <= horizonWeeks; week++) {
    const cumulative = bgNbdConditionalExpectedPurchases(bgnbd, customer, week);
    factor /= weeklyDiscount;
    discountedPurchases += (cumulative - previous) * factor;
    previous = cumulative;
  }
  return {
    ...customer,
    pAlive: bgNbdProbabilityAlive(bgnbd, customer),
    expectedPurchases: previous,
    expectedSpend,
    clv: expectedSpend * discountedPurchases,
  };
}

/** Fits both models and values every customer. */
export function analyzeCustomerValue(
  customers: readonly ClvCustomerSummary[],
  options: ClvOptions = {},
): { models: ClvModels; customers: ClvCustomerValue[] } {
  const resolved = resolveClvOptions(options);
  const models = fitClvModels(customers);
  return {
    models,
    customers: customers.map((customer) => valueCustomer(models, customer, resolved)),
  };
}
