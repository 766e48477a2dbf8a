import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './analytics-error.js';
import { fitBgNbd } from './clv-bgnbd.js';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
  bgNbdProbabilityOfPurchases,
} from './clv-bgnbd-expectations.js';
import { fitGammaGamma, gammaGammaExpectedSpend } from './clv-gamma-gamma.js';
import type { ClvModels } from './clv-value.js';
import { resolveClvOptions, valueCustomer } from './clv-value.js';

const parameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** The textbook series of 2F1, summed directly (a check independent of the transformed form). */
function hypergeometric(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
  }
  return sum;
}

/** FHL 2005 equation 10 as printed. */
function printedConditional(
  x: number,
  tx: number,
  T: number,
  t: number,
  { r, alpha, a, b } = parameters,
): number {
  const hyper = hypergeometric(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const numerator =
    ((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyper);
  const alive = x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0;
  return numerator / (1 + alive);
}

describe('BG/NBD expectations', () => {
  it('agree with the printed formula for several customers', () => {
    for (const [x, tx, T, t] of [
      [0, 0, 30, 10],
      [1, 5, 30, 52],
      [7, 25, 38, 26],
      [20, 38, 39, 104],
    ] as const) {
      expect(bgNbdConditionalExpectedPurchases(parameters, { x, tx, T }, t)).toBeCloseTo(
        printedConditional(x, tx, T, t),
        9,
      );
    }
  });

  it('agree with the printed formula when r is far above a + b (little rate heterogeneity)', () => {
    // The regime a fit reaches on very regular buyers: the transformed series would cancel.
    const regular = { r: 2e4, alpha: 1e4, a: 0.5, b: 30 };
    for (const [x, tx, T, t] of [
      [6, 12, 12.6, 52],
      [2, 4, 12, 10],
      [0, 0, 5, 104],
    ] as const) {
      const value = bgNbdConditionalExpectedPurchases(regular, { x, tx, T }, t);
      expect(value).toBeCloseTo(printedConditional(x, tx, T, t, regular), 6);
    }
  });

  it('take the printed formula across a = 1 in that regime (it once recursed without end there)', () => {
    const atOne = { r: 2e4, alpha: 1e4, a: 1, b: 30 };
    const value = bgNbdConditionalExpectedPurchases(atOne, { x: 2, tx: 4, T: 12 }, 10);
    // The printed formula divides by a - 1: its mean on either side of 1.
    const side = (a: number) => printedConditional(2, 4, 12, 10, { ...atOne, a });
    expect(value).toBeCloseTo((side(1 - 1e-4) + side(1 + 1e-4)) / 2, 4);
  });

  it('stay finite for a frequent buyer long silent, and at a = 1', () => {
    const silent = { x: 400, tx: 10, T: 500 };
    expect(bgNbdProbabilityAlive(parameters, silent)).toBeGreaterThanOrEqual(0);
    expect(bgNbdProbabilityAlive(parameters, silent)).toBeLessThan(1e-100);
    const value = bgNbdConditionalExpectedPurchases(parameters, silent, 520);
    expect(Number.isFinite(value)).toBe(true);
    // a = 1 is the limit of the formula's (a - 1) division: continuous across it.
    const near = (a: number): number =>
      bgNbdConditionalExpectedPurchases({ ...parameters, a }, { x: 3, tx: 20, T: 30 }, 52);
    expect(near(1)).toBeCloseTo(near(1 + 1e-7), 5);
    expect(near(1)).toBeCloseTo(near(1 - 1e-7), 5);
  });

  it('expects no purchases over no time or a time that is not positive', () => {
    const customer = { x: 2, tx: 30.43, T: 38.86 };
    expect(bgNbdConditionalExpectedPurchases(parameters, customer, 0)).toBe(0);
    expect(bgNbdConditionalExpectedPurchases(parameters, customer, -1)).toBe(0);
    expect(bgNbdConditionalExpectedPurchases(parameters, customer, Number.NaN)).toBe(0);
  });

  it('gives P(alive) = 1 without a repeat purchase and probabilities that sum to 1', () => {
    expect(bgNbdProbabilityAlive(parameters, { x: 0, tx: 0, T: 20 })).toBe(1);
    let total = 0;
    for (let n = 0; n < 200; n++) total += bgNbdProbabilityOfPurchases(parameters, 39, n);
    expect(total).toBeCloseTo(1, 8);
  });
});

describe('fits on too little data', () => {
  it('refuse fewer than 10 customers or no repeat buyers with too-few-rows', () => {
    const few = [{ x: 1, tx: 1, T: 2 }];
    expect(() => fitBgNbd(few)).toThrow(AnalyticsError);
    const noRepeat = Array.from({ length: 20 }, () => ({ x: 0, tx: 0, T: 10 }));
    expect(() => fitBgNbd(noRepeat)).toThrow(/repeat purchase/);
    expect(() => fitGammaGamma([{ x: 1, monetary: 5 }])).toThrow(/at least 5/);
  });

  it('refuse impossible summaries with invalid-input', () => {
    const bad = Array.from({ length: 20 }, () => ({ x: 1, tx: 5, T: 2 }));
    expect(() => fitBgNbd(bad)).toThrow(/t_x <= T/);
    expect(() => fitGammaGamma([{ x: 1, monetary: Number.NaN }])).toThrow(/finite monetary/);
  });
});

describe('valueCustomer', () => {
  const models: ClvModels = {
    bgnbd: { parameters, logLikelihood: 0, evaluations: 0, converged: true },
    gammaGamma: {
      parameters: { p: 6.25, q: 3.74, v: 15.44 },
      logLikelihood: 0,
      customers: 0,
      evaluations: 0,
      converged: true,
    },
    meanRepeatSpend: 30,
  };
  const customer = { id: 'c', x: 2, tx: 30.43, T: 38.86, monetary: 22.35 };

  it('without discounting is expected spend times expected purchases over the horizon', () => {
    const value = valueCustomer(models, customer, { horizonWeeks: 39, discountRate: 0 });
    expect(value.expectedPurchases).toBeCloseTo(printedConditional(2, 30.43, 38.86, 39), 9);
    // Gamma-Gamma by hand: (q - 1 + 0) ... weight px / (px + q - 1) = 12.5 / 15.24.
    const spend = (2.74 / 15.24) * ((6.25 * 15.44) / 2.74) + (12.5 / 15.24) * 22.35;
    expect(value.expectedSpend).toBeCloseTo(spend, 9);
    expect(value.clv).toBeCloseTo(spend * value.expectedPurchases, 9);
  });

  it('discounts each week: a positive rate lowers the value, within one year of discount', () => {
    const plain = valueCustomer(models, customer, { horizonWeeks: 52, discountRate: 0 });
    const discounted = valueCustomer(models, customer, { horizonWeeks: 52, discountRate: 0.2 });
    expect(discounted.clv).toBeLessThan(plain.clv);
    expect(discounted.clv).toBeGreaterThan(plain.clv / 1.2);
  });

  it('uses the repeat buyers mean spend when q <= 1 (no finite population mean)', () => {
    const heavy = { p: 2, q: 0.8, v: 10 };
    expect(gammaGammaExpectedSpend(heavy, { x: 0, monetary: 0 }, 30)).toBe(30);
    expect(gammaGammaExpectedSpend(heavy, { x: 3, monetary: 12 }, 30)).toBe(12);
    // q = 1 exactly: the population mean p v / (q - 1) is still infinite.
    expect(gammaGammaExpectedSpend({ p: 2, q: 1, v: 10 }, { x: 3, monetary: 12 }, 30)).toBe(12);
  });

  it('refuses a horizon or discount rate out of range', () => {
    expect(() => resolveClvOptions({ horizonWeeks: 0 })).toThrow(/horizon/);
    expect(() => resolveClvOptions({ horizonWeeks: 2.5 })).toThrow(/horizon/);
    expect(() => resolveClvOptions({ discountRate: -0.1 })).toThrow(/discount rate/);
    expect(() => resolveClvOptions({ discountRate: Number.NaN })).toThrow(/discount rate/);
    expect(() => resolveClvOptions({ horizonWeeks: 521 })).toThrow(/from 1 to 520, got 521/);
    expect(() => resolveClvOptions({ discountRate: 1.01 })).toThrow(/discount rate/);
    expect(resolveClvOptions({ horizonWeeks: 1, discountRate: 0 })).toEqual({
      horizonWeeks: 1,
      discountRate: 0,
    });
    expect(resolveClvOptions({ horizonWeeks: 520, discountRate: 1 })).toEqual({
      horizonWeeks: 520,
      discountRate: 1,
    });
    expect(resolveClvOptions()).toEqual({ horizonWeeks: 52, discountRate: 0.1 });
    try {
      resolveClvOptions({ horizonWeeks: 0 });
    } catch (error) {
      expect(error).toBeInstanceOf(AnalyticsError);
      expect((error as AnalyticsError).code).toBe('invalid-input');
    }
    try {
      resolveClvOptions({ discountRate: 2 });
    } catch (error) {
      expect((error as AnalyticsError).code).toBe('invalid-input');
    }
  });
});
