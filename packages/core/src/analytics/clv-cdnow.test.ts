// The published CDNOW results (Fader, Hardie and Lee 2005; the lifetimes test suite), reproduced
// from the raw transactions in the shared reference folder.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from './clv-bgnbd.js';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdProbabilityOfPurchases,
} from './clv-bgnbd-expectations.js';
import { GammaGammaLikelihood, fitGammaGamma, gammaGammaExpectedSpend } from './clv-gamma-gamma.js';
import { ClvSummaryBuilder } from './clv-summary.js';
import { analyzeCustomerValue } from './clv-value.js';

/**
 * The shared reference folder (`shared/data/reference`) found by walking up from this file, so the
 * test reads it from any checkout depth: the project, or a copy of it inside the project such as
 * Stryker's sandbox. Throws when no parent holds it: the published figures must not be skipped.
 */
function findReferenceFolder(): string {
  const marker = join('shared', 'data', 'reference', 'CDNOW_sample.txt');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, marker))) return join(dir, 'shared', 'data', 'reference');
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no parent of ${fileURLToPath(import.meta.url)} holds ${marker}`);
    }
    dir = parent;
  }
}

const REFERENCE = findReferenceFolder();

function readReference(name: string): string {
  return readFileSync(join(REFERENCE, name), 'utf8');
}

function dayOf(yyyymmdd: string): number {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** Rows of a reference CSV as numbers keyed by the header's names. */
function readCsv(name: string): Record<string, number>[] {
  const [header = '', ...rows] = readReference(name).trim().split(/\r?\n/);
  const names = header.split(',');
  return rows.map((row) => {
    const cells = row.split(',');
    return Object.fromEntries(names.map((n, i) => [n, Number(cells[i])]));
  });
}

/** Runs `compute` on first use and keeps the result (not an error: a failing run is retried). */
function once<T>(compute: () => T): () => T {
  let value: { readonly result: T } | undefined;
  return () => (value ??= { result: compute() }).result;
}

// Everything the tests check is computed inside them, on first use: an error thrown while a
// file's suites are collected fails no test, and mutation testing would count it as a survivor.
// Raw file: "customer_id sample_id YYYYMMDD cds dollars", whitespace separated, no header. The
// summaries' ID is the sample id.
const cdnow = once(() => {
  const builder = new ClvSummaryBuilder(dayOf('19970930'));
  for (const line of readReference('CDNOW_sample.txt').split(/\r?\n/)) {
    const [, sampleId = '', date = '', , dollars = ''] = line.trim().split(/\s+/);
    if (date !== '') builder.addTransaction(String(Number(sampleId)), dayOf(date), Number(dollars));
  }
  const summaries = builder.summaries();
  return { builder, summaries, byId: new Map(summaries.map((s) => [Number(s.id), s])) };
});

// Published BG/NBD parameters (FHL 2005, to 3 decimals).
const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('CDNOW summary from the raw transactions (calibration end 1997-09-30)', () => {
  it('has the 2,357 customers of the reference summaries', () => {
    const { builder, summaries } = cdnow();
    expect(summaries).toHaveLength(2357);
    // 6,919 transactions: 1,959 after the calibration end, 8 of $0.00 (each a customer's only one).
    expect(builder.outcomeCounts()).toEqual({
      used: 4952,
      'after-calibration': 1959,
      'non-positive-amount': 8,
    });
  });

  it('matches cdnow_customers_summary.csv (frequency, recency, T in weeks, 2 decimals)', () => {
    const { byId } = cdnow();
    for (const row of readCsv('cdnow_customers_summary.csv')) {
      const s = byId.get(row['ID'] ?? -1);
      if (s === undefined) throw new Error(`customer ${row['ID']} missing`);
      expect(s.x).toBe(row['frequency']);
      expect(Math.abs(s.tx - (row['recency'] ?? NaN))).toBeLessThanOrEqual(0.005);
      expect(Math.abs(s.T - (row['T'] ?? NaN))).toBeLessThanOrEqual(0.005);
    }
  });

  it('matches cdnow_customers_summary_with_transactions.csv (x, t_x, T, zbar)', () => {
    const { byId } = cdnow();
    const rows = readCsv('cdnow_customers_summary_with_transactions.csv');
    expect(rows).toHaveLength(2357);
    for (const row of rows) {
      const s = byId.get(row['ID'] ?? -1);
      if (s === undefined) throw new Error(`customer ${row['ID']} missing`);
      expect(s.x).toBe(row['x']);
      expect(Math.abs(s.tx - (row['t_x'] ?? NaN))).toBeLessThanOrEqual(0.005);
      expect(Math.abs(s.T - (row['T'] ?? NaN))).toBeLessThanOrEqual(0.005);
      expect(Math.abs(s.monetary - (row['zbar'] ?? NaN))).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });
});

describe('BG/NBD on CDNOW', () => {
  const bgNbdFit = once(() => fitBgNbd(cdnow().summaries));

  it('fits the published parameters to 3 decimals and log-likelihood -9582.43', () => {
    const fit = bgNbdFit();
    expect(fit.converged).toBe(true);
    expect(fit.parameters.r).toBeCloseTo(published.r, 3);
    expect(fit.parameters.alpha).toBeCloseTo(published.alpha, 3);
    expect(fit.parameters.a).toBeCloseTo(published.a, 3);
    expect(fit.parameters.b).toBeCloseTo(published.b, 3);
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 2);
    // On the analytic gradient BFGS needs tens of evaluations; the derivative-free fallback, which
    // would reach the same point, hundreds.
    expect(fit.evaluations).toBeLessThan(100);
  });

  it('gives the published unconditional expected purchases E[X(t)]', () => {
    const { parameters } = bgNbdFit();
    const at = (t: number): number => bgNbdExpectedPurchases(parameters, t);
    expect(at(0.1429)).toBeCloseTo(0.0078, 4);
    expect(at(1)).toBeCloseTo(0.0532, 4);
    expect(at(3)).toBeCloseTo(0.1506, 4);
    expect(at(31.8571)).toBeCloseTo(1.0405, 4);
    expect(at(32)).toBeCloseTo(1.0437, 4);
    expect(at(78)).toBeCloseTo(1.858, 3);
  });

  it('gives 1.226 purchases in 39 weeks for x = 2, t_x = 30.43, T = 38.86', () => {
    const expected = bgNbdConditionalExpectedPurchases(
      published,
      { x: 2, tx: 30.43, T: 38.86 },
      39,
    );
    expect(expected).toBeCloseTo(1.226, 3);
  });

  it('gives P(X(39) = 0) = 0.5737864', () => {
    expect(bgNbdProbabilityOfPurchases(published, 39, 0)).toBeCloseTo(0.5737864, 6);
  });
});

describe('Gamma-Gamma on CDNOW', () => {
  it('fits p = 6.25, q = 3.74, v = 15.44 on the 946 repeat buyers', () => {
    const fit = fitGammaGamma(cdnow().summaries);
    expect(fit.customers).toBe(946);
    expect(fit.converged).toBe(true);
    expect(fit.parameters.p).toBeCloseTo(6.25, 2);
    expect(fit.parameters.q).toBeCloseTo(3.74, 2);
    expect(fit.parameters.v).toBeCloseTo(15.44, 2);
    expect(fit.evaluations).toBeLessThan(100);
    const likelihood = new GammaGammaLikelihood(cdnow().summaries);
    expect(fit.logLikelihood).toBeCloseTo(likelihood.logLikelihood(fit.parameters), 6);
  });

  it('gives the published expected spend of the first ten customers (within 0.1)', () => {
    const publishedSpend = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    const parameters = { p: 6.25, q: 3.74, v: 15.44 };
    const { byId } = cdnow();
    publishedSpend.forEach((spend, i) => {
      const customer = byId.get(i + 1);
      if (customer === undefined) throw new Error(`customer ${i + 1} missing`);
      expect(Math.abs(gammaGammaExpectedSpend(parameters, customer, 0) - spend)).toBeLessThan(0.1);
    });
  });

  it('values every customer: the mean repeat spend from the reference summaries, their spend', () => {
    const { summaries, byId } = cdnow();
    const repeat = readCsv('cdnow_customers_summary_with_transactions.csv').filter(
      (row) => (row['x'] ?? 0) > 0,
    );
    const meanZbar = repeat.reduce((total, row) => total + (row['zbar'] ?? 0), 0) / repeat.length;
    const { models, customers } = analyzeCustomerValue(summaries, { horizonWeeks: 1 });
    expect(models.meanRepeatSpend).toBeCloseTo(meanZbar, 2);
    expect(models.gammaGamma.parameters.q).toBeCloseTo(3.74, 2);
    expect(customers).toHaveLength(2357);
    const first = customers.find((c) => c.id === '1');
    expect(first).toMatchObject(byId.get(1) ?? {});
    expect(Math.abs((first?.expectedSpend ?? 0) - 24.65)).toBeLessThan(0.1);
  });
});
